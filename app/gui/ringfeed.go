package gui

import (
	"fmt"
	"sync"
	"time"

	"github.com/gstcast/gstcast/app/viewmodel"
	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// ringFeed is the viewer's FrameSource over the plugin's shared-memory frame ring. The window
// may hold two frames at once (the one on screen and the next), and a ring reader holds one
// slot, so the feed keeps two readers on the ring and hands frames out from whichever is free.
// Frames alias the ring's memory; nothing is copied here.
//
// When the view restarts (source dropped, plugin restarted) the engine reports a new ring; the
// old readers stay mapped until the window has released their frames, then close.
type ringFeed struct {
	mu      sync.Mutex // guards pending: SetRing comes from the events goroutine
	pending string

	// The rest belongs to the viewer's goroutine.
	name    string
	readers [2]*framering.Reader
	held    [2]*byte // first pixel of the frame each reader holds, nil when free
	retired []*retiredReader
	lastSeq uint64
	openErr error
}

type retiredReader struct {
	r    *framering.Reader
	held *byte
}

func (f *ringFeed) SetRing(name string) {
	f.mu.Lock()
	f.pending = name
	f.mu.Unlock()
}

func (f *ringFeed) switchRing() {
	f.mu.Lock()
	want := f.pending
	f.mu.Unlock()
	if want == f.name {
		return
	}
	for i, r := range f.readers {
		if r != nil {
			f.retired = append(f.retired, &retiredReader{r: r, held: f.held[i]})
		}
		f.readers[i], f.held[i] = nil, nil
	}
	f.closeRetired()
	f.name, f.lastSeq, f.openErr = want, 0, nil
	if want == "" {
		return
	}
	for i := range f.readers {
		r, err := framering.Open(want)
		if err != nil {
			f.openErr = fmt.Errorf("open frame ring: %w", err)
			for _, o := range f.readers {
				if o != nil {
					o.Close()
				}
			}
			f.readers = [2]*framering.Reader{}
			return
		}
		f.readers[i] = r
	}
}

func (f *ringFeed) closeRetired() {
	keep := f.retired[:0]
	for _, rr := range f.retired {
		if rr.held == nil {
			rr.r.Close()
		} else {
			keep = append(keep, rr)
		}
	}
	f.retired = keep
}

// Acquire returns the newest frame the window has not seen.
func (f *ringFeed) Acquire() (viewmodel.Frame, bool, error) {
	f.switchRing()
	if f.openErr != nil {
		err := f.openErr
		f.openErr = nil
		f.name = "" // try again on the next call
		return viewmodel.Frame{}, false, err
	}
	if f.readers[0] == nil {
		return viewmodel.Frame{}, false, nil
	}
	if f.readers[0].WriterState(3*time.Second) == framering.WriterGone {
		return viewmodel.Frame{}, false, fmt.Errorf("the decoding plugin process is gone")
	}
	for i, r := range f.readers {
		if f.held[i] != nil {
			continue
		}
		fr, ok, err := r.Acquire()
		if err != nil {
			return viewmodel.Frame{}, false, err
		}
		if !ok || len(fr.Pix) == 0 {
			r.Release()
			return viewmodel.Frame{}, false, nil
		}
		if fr.Seq <= f.lastSeq { // this reader had not seen a frame the other one showed
			r.Release()
			return viewmodel.Frame{}, false, nil
		}
		f.lastSeq = fr.Seq
		f.held[i] = &fr.Pix[0]
		return viewmodel.Frame{Image: fr.Image(), Seq: fr.Seq, CaptureUnixMs: fr.Stamp.CaptureMs}, true, nil
	}
	return viewmodel.Frame{}, false, nil // the window holds two already
}

// Release gives a frame's slot back to the writer.
func (f *ringFeed) Release(fr viewmodel.Frame) {
	if fr.Image == nil || len(fr.Image.Pix) == 0 {
		return
	}
	p := &fr.Image.Pix[0]
	for i, h := range f.held {
		if h == p {
			f.readers[i].Release()
			f.held[i] = nil
			return
		}
	}
	for _, rr := range f.retired {
		if rr.held == p {
			rr.r.Release()
			rr.held = nil
		}
	}
	f.closeRetired()
}

// Close unmaps everything; call it once the window is gone.
func (f *ringFeed) Close() {
	for _, r := range f.readers {
		if r != nil {
			r.Close()
		}
	}
	for _, rr := range f.retired {
		rr.r.Close()
	}
	f.readers, f.retired = [2]*framering.Reader{}, nil
}

// noPicture notices a view that receives data but decodes nothing, second after second: a
// sender of another codec or payload type, which GStreamer drops without an error.
type noPicture struct {
	seconds int
	told    bool
}

// undecodableAfter is how many stats events (one a second) of data without frames make the
// window say so.
const undecodableAfter = 3

// update takes one stats event and says whether the window's message changes, and to what.
func (n *noPicture) update(s *pluginapi.Stats) (string, bool) {
	if (s.BitrateBps > 0 || s.ReceivedBps > 0) && s.FPS == 0 && s.Width == 0 {
		n.seconds++
	} else {
		n.seconds = 0
	}
	switch {
	case n.seconds >= undecodableAfter && !n.told:
		n.told = true
		return "data arrives but nothing decodes: is it H.264, with the payload type the view expects?", true
	case n.seconds == 0 && n.told:
		n.told = false
		return "", true
	}
	return "", false
}
