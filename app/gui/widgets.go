//go:build !nogui

package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// segmented is a row of buttons of which one is chosen (the editor's source and output
// pickers): every choice is one click, and each is a widget of its own for tests to find.
type segmented struct {
	box     *fyne.Container
	buttons map[string]*widget.Button
	keys    []string
	chosen  string
	changed func(string)
}

func newSegmented(keys, labels []string, chosen string, changed func(string)) *segmented {
	s := &segmented{buttons: map[string]*widget.Button{}, keys: keys, changed: changed}
	var objs []fyne.CanvasObject
	for i, k := range keys {
		k := k
		b := widget.NewButton(labels[i], func() { s.Set(k) })
		s.buttons[k] = b
		objs = append(objs, b)
	}
	s.box = container.NewHBox(objs...)
	s.show(chosen)
	return s
}

// Set chooses k, as a click does.
func (s *segmented) Set(k string) {
	if k == s.chosen {
		return
	}
	s.show(k)
	if s.changed != nil {
		s.changed(k)
	}
}

func (s *segmented) show(k string) {
	s.chosen = k
	for key, b := range s.buttons {
		imp := widget.MediumImportance
		if key == k {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// columns lays out cells side by side with widths in proportion to weights, each at least
// its minimum width; the table's header and rows share one so that their columns line up.
type columns struct{ weights []float32 }

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for i := range objs {
		total += c.weight(i)
	}
	x := float32(0)
	for i, o := range objs {
		w := size.Width * c.weight(i) / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (c *columns) weight(i int) float32 {
	if i < len(c.weights) {
		return c.weights[i]
	}
	return 1
}

// cell is a one-line label that shortens its text with an ellipsis rather than widen the row.
func cell(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// setText changes a label's text only when it differs (a refresh costs a redraw).
func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

func setButton(b *widget.Button, text string, enabled bool) {
	if b.Text != text {
		b.SetText(text)
	}
	if enabled && b.Disabled() {
		b.Enable()
	} else if !enabled && !b.Disabled() {
		b.Disable()
	}
}

func showIf(o fyne.CanvasObject, visible bool) {
	if visible && !o.Visible() {
		o.Show()
	} else if !visible && o.Visible() {
		o.Hide()
	}
}
