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
// and nothing is started), finds or starts the engine, opens the main window and runs until the
// app quits or ctx ends; then it closes its viewer windows and stops the engine it started.
// Fyne drives the window system from the main goroutine, so Main must be called from it.
func (Windows) Main(ctx context.Context, o cli.MainOptions) error {
	if err := viewer.CheckDisplay(); err != nil {
		return errors.New("no display, so no window: DISPLAY is not set; on a headless machine run gstcast serve (or the service) instead")
	}
	a := fyneapp.NewWithID(viewer.AppID)
	a.SetIcon(assets.ResourceIconPng)
	eng := openEngine(ctx, openOptions{Log: o.Log, ConfigPath: o.ConfigPath, Standalone: o.Standalone})
	defer eng.Close()
	s := newShell(ctx, a, eng, o.Log)
	s.run()
	if eng.Backend == nil && eng.Choice.Err != "" {
		return fmt.Errorf("no engine: %s", eng.Choice.Err)
	}
	return nil
}
