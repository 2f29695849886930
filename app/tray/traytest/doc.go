// Package traytest has what tests of a tray need on the desktop's side, in the shape of
// tailscale's client/systray tests: a private D-Bus session bus, a desktop that owns the tray
// host (org.kde.StatusNotifierWatcher) and the notification server on it, the menu of a
// registered tray item read back and clicked over com.canonical.dbusmenu, an Xvfb display,
// and a gstcast backend with a scripted plugin. It has no Fyne and no gstcast tray code, so
// the tray is tested from outside, as a desktop sees it.
package traytest
