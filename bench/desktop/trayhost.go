package main

import (
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

// trayHost is the desktop's tray host as far as `gstcast tray` needs one: it owns
// org.kde.StatusNotifierWatcher on the session bus at addr, so the app knows a tray can show,
// and reports when the app's item registers.
type trayHost struct {
	conn  *dbus.Conn
	items chan string
}

func newTrayHost(addr string) (*trayHost, error) {
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, fmt.Errorf("connect to the bench's bus: %w", err)
	}
	h := &trayHost{conn: conn, items: make(chan string, 4)}
	if err := conn.Export(watcher{h}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		conn.Close()
		return nil, err
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return nil, fmt.Errorf("take org.kde.StatusNotifierWatcher: reply %v, %v", reply, err)
	}
	return h, nil
}

// waitItem waits for an item's registration and returns its sender.
func (h *trayHost) waitItem(timeout time.Duration) (string, error) {
	select {
	case s := <-h.items:
		return s, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no tray item registered within %s", timeout)
	}
}

func (h *trayHost) Close() { h.conn.Close() }

type watcher struct{ h *trayHost }

func (w watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	select {
	case w.h.items <- string(sender):
	default:
	}
	return nil
}

func (w watcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }
