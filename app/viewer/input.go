//go:build !nogui

package viewer

import (
	"image/color"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Keys, all on the UI thread: f or F11 full screen, Esc leaves it, i overlay, s snapshot,
// q close. The same actions are on the right-click menu; a double click toggles full screen.

func (v *Viewer) typedRune(r rune) {
	switch unicode.ToLower(r) {
	case 'f':
		v.toggleFullScreen()
	case 'i':
		v.post(command{op: opToggleOverlay})
	case 's':
		v.post(command{op: opSnapshot})
	case 'q':
		v.Close()
	}
}

func (v *Viewer) typedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyF11:
		v.toggleFullScreen()
	case fyne.KeyEscape:
		if v.win.FullScreen() {
			v.win.SetFullScreen(false)
		}
	}
}

func (v *Viewer) toggleFullScreen() { v.win.SetFullScreen(!v.win.FullScreen()) }

func (v *Viewer) menu() *fyne.Menu {
	return fyne.NewMenu("",
		fyne.NewMenuItem("Full screen (F)", v.toggleFullScreen),
		fyne.NewMenuItem("Statistics overlay (I)", func() { v.post(command{op: opToggleOverlay}) }),
		fyne.NewMenuItem("Save snapshot (S)", func() { v.post(command{op: opSnapshot}) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Close (Q)", v.Close),
	)
}

func (v *Viewer) showMenu(at fyne.Position) {
	widget.ShowPopUpMenuAtPosition(v.menu(), v.win.Canvas(), at)
}

// post hands a command to the render loop without waiting: a key press never blocks the UI
// thread, and one that finds the queue full (the loop is behind or gone) is dropped.
func (v *Viewer) post(c command) {
	select {
	case v.cmds <- c:
	default:
	}
}

// tapArea covers the picture and takes the mouse: right click for the menu, double click for
// full screen. It draws nothing.
type tapArea struct {
	widget.BaseWidget
	secondary func(fyne.Position)
	double    func()
}

func newTapArea(secondary func(fyne.Position), double func()) *tapArea {
	t := &tapArea{secondary: secondary, double: double}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (t *tapArea) TappedSecondary(e *fyne.PointEvent) { t.secondary(e.AbsolutePosition) }

func (t *tapArea) DoubleTapped(*fyne.PointEvent) { t.double() }
