//go:build (linux || freebsd || openbsd || netbsd) && !nogui

package tray

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

// watcherName is the bus name of the desktop's tray host (KDE's StatusNotifierWatcher,
// which GNOME's AppIndicator extension, XFCE, LXQt and others provide too).
const watcherName = "org.kde.StatusNotifierWatcher"

// busTimeout bounds each question to the bus: a tray is not worth a hang at start-up.
const busTimeout = 3 * time.Second

// Available says whether a tray can be shown here: nil; an error wrapping ErrNoSessionBus
// (no D-Bus session bus: do not start a tray, and quit when the main window closes); or one
// wrapping ErrNoTrayHost (the desktop shows no tray icons now: a tray may be started, it
// shows when a host appears, but closing the main window should quit). It never starts a bus
// (no dbus-launch) and creates nothing.
func Available() error {
	conn, err := connectBus()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), busTimeout)
	defer cancel()
	var has bool
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&has); err != nil {
		return fmt.Errorf("%w: asking the session bus for %s: %v", ErrNoTrayHost, watcherName, err)
	}
	if !has {
		return fmt.Errorf("%w: nobody owns %s on the session bus, so the desktop shows no tray icons (on GNOME, the AppIndicator extension adds them)", ErrNoTrayHost, watcherName)
	}
	return nil
}

// connectBus connects to the session bus named by the environment (or found under
// XDG_RUNTIME_DIR), without ever launching one, and within busTimeout.
func connectBus() (*dbus.Conn, error) {
	type result struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := dbus.SessionBusPrivateNoAutoStartup()
		if err == nil {
			if err = conn.Auth(nil); err == nil {
				err = conn.Hello()
			}
			if err != nil {
				conn.Close()
				conn = nil
			}
		}
		done <- result{conn, err}
	}()
	select {
	case r := <-done:
		return r.conn, r.err
	case <-time.After(busTimeout):
		go func() {
			if r := <-done; r.conn != nil {
				r.conn.Close()
			}
		}()
		return nil, errors.New("the session bus did not answer within " + busTimeout.String())
	}
}

// holdSessionBus opens the shared session-bus connection that fyne.io/systray then uses, so
// that the tray cannot end up without one (and panic on quit).
func holdSessionBus() error {
	if _, err := dbus.SessionBus(); err != nil {
		return fmt.Errorf("%w: %v", ErrNoSessionBus, err)
	}
	return nil
}
