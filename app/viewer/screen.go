//go:build !nogui

package viewer

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// The picture sits on black whatever the theme, so the texts over it have fixed light colours.
var (
	hudText = color.NRGBA{R: 0xf0, G: 0xf0, B: 0xf0, A: 0xff}
	hudBack = color.NRGBA{A: 0xa0}
)

// screen is the window's content: black background, the letterboxed picture, the state text
// centred where the picture would be, the overlay at the top left and notices at the bottom
// left. All of it belongs to the UI thread.
type screen struct {
	root    *fyne.Container
	fit     *letterbox
	picture *fyne.Container
	img     *canvas.Image
	hud     *fyne.Container
	state   *widget.Label
	stateBg fyne.CanvasObject // the state label in its dark theme; hidden with the picture
	overlay *hudLine
	message *hudLine
}

func newScreen(area fyne.CanvasObject, th fyne.Theme) *screen {
	s := &screen{fit: &letterbox{}}
	// ImageScaleFastest: Fyne uploads the frame's pixels to the GPU as they are and the GPU
	// scales them; any other mode rescales every frame on the CPU into a new image first.
	s.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest}
	s.img.Hide()
	s.picture = container.New(s.fit, s.img)
	s.state = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord,
		SizeName: theme.SizeNameSubHeadingText}
	s.overlay, s.message = newHUDLine(), newHUDLine()
	s.stateBg = container.NewThemeOverride(s.state, darkTheme{th})
	s.hud = container.New(hudLayout{}, s.stateBg, s.overlay.box, s.message.box)
	s.root = container.NewStack(canvas.NewRectangle(color.Black), s.picture, area, s.hud)
	return s
}

// show puts view on screen; with replace, img becomes the picture (nil for none).
func (s *screen) show(view viewmodel.View, img *image.RGBA, replace bool) {
	if replace {
		s.setImage(img)
	}
	setVisible(s.img, view.Picture && s.img.Image != nil)
	relayout := false
	if s.state.Text != view.State {
		s.state.SetText(view.State)
		setVisible(s.stateBg, view.State != "")
		relayout = true
	}
	relayout = s.overlay.set(view.Overlay) || relayout
	relayout = s.message.set(view.Message) || relayout
	if relayout {
		s.hud.Refresh()
	}
}

func (s *screen) setImage(img *image.RGBA) {
	if img == nil {
		s.img.Image = nil // not a typed nil in the interface: Fyne would try to draw it
		s.img.Refresh()
		return
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	s.img.Image = img
	if w != s.fit.w || h != s.fit.h {
		s.fit.w, s.fit.h = w, h
		s.picture.Refresh() // lays the image out for the new aspect ratio, then redraws it
		return
	}
	s.img.Refresh()
}

// clearPicture drops every reference to the frame on screen.
func (s *screen) clearPicture() {
	s.img.Image = nil
	s.img.Hide()
}

func setVisible(o fyne.CanvasObject, visible bool) {
	switch {
	case visible && !o.Visible():
		o.Show()
	case !visible && o.Visible():
		o.Hide()
	}
}

// hudLine is one line of text on a translucent band, hidden when empty.
type hudLine struct {
	box  *fyne.Container
	text *canvas.Text
}

func newHUDLine() *hudLine {
	l := &hudLine{text: canvas.NewText("", hudText)}
	l.box = container.NewStack(canvas.NewRectangle(hudBack),
		container.New(layout.NewCustomPaddedLayout(2, 2, 6, 6), l.text))
	l.box.Hide()
	return l
}

// set changes the text and reports whether the line changed.
func (l *hudLine) set(s string) bool {
	if l.text.Text == s {
		return false
	}
	l.text.Text = s
	l.text.Refresh()
	setVisible(l.box, s != "")
	return true
}

// darkTheme keeps the state text light on the black screen in a light desktop theme.
type darkTheme struct{ fyne.Theme }

func (t darkTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantDark)
}
