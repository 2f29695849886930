package viewer

import (
	"errors"
	"image"
	"image/color"
	"sync"
	"time"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// fakeSource stands in for the frame ring. It checks the FrameSource contract as it goes:
// a frame released twice, or one the viewer never had, is an error, and it counts how many
// frames the viewer holds at once.
type fakeSource struct {
	mu      sync.Mutex
	newest  *viewmodel.Frame
	next    func(seq uint64) *image.RGBA // endless frames when set
	seq     uint64
	err     error
	held    map[uint64]bool
	maxHeld int
	got     int
	faults  []error
}

func newFakeSource() *fakeSource { return &fakeSource{held: map[uint64]bool{}} }

// put makes img the newest frame, replacing one not taken yet (as a ring overwrites).
func (s *fakeSource) put(img *image.RGBA, captureUnixMs int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.newest = &viewmodel.Frame{Image: img, Seq: s.seq, CaptureUnixMs: captureUnixMs}
}

func (s *fakeSource) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

func (s *fakeSource) Acquire() (viewmodel.Frame, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return viewmodel.Frame{}, false, s.err
	}
	if s.newest == nil && s.next != nil {
		s.seq++
		s.newest = &viewmodel.Frame{Image: s.next(s.seq), Seq: s.seq}
	}
	if s.newest == nil {
		return viewmodel.Frame{}, false, nil
	}
	f := *s.newest
	s.newest = nil
	s.held[f.Seq] = true
	s.got++
	s.maxHeld = max(s.maxHeld, len(s.held))
	return f, true, nil
}

func (s *fakeSource) Release(f viewmodel.Frame) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.held[f.Seq] {
		s.faults = append(s.faults, errors.New("release of a frame not held"))
	}
	delete(s.held, f.Seq)
}

// stats returns frames acquired, frames held now, the most held at once, and contract faults.
func (s *fakeSource) stats() (got, held, maxHeld int, faults []error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got, len(s.held), s.maxHeld, append([]error(nil), s.faults...)
}

// Quadrant colours: a picture that is flipped, mirrored or shifted shows it.
var (
	red    = color.RGBA{R: 0xe0, G: 0x20, B: 0x20, A: 0xff}
	green  = color.RGBA{R: 0x20, G: 0xc0, B: 0x40, A: 0xff}
	blue   = color.RGBA{R: 0x20, G: 0x40, B: 0xe0, A: 0xff}
	yellow = color.RGBA{R: 0xf0, G: 0xe0, B: 0x30, A: 0xff}
)

// quadrants is a w×h frame: red top left, green top right, blue bottom left, yellow bottom right.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = yellow
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
