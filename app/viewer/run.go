//go:build !nogui

package viewer

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// AppID is gstcast's application ID (as in FyneApp.toml): preferences and storage live under it.
const AppID = "io.github.gstcast.gstcast"

// Run opens one viewer window in a new Fyne app and returns nil when the window is closed or ctx
// ends; it fails at once where no window can open (no display). Fyne drives the window system from the main goroutine, so Run must be called from it
// (the CLI's main), once per process; a larger app opens more windows with New.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts, nil)
}

// run is Run with a hook that gets the viewer once it is shown (the smoke test looks through it).
func run(ctx context.Context, opts Options, shown func(*Viewer)) error {
	if err := checkDisplay(); err != nil {
		return err
	}
	a := fyneapp.NewWithID(AppID)
	v, err := New(a, opts)
	if err != nil {
		return err
	}
	v.Window().SetMaster()
	go func() {
		select {
		case <-ctx.Done():
			fyne.Do(v.Close)
		case <-v.Done():
		}
	}()
	v.Show()
	if shown != nil {
		shown(v)
	}
	a.Run()
	// Run also returns when the app quits without the window's close handler (a.Quit from
	// elsewhere): stop the loop ourselves. The window is no longer drawn, so its frames can go.
	v.stop()
	select {
	case <-v.Done():
	case <-time.After(5 * time.Second):
		v.log.Warn("viewer: render loop did not stop")
	}
	return nil
}
