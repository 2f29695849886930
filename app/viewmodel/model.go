// Package viewmodel turns what a viewer window learns (engine events, frames, the passing of
// time) into what it shows: title, state text, overlay, whether the picture is visible. It has
// no Fyne in it, so that the window's logic is tested without rendering and builds with -tags
// nogui, and it declares the interfaces the window consumes (FrameSource, Event).
package viewmodel

import (
	"time"

	"github.com/gstcast/gstcast/core/spec"
)

// Defaults for Config.
const (
	DefaultStallAfter = 2 * time.Second
	DefaultMessageFor = 5 * time.Second
)

// Config sets up a Model.
type Config struct {
	// URL is the stream location; the model shows it with credentials masked.
	URL string
	// StallAfter is how long without a frame hides the picture; a slow stream (below three
	// frames in that time) gets three frame intervals instead.
	StallAfter time.Duration
	// MessageFor is how long a notice (a snapshot saved) stays up.
	MessageFor time.Duration
}

// Model is the state of one viewer window. It is not safe for concurrent use: one goroutine
// owns it and passes the time in, which is what makes the stall detector testable.
type Model struct {
	cfg Config
	url string

	status   Status
	statusAt time.Time
	stats    Stats

	haveFrame   bool // a frame has come (lastFrameAt is set)
	holding     bool // the window holds a frame it could show
	lastFrameAt time.Time
	frameW      int
	frameH      int
	stamped     bool // whether the newest frame carried a capture time
	latency     latencyWindow
	rate        frameRate

	frameErr string

	overlayOff bool
	notice     string
	noticeTill time.Time
}

// New returns the model of a window that is connecting to cfg.URL.
func New(cfg Config) *Model {
	if cfg.StallAfter <= 0 {
		cfg.StallAfter = DefaultStallAfter
	}
	if cfg.MessageFor <= 0 {
		cfg.MessageFor = DefaultMessageFor
	}
	return &Model{cfg: cfg, url: spec.RedactURI(cfg.URL)}
}

// Apply takes an event from the engine, received at now.
func (m *Model) Apply(ev Event, now time.Time) {
	if ev.Status != nil {
		m.status, m.statusAt = *ev.Status, now
		if ev.Status.State != StatePlaying {
			// Measured rates span the outage otherwise.
			m.rate.reset()
			m.latency.reset()
		}
	}
	if ev.Stats != nil {
		m.stats = *ev.Stats
	}
}

// Frame records that f went to the screen at now. Only the frame's metadata is kept.
func (m *Model) Frame(f Frame, now time.Time) {
	m.haveFrame, m.holding, m.lastFrameAt, m.frameErr = true, true, now, ""
	if f.Image != nil {
		m.frameW, m.frameH = f.Image.Rect.Dx(), f.Image.Rect.Dy()
	}
	m.rate.add(now)
	m.stamped = f.CaptureUnixMs > 0
	if m.stamped {
		m.latency.add(now.UnixMilli() - f.CaptureUnixMs)
	}
}

// Released records that the window gave its frame back (it does when the picture is hidden):
// the picture cannot show again until the next frame.
func (m *Model) Released() { m.holding = false }

// FrameError records that reading frames failed; the picture stays hidden until a frame comes.
func (m *Model) FrameError(err error) {
	m.frameErr = err.Error()
}

// ToggleOverlay shows or hides the statistics overlay.
func (m *Model) ToggleOverlay() { m.overlayOff = !m.overlayOff }

// Notify shows msg for Config.MessageFor from now.
func (m *Model) Notify(msg string, now time.Time) {
	m.notice, m.noticeTill = message(msg), now.Add(m.cfg.MessageFor)
}
