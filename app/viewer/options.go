// Package viewer is the window that shows one stream: the picture scaled with its aspect ratio
// kept, a statistics overlay, full screen, snapshots, and a clear state text whenever there is
// no current picture. It reads frames and events through the interfaces of app/viewmodel, so it
// knows nothing of GStreamer, the plugins or the frame ring behind them.
//
// The window itself needs Fyne; with -tags nogui only Options and a Run that refuses are built.
package viewer

import (
	"errors"
	"log/slog"
	"time"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// Options configure one viewer window.
type Options struct {
	// URL is the stream's location, shown in the title and state text with credentials masked.
	URL string
	// Frames supplies the pictures. Required.
	Frames viewmodel.FrameSource
	// Events carries state changes and statistics from the engine; nil or closed is allowed
	// (the window then only knows what the frames tell).
	Events <-chan viewmodel.Event
	// SnapshotDir is where snapshots go; empty means DefaultSnapshotDir().
	SnapshotDir string
	// StallAfter is how long without a frame hides the picture (viewmodel.DefaultStallAfter).
	StallAfter time.Duration
	// Interval is how often the window looks for a new frame; the default is the display rate
	// (1/60 s), so a faster stream shows its newest frame each refresh and skips the rest.
	Interval time.Duration
	// FullScreen opens the window full screen.
	FullScreen bool
	// Log receives the viewer's diagnostics; nil discards them.
	Log *slog.Logger
	// Now is the clock (time.Now when nil); tests drive stall detection with their own.
	Now func() time.Time
	// OnShown, when set, is called with each frame once the UI thread has put it on the canvas
	// (for benchmarks: time to first frame, glass-to-glass latency). It must return quickly.
	OnShown func(f viewmodel.Frame, at time.Time)
}

func (o Options) withDefaults() (Options, error) {
	if o.Frames == nil {
		return o, errors.New("viewer: no frame source")
	}
	if o.SnapshotDir == "" {
		o.SnapshotDir = DefaultSnapshotDir()
	}
	if o.Interval <= 0 {
		o.Interval = time.Second / 60
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}
