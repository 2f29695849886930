//go:build !nogui

package tray_test

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/core/control"
)

// How the desktop app wires the tray: check Available first, Start before Run (on the main
// goroutine), and keep running in the tray on close only when there is a tray to come back to.
func Example() {
	ctx := context.Background()
	b, err := control.Dial(ctx) // or the app's own engine: control.NewLocal(…)
	if err != nil {
		return
	}
	a := fyneapp.NewWithID("io.github.gstcast.gstcast")
	w := a.NewWindow("gstcast")
	shown := true
	t := tray.New(b, tray.Options{
		ShowMain:  func() { w.Show(); shown = true },
		HideMain:  func() { w.Hide(); shown = false },
		MainShown: func() bool { return shown },
		OpenView:  func(url string) { /* open a viewer window on url */ },
		Quit:      a.Quit,
		Icons:     tray.Icons{}, // assets' icons when they land; the default dots meanwhile
	})
	inTray := false
	switch err := tray.Available(); {
	case err == nil:
		inTray = t.Start(ctx, a) == nil
	case errors.Is(err, tray.ErrNoTrayHost):
		_ = t.Start(ctx, a) // shows once the desktop has a tray host; closing still quits
	}
	if inTray {
		w.SetCloseIntercept(func() { w.Hide(); shown = false; t.Refresh() })
	}
	w.Resize(fyne.NewSize(800, 600))
	w.ShowAndRun()
}
