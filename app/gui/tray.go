//go:build !nogui

package gui

import "runtime"

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

// startTray starts the tray where there is a host for it and says whether it did.
func (s *shell) startTray() bool {
	ok, why := trayHost()
	if !ok {
		s.log.Info("desktop app: no system tray; closing the main window quits", "why", why)
		return false
	}
	if s.eng == nil || s.eng.Backend == nil {
		return false // nothing for a tray to show or start
	}
	// ---- app/tray plugs in here ----------------------------------------------------------
	// t, err := tray.New(s.app, s.eng.Backend, tray.Callbacks{
	// 	ShowMain: s.showMain, // UI thread
	// 	OpenView: s.openURL,  // UI thread; a URL or an .sdp path
	// 	Quit:     s.quit,     // UI thread
	// })
	// if err == nil {
	// 	s.trayIcon = t // kept for the app's life; nothing else to close (Fyne owns the icon)
	// 	return true
	// }
	// s.log.Warn("desktop app: no tray", "err", err)
	// ---------------------------------------------------------------------------------------
	s.log.Info("desktop app: a tray host is there, but this build has no tray yet", "os", runtime.GOOS)
	return false
}
