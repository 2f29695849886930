// Package gui is the desktop app: the viewer window of `gstcast view`, and `gstcast` with no
// arguments, the main window (engine.go: which engine it drives; shell.go: the app, its
// windows, closing and quitting, tray.go: where the tray plugs in; mainwindow.go, editor.go,
// opendialog.go, settings.go, logwindow.go, views.go). It drives the engine only through the
// control.Backend seam, so a window looks the same whether the engine runs in this process, in
// a user's daemon or in the service; what the windows show is app/appmodel's. main.go hands
// Windows to the CLI. Fyne files are built with !nogui; nogui.go is the stub.
//
// The frame-ring feed lives here too: it turns a view's shared-memory ring into the frames a
// window draws, and the engine's events into what the window says.
package gui

import (
	"context"
	"time"

	"github.com/gstcast/gstcast/app/viewer"
	"github.com/gstcast/gstcast/app/viewmodel"
	"github.com/gstcast/gstcast/core/cli"
	"github.com/gstcast/gstcast/core/control"
)

// Windows opens gstcast's windows; it implements cli.Windows.
type Windows struct{}

var _ cli.Windows = Windows{}

// pollEvery is how often the window looks into the ring. Looking costs an atomic load, and a
// display-rate poll (16.7 ms) would add up to a frame interval of latency before a new frame is
// even handed to the UI thread; 2 ms keeps that wait negligible.
const pollEvery = 2 * time.Millisecond

// View shows view name of b in a window until the window closes or ctx ends. Fyne drives the
// window system from the main goroutine, so View must be called from it, once per process.
func (Windows) View(ctx context.Context, b control.Backend, name string, o cli.ViewWindow) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := b.Watch(wctx)
	if err != nil {
		return err
	}
	feed := &ringFeed{}
	defer feed.Close()
	vev := make(chan viewmodel.Event, 16)
	go viewEvents(wctx, name, events, feed, vev)
	var shown func(viewmodel.Frame, time.Time)
	if o.OnShown != nil {
		shown = func(f viewmodel.Frame, at time.Time) { o.OnShown(f.Seq, f.CaptureUnixMs, at) }
	}
	return viewer.Run(ctx, viewer.Options{URL: o.URL, Frames: feed, Events: vev, SnapshotDir: o.SnapshotDir,
		FullScreen: o.FullScreen, Log: o.Log, OnShown: shown, Interval: pollEvery})
}
