//go:build !nogui

package gui

import (
	"encoding/json"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/core/atomicfile"
)

// The layout map is for driving the real window from outside (the end-to-end test clicks and
// types with xdotool, as a person would): with GSTCAST_GUI_MAP=FILE the app writes, twice a
// second, where each named widget is on screen, in pixels from its window's top left, with
// its text and whether it is visible and enabled. Nothing is written without the variable.
const envLayoutMap = "GSTCAST_GUI_MAP"

type layoutMap struct {
	path string
	mu   sync.Mutex
	objs map[string]mark
	wins map[string]fyne.Window
}

type mark struct {
	win string
	obj fyne.CanvasObject
}

// Placed is one widget in the map file.
type Placed struct {
	Window  string  `json:"window"`
	X       float32 `json:"x"`
	Y       float32 `json:"y"`
	W       float32 `json:"w"`
	H       float32 `json:"h"`
	Text    string  `json:"text,omitempty"`
	Visible bool    `json:"visible"`
	Enabled bool    `json:"enabled"`
}

// LayoutFile is the map file: window titles and the named widgets.
type LayoutFile struct {
	Windows map[string]string `json:"windows"` // name → title
	Objects map[string]Placed `json:"objects"`
}

func newLayoutMap() *layoutMap {
	return &layoutMap{path: os.Getenv(envLayoutMap), objs: map[string]mark{}, wins: map[string]fyne.Window{}}
}

func (m *layoutMap) on() bool { return m != nil && m.path != "" }

// window names a window; add names a widget in it.
func (m *layoutMap) window(name string, w fyne.Window) {
	if !m.on() {
		return
	}
	m.mu.Lock()
	m.wins[name] = w
	m.mu.Unlock()
}

func (m *layoutMap) add(win, id string, o fyne.CanvasObject) {
	if !m.on() {
		return
	}
	m.mu.Lock()
	m.objs[id] = mark{win: win, obj: o}
	m.mu.Unlock()
}

func (m *layoutMap) drop(prefix string) {
	if !m.on() {
		return
	}
	m.mu.Lock()
	for id := range m.objs {
		if len(id) >= len(prefix) && id[:len(prefix)] == prefix {
			delete(m.objs, id)
		}
	}
	m.mu.Unlock()
}

func (m *layoutMap) start(s *shell) {
	if !m.on() {
		return
	}
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
			}
			done := make(chan LayoutFile, 1)
			fyne.Do(func() { done <- m.snapshot(s.app) })
			select {
			case f := <-done:
				b, _ := json.MarshalIndent(f, "", " ")
				_ = atomicfile.Write(m.path, b, 0o644)
			case <-s.ctx.Done():
				return
			}
		}
	}()
}

// snapshot runs on the UI thread.
func (m *layoutMap) snapshot(a fyne.App) LayoutFile {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := LayoutFile{Windows: map[string]string{}, Objects: map[string]Placed{}}
	for name, w := range m.wins {
		f.Windows[name] = w.Title()
	}
	d := a.Driver()
	for id, mk := range m.objs {
		w := m.wins[mk.win]
		if w == nil {
			continue
		}
		scale := w.Canvas().Scale()
		pos := d.AbsolutePositionForObject(mk.obj)
		size := mk.obj.Size()
		p := Placed{Window: mk.win, X: pos.X * scale, Y: pos.Y * scale, W: size.Width * scale, H: size.Height * scale,
			Visible: visibleIn(a, w, mk.obj), Enabled: true}
		switch o := mk.obj.(type) {
		case *widget.Button:
			p.Text, p.Enabled = o.Text, !o.Disabled()
		case *widget.Label:
			p.Text = o.Text
		case *widget.Entry:
			p.Text, p.Enabled = o.Text, !o.Disabled()
		case *widget.Select:
			p.Text = o.Selected
		}
		f.Objects[id] = p
	}
	return f
}

// visibleIn says whether o is shown and on w's canvas (a hidden parent is not looked at).
func visibleIn(a fyne.App, w fyne.Window, o fyne.CanvasObject) bool {
	if !o.Visible() || o.Size().Width == 0 {
		return false
	}
	return a.Driver().CanvasForObject(o) == w.Canvas()
}
