//go:build !nogui

package gui

import (
	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/assets"
)

// The system tray (app/tray, built by its own package) plugs in here. Its constructor takes
// the Backend and three callbacks: ShowMain (show and raise the main window), OpenView(url)
// (a viewer window on a URL, as "Open stream…" does) and Quit (close every window, stop the
// app's own engine). The shell calls startTray once, on the UI thread, as soon as the engine
// is open (shell.setEngine; s.eng.Backend is then set, or nil when no engine could be had).
// Whether there is a tray decides what closing the main window does: with a tray the window
// only hides and the engine and the tray go on; without one (no tray host, no D-Bus session
// bus) closing the window quits.
//
// Fyne 2.7.1's tray panics on Quit when there is no D-Bus session bus (fyne-io/fyne#6403), so
// no tray is created unless trayHost has found a session bus and a StatusNotifier host on it.

// startTray starts the tray where there is a host for it and says whether it did. It runs
// before the app's event loop (Fyne starts its tray with the loop), so the tray gets a Backend
// that becomes the engine once it is open.
func (s *shell) startTray() bool {
	ok, why := trayHost()
	if !ok {
		s.log.Info("desktop app: no system tray; closing the main window quits", "why", why)
		return false
	}
	s.late = newLateBackend()
	t := tray.New(s.late, tray.Options{
		ShowMain:  s.showMain,
		HideMain:  s.hideMain,
		MainShown: func() bool { return s.mainShown },
		OpenView:  s.openURL,
		Quit:      s.quit,
		Icons:     tray.Icons{Idle: assets.ResourceTrayIdlePng, Streaming: assets.ResourceTrayStreamingPng, Error: assets.ResourceTrayErrorPng},
		Log:       s.log,
	})
	if err := t.Start(s.ctx, s.app); err != nil {
		s.log.Warn("desktop app: no tray", "err", err)
		return false
	}
	s.trayIcon = t
	return true
}
