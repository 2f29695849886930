//go:build !nogui

package gui

import (
	"context"
	"errors"
	"fmt"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/gstcast/gstcast/app/viewer"
	"github.com/gstcast/gstcast/assets"
	"github.com/gstcast/gstcast/core/cli"
)

// Main runs the desktop app: it checks for a display first (so a headless box gets one line
// and nothing is started), opens the main window, finds or starts the engine behind it, and
// runs until the app quits or ctx ends; then it closes its viewer windows and stops the engine
// it started.
// Fyne drives the window system from the main goroutine, so Main must be called from it.
func (Windows) Main(ctx context.Context, o cli.MainOptions) error {
	if err := viewer.CheckDisplay(); err != nil {
		return errors.New("no display, so no window: DISPLAY is not set; on a headless machine run gstcast serve (or the service) instead")
	}
	a := fyneapp.NewWithID(viewer.AppID)
	a.SetIcon(assets.ResourceIconPng)
	s := newShell(ctx, a, nil, o.Log)
	s.hidden = o.Hidden
	// The window shows at once and says "starting"; the engine (a daemon's API, or the app's
	// own daemon with its plugins, which takes a second or two) comes up behind it.
	s.openEngine = func(ctx context.Context) *appEngine {
		return openEngine(ctx, openOptions{Log: o.Log, ConfigPath: o.ConfigPath, Standalone: o.Standalone})
	}
	eng := s.run()
	eng.Close()
	if eng.Backend == nil && eng.Choice.Err != "" {
		return fmt.Errorf("no engine: %s", eng.Choice.Err)
	}
	return nil
}
