//go:build !nogui && !windows && !darwin

package gui

import (
	"github.com/godbus/dbus/v5"
)

// trayHost says whether a tray icon can be shown: a D-Bus session bus answers and a
// StatusNotifierWatcher (the tray host of KDE, GNOME's AppIndicator extension, XFCE, …) owns
// its name on it. Nothing is created on the bus.
func trayHost() (bool, string) {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return false, "no D-Bus session bus: " + err.Error()
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return false, "the D-Bus session bus refused us: " + err.Error()
	}
	if err := conn.Hello(); err != nil {
		return false, "the D-Bus session bus refused us: " + err.Error()
	}
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has); err != nil {
		return false, "asking the session bus for a tray host: " + err.Error()
	}
	if !has {
		return false, "no tray host (StatusNotifierWatcher) on the session bus"
	}
	return true, ""
}
