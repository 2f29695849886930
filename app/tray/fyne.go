//go:build !nogui

package tray

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Start shows the tray in a and follows the backend until ctx ends (the icon stays until the
// app quits: Fyne cannot take a tray away). Call it on the main goroutine before a.Run: Fyne
// starts the tray when its loop starts, and a tray first set later never appears.
//
// It refuses, and creates nothing, where the app has no tray (ErrUnsupported) or there is
// no D-Bus session bus (ErrNoSessionBus: see Available). Without a tray host (ErrNoTrayHost)
// it starts anyway; the icon shows when a host appears.
func (t *Tray) Start(ctx context.Context, a fyne.App) error {
	desk, ok := a.(desktop.App)
	if !ok {
		return fmt.Errorf("system tray: %w", ErrUnsupported)
	}
	if err := Available(); errors.Is(err, ErrNoSessionBus) {
		return fmt.Errorf("system tray: %w", err)
	}
	if err := holdSessionBus(); err != nil {
		return fmt.Errorf("system tray: %w", err)
	}
	if t.o.Quit == nil {
		t.o.Quit = a.Quit
	}
	f := &fyneTray{t: t, app: a, desk: desk, menu: fyne.NewMenu("gstcast")}
	if err := t.begin(ctx, f); err != nil {
		return err
	}
	f.show() // at once: the tray must exist before a.Run
	return nil
}

// fyneTray copies the view-model's Menu into Fyne's tray. It keeps one *fyne.Menu and
// changes its items: Fyne's tray, once ready, shows the menu it was first given again, and
// that must be the current one.
type fyneTray struct {
	t      *Tray
	app    fyne.App
	desk   desktop.App
	menu   *fyne.Menu
	last   *Menu
	queued atomic.Bool
}

func (f *fyneTray) changed() {
	if f.queued.Swap(true) {
		return // one rebuild is waiting already; it reads the newest state
	}
	fyne.Do(func() {
		f.queued.Store(false)
		f.show()
	})
}

func (f *fyneTray) notify(title, body string) {
	go f.app.SendNotification(fyne.NewNotification(title, body)) // a D-Bus call: not on the UI thread
}

// show builds the menu and, when it changed, hands it to Fyne. Main goroutine only.
func (f *fyneTray) show() {
	m := f.t.Menu(f.window())
	if f.last != nil && reflect.DeepEqual(m, *f.last) {
		return
	}
	if f.last == nil || f.last.Icon != m.Icon {
		f.desk.SetSystemTrayIcon(f.t.o.Icons.Of(m.Icon))
	}
	f.menu.Items = f.items(m.Items)
	f.desk.SetSystemTrayMenu(f.menu)
	f.last = &m
}

func (f *fyneTray) window() Window {
	o := f.t.o
	switch {
	case o.ShowMain == nil:
		return WindowNone
	case o.MainShown != nil && o.MainShown():
		return WindowShown
	}
	return WindowHidden
}

func (f *fyneTray) items(items []Item) []*fyne.MenuItem {
	out := make([]*fyne.MenuItem, 0, len(items))
	for _, it := range items {
		if it.Separator {
			out = append(out, fyne.NewMenuItemSeparator())
			continue
		}
		mi := &fyne.MenuItem{Label: it.Label, Checked: it.Checked, Disabled: it.Disabled}
		if a := it.Action; a.Kind != ActNone {
			mi.Action = func() { f.t.Do(a) }
		}
		// Fyne adds a Quit item of its own unless the last item is marked as quit.
		mi.IsQuit = it.Action.Kind == ActQuit
		if len(it.Children) > 0 {
			mi.ChildMenu = fyne.NewMenu("", f.items(it.Children)...)
		}
		out = append(out, mi)
	}
	return out
}
