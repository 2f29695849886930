//go:build !nogui

package viewer

import (
	"fyne.io/fyne/v2"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// letterbox lays the picture out at its frame's aspect ratio, as large as fits and centred.
// The image would letterbox itself with FillMode Contain; laying it out here as well puts the
// picture's true rectangle in the object tree, where tests (and later, click handling) see it.
type letterbox struct{ w, h int } // frame size; 0 until the first frame

func (l *letterbox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x, y, w, h := viewmodel.Fit(l.w, l.h, size.Width, size.Height)
	for _, o := range objs {
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
	}
}

// MinSize is zero: the window may be made as small as the user likes.
func (l *letterbox) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// hudLayout places the texts over the picture: the state text (objs[0]) centred and wrapped to
// the window's width, the overlay (objs[1]) at the top left and notices (objs[2]) at the bottom
// left, each as wide as its text but no wider than the window. Its minimum size is zero, so a
// long message never grows the window.
type hudLayout struct{}

const hudMargin = 8

func (hudLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	avail := fyne.NewSize(max(size.Width-2*hudMargin, 0), max(size.Height-2*hudMargin, 0))
	state := objs[0]
	state.Resize(fyne.NewSize(avail.Width, state.Size().Height)) // wrap to this width first
	h := min(state.MinSize().Height, avail.Height)
	state.Resize(fyne.NewSize(avail.Width, h))
	state.Move(fyne.NewPos(hudMargin, (size.Height-h)/2))

	top, bottom := objs[1], objs[2]
	top.Resize(top.MinSize().Min(avail))
	top.Move(fyne.NewPos(hudMargin, hudMargin))
	bs := bottom.MinSize().Min(avail)
	bottom.Resize(bs)
	bottom.Move(fyne.NewPos(hudMargin, size.Height-hudMargin-bs.Height))
}

func (hudLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }
