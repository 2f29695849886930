//go:build !nogui

package viewer

import (
	"fmt"
	"image"
	"time"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// The render loop owns the model and the frames; the UI thread only draws what it is handed.
//
// Frame hand-off without a copy: the frame's pixels (which may alias the ring's shared memory)
// become the canvas image as they are, and Fyne uploads them to a GPU texture when it next
// draws, on the UI thread, synchronously (glTexImage2D copies from client memory during the
// call). So a frame must stay valid while it is the canvas image, and no longer: the loop keeps
// it until the UI thread has swapped in its successor (or cleared the picture) and only then
// releases it. The texture upload is the one copy; the viewer holds at most two frames.

type op int

const (
	opToggleOverlay op = iota
	opSnapshot
	opNotify // a message for the window, from a finished snapshot
)

type command struct {
	op  op
	msg string
}

func (v *Viewer) run() {
	defer close(v.done)
	defer v.snaps.Wait()
	defer v.releaseShown()
	tick := time.NewTicker(v.opts.Interval)
	defer tick.Stop()
	events := v.opts.Events
	for {
		var next *viewmodel.Frame
		select {
		case <-v.ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				events = nil // the engine is done talking; frames may still come
				continue
			}
			v.model.Apply(ev, v.opts.Now())
		case c := <-v.cmds:
			v.command(c)
		case <-tick.C:
			next = v.pull()
		}
		v.present(next)
	}
}

// pull takes the newest frame from the source, if there is one.
func (v *Viewer) pull() *viewmodel.Frame {
	f, ok, err := v.opts.Frames.Acquire()
	if err == nil && ok && !viewmodel.Packed(f.Image) {
		v.opts.Frames.Release(f)
		err = fmt.Errorf("frame %d is not a tightly packed RGBA image", f.Seq)
	}
	if err != nil {
		// Logged once per distinct error: a broken source fails on every tick.
		if msg := err.Error(); msg != v.lastErr {
			v.log.Warn("viewer: reading frames", "err", err)
			v.lastErr = msg
		}
		v.model.FrameError(err)
		return nil
	}
	if !ok {
		return nil
	}
	v.lastErr = ""
	v.model.Frame(f, v.opts.Now())
	return &f
}

// present brings the window up to date with the model and, when next is set, its picture.
func (v *Viewer) present(next *viewmodel.Frame) {
	view := v.model.View(v.opts.Now())
	if view.Picture && next == nil && v.shown.Image == nil {
		// Nothing to show after all (the frame went back while the picture was hidden).
		v.model.Released()
		view = v.model.View(v.opts.Now())
	}
	// A hidden picture holds no frame: a stalled or departed source gets its memory back, and
	// a stale frame can never reappear.
	drop := !view.Picture && v.shown.Image != nil
	if next == nil && !drop && view == v.last {
		return
	}
	replace := next != nil || drop
	var img *image.RGBA
	if next != nil && view.Picture {
		img = next.Image
	}
	if !v.onUI(func() { v.draw(view, img, replace) }) {
		// The window closed first; its picture is already cleared.
		if next != nil {
			v.opts.Frames.Release(*next)
		}
		return
	}
	v.last = view
	if !replace {
		return
	}
	// The UI thread no longer refers to the old frame (or to next, when it was not shown).
	v.releaseShown()
	if img != nil {
		v.shown = *next
		if v.opts.OnShown != nil {
			v.opts.OnShown(*next, v.opts.Now())
		}
		return
	}
	if next != nil {
		v.opts.Frames.Release(*next)
	}
	v.model.Released()
}

// onUI runs f on the UI thread and waits for it, unless the window closes first. f does
// nothing once the window is closed.
func (v *Viewer) onUI(f func()) bool {
	ran := make(chan struct{})
	v.do(func() {
		defer close(ran)
		if !v.closed {
			f()
		}
	})
	select {
	case <-ran:
		return true
	case <-v.ctx.Done():
		return false
	}
}

func (v *Viewer) releaseShown() {
	if v.shown.Image != nil {
		v.opts.Frames.Release(v.shown)
		v.shown = viewmodel.Frame{}
	}
}

func (v *Viewer) command(c command) {
	switch c.op {
	case opToggleOverlay:
		v.model.ToggleOverlay()
	case opNotify:
		v.model.Notify(c.msg, v.opts.Now())
	case opSnapshot:
		v.snapshot()
	}
}

// snapshot copies the picture on screen and writes it to a PNG file off the loop; the result
// comes back as a notice.
func (v *Viewer) snapshot() {
	if v.shown.Image == nil {
		v.model.Notify("No picture to save", v.opts.Now())
		return
	}
	img, at := cloneRGBA(v.shown.Image), v.opts.Now()
	v.snaps.Add(1)
	go func() {
		defer v.snaps.Done()
		v.snapMu.Lock()
		path, err := writeSnapshot(v.opts.SnapshotDir, img, at)
		v.snapMu.Unlock()
		msg := "Snapshot saved to " + path
		if err != nil {
			v.log.Error("viewer: snapshot", "err", err)
			msg = "Snapshot failed: " + err.Error()
		} else {
			v.log.Info("viewer: snapshot saved", "path", path)
		}
		select {
		case v.cmds <- command{op: opNotify, msg: msg}:
		case <-v.ctx.Done():
		}
	}()
}
