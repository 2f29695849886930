package traytest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Host is the desktop's side of a session bus: it owns org.kde.StatusNotifierWatcher (the
// tray host tray items register with) and org.freedesktop.Notifications (the notification
// server), as a desktop's panel does.
type Host struct {
	conn  *dbus.Conn
	items chan *Item

	mu    sync.Mutex
	notes []Notification
}

// Notification is one Notify call.
type Notification struct {
	App, Summary, Body string
}

// NewHost connects to the bus at addr and takes both names.
func NewHost(t testing.TB, addr string) *Host {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to the test bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	h := &Host{conn: conn, items: make(chan *Item, 8)}
	if err := conn.Export(watcher{h}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if err := conn.Export(notifier{h}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"org.kde.StatusNotifierWatcher", "org.freedesktop.Notifications"} {
		reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
		if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
			t.Fatalf("take %s on the test bus: reply %v, %v", name, reply, err)
		}
	}
	return h
}

// WaitItem waits until a tray item registers, and returns it.
func (h *Host) WaitItem(t testing.TB, timeout time.Duration) *Item {
	t.Helper()
	select {
	case it := <-h.items:
		return it
	case <-time.After(timeout):
		t.Fatalf("no tray item registered with the StatusNotifierWatcher within %s", timeout)
	}
	return nil
}

// Notifications are the notifications shown so far.
func (h *Host) Notifications() []Notification {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Notification(nil), h.notes...)
}

// WaitNotification waits for a notification whose body contains every one of parts.
func (h *Host) WaitNotification(t testing.TB, timeout time.Duration, parts ...string) Notification {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, n := range h.Notifications() {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(n.Body, p)
			}
			if ok {
				return n
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no notification with %q within %s; got %+v", parts, timeout, h.Notifications())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// watcher is org.kde.StatusNotifierWatcher, as far as items use it.
type watcher struct{ h *Host }

// RegisterStatusNotifierItem is how an item announces itself: service is its bus name or,
// as fyne.io/systray sends it, its object path on the caller's connection.
func (w watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	it := &Item{conn: w.h.conn, Service: string(sender), Path: "/StatusNotifierItem"}
	if strings.HasPrefix(service, "/") {
		it.Path = dbus.ObjectPath(service)
	} else if service != "" {
		it.Service = service
	}
	select {
	case w.h.items <- it:
	default:
	}
	return nil
}

func (w watcher) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }

// notifier is org.freedesktop.Notifications.
type notifier struct{ h *Host }

func (n notifier) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.h.mu.Lock()
	defer n.h.mu.Unlock()
	n.h.notes = append(n.h.notes, Notification{App: app, Summary: summary, Body: body})
	return uint32(len(n.h.notes)), nil
}

func (n notifier) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (n notifier) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "traytest", "gstcast", "1", "1.2", nil
}

func (n notifier) CloseNotification(id uint32) *dbus.Error { return nil }

// Item is a registered tray item (org.kde.StatusNotifierItem) and its menu.
type Item struct {
	conn    *dbus.Conn
	Service string          // its bus name
	Path    dbus.ObjectPath // its object
}

func (it *Item) obj() dbus.BusObject { return it.conn.Object(it.Service, it.Path) }

// menu finds the menu object the way a tray host does: the item's Menu property.
func (it *Item) menu() (dbus.BusObject, error) {
	v, err := it.obj().GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		return nil, fmt.Errorf("Menu property: %w", err)
	}
	p, ok := v.Value().(dbus.ObjectPath)
	if !ok {
		return nil, fmt.Errorf("Menu property is a %T", v.Value())
	}
	return it.conn.Object(it.Service, p), nil
}

// Layout reads the whole menu (com.canonical.dbusmenu.GetLayout from the root, all depths).
func (it *Item) Layout() (Node, error) {
	m, err := it.menu()
	if err != nil {
		return Node{}, err
	}
	call := m.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return Node{}, fmt.Errorf("GetLayout: %w", call.Err)
	}
	if len(call.Body) != 2 {
		return Node{}, fmt.Errorf("GetLayout answered %d values", len(call.Body))
	}
	raw, ok := call.Body[1].([]any)
	if !ok {
		return Node{}, fmt.Errorf("GetLayout layout is a %T", call.Body[1])
	}
	return parseNode(raw)
}

// Click sends the "clicked" event to a menu item, as a tray host does when it is chosen.
func (it *Item) Click(id int32) error {
	m, err := it.menu()
	if err != nil {
		return err
	}
	return m.Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix())).Err
}

// WaitMenu reads the menu until ok says yes, and returns it.
func (it *Item) WaitMenu(t testing.TB, timeout time.Duration, what string, ok func(Node) bool) Node {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last Node
	var err error
	for {
		last, err = it.Layout()
		if err == nil && ok(last) {
			return last
		}
		if time.Now().After(deadline) {
			t.Fatalf("tray menu: %s: not within %s (%v); menu:\n%s", what, timeout, err, last.Text())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ClickLabel clicks the item labelled as the last of path says; the labels before it name
// the submenus it is in ("Desk — playing", "View"). Items are searched depth first.
func (it *Item) ClickLabel(t testing.TB, path ...string) {
	t.Helper()
	var m Node
	find := func(n Node) bool {
		m = n
		for _, label := range path {
			var ok bool
			if m, ok = m.Find(label); !ok {
				return false
			}
		}
		return true
	}
	n := it.WaitMenu(t, 20*time.Second, fmt.Sprintf("an item %q", path), find)
	if !m.Enabled {
		t.Fatalf("tray menu: %q is disabled:\n%s", path, n.Text())
	}
	if err := it.Click(m.ID); err != nil {
		t.Fatalf("click %q: %v", path, err)
	}
}

// Icon is the item's icon (the largest of its IconPixmap), as ARGB rows.
func (it *Item) Icon() (w, h int, argb []byte, err error) {
	v, err := it.obj().GetProperty("org.kde.StatusNotifierItem.IconPixmap")
	if err != nil {
		return 0, 0, nil, fmt.Errorf("IconPixmap: %w", err)
	}
	pixmaps, ok := v.Value().([][]any)
	if !ok {
		return 0, 0, nil, fmt.Errorf("IconPixmap is a %T", v.Value())
	}
	for _, p := range pixmaps {
		if len(p) != 3 {
			continue
		}
		pw, pok := toInt(p[0])
		ph, hok := toInt(p[1])
		pix, xok := p[2].([]byte)
		if pok && hok && xok && pw*ph > w*h && len(pix) == pw*ph*4 {
			w, h, argb = pw, ph, pix
		}
	}
	if argb == nil {
		return 0, 0, nil, fmt.Errorf("IconPixmap has no image: %v", v)
	}
	return w, h, argb, nil
}

// IconCentre is the colour in the middle of the icon: R, G, B (0–255).
func (it *Item) IconCentre() ([3]int, error) {
	w, h, argb, err := it.Icon()
	if err != nil {
		return [3]int{}, err
	}
	i := ((h/2)*w + w/2) * 4
	return [3]int{int(argb[i+1]), int(argb[i+2]), int(argb[i+3])}, nil
}

// WaitIcon waits until the icon's centre is near want (each channel within 40).
func (it *Item) WaitIcon(t testing.TB, timeout time.Duration, what string, want [3]int) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got, err := it.IconCentre()
		near := err == nil
		for i := range want {
			near = near && abs(got[i]-want[i]) <= 40
		}
		if near {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("tray icon: %s: centre is %v (%v), want about %v", what, got, err, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
