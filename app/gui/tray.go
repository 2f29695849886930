//go:build !nogui

package gui

import "runtime"

// The system tray (app/tray, built by its own package) plugs in here. Its constructor takes
// the Backend and three callbacks: ShowMain (show and raise the main window), OpenView(url)
// (a viewer window on a URL, as "Open stream…" does) and Quit (close every window, stop the
// app's own engine). The shell calls startTray once, before the main window is shown;
// whether there is a tray decides what closing the main window does: with a tray the window
// only hides and the engine and the tray go on; without one (no tray host, no D-Bus session
// bus) closing the window quits.
//
// Fyne 2.7.1's tray panics on Quit when there is no D-Bus session bus (fyne-io/fyne#6403), so
// no tray is created unless trayHost has found a session bus and a StatusNotifier host on it.

// startTray starts the tray where there is a host for it and says whether it did.
func (s *shell) startTray() bool {
	ok, why := trayHost()
	if !ok {
		s.log.Info("desktop app: no system tray; closing the main window quits", "why", why)
		return false
	}
	// ---- app/tray plugs in here ----------------------------------------------------------
	// if desk, ok := s.app.(desktop.App); ok {
	// 	s.tray = tray.New(desk, s.eng.Backend, tray.Callbacks{ShowMain: s.showMain, OpenView: s.openURL, Quit: s.quit})
	// 	return true
	// }
	// ---------------------------------------------------------------------------------------
	s.log.Info("desktop app: a tray host is there, but this build has no tray yet", "os", runtime.GOOS)
	return false
}
