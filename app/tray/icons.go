package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
)

// Resource is an icon: a name and PNG bytes. It has fyne.Resource's methods, so a resource
// bundled with `fyne bundle` (a *fyne.StaticResource) is one.
type Resource interface {
	Name() string
	Content() []byte
}

// Icons are the tray's three icons. A nil one is taken from DefaultIcons.
type Icons struct {
	Idle      Resource // nothing streams
	Streaming Resource // streams run
	Error     Resource // something failed, or the engine is out of reach
}

// Of is the icon for a state.
func (i Icons) Of(state Icon) Resource {
	d := DefaultIcons()
	pick := func(r, def Resource) Resource {
		if r != nil {
			return r
		}
		return def
	}
	switch state {
	case IconStreaming:
		return pick(i.Streaming, d.Streaming)
	case IconError:
		return pick(i.Error, d.Error)
	}
	return pick(i.Idle, d.Idle)
}

// The colours of the default icons' dots.
var (
	ColorIdle      = color.NRGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff} // grey
	ColorStreaming = color.NRGBA{R: 0x2e, G: 0xb8, B: 0x4b, A: 0xff} // green
	ColorError     = color.NRGBA{R: 0xe0, G: 0x2d, B: 0x2d, A: 0xff} // red
)

// DefaultIcons are a grey, a green and a red dot (64×64 PNG, transparent around), drawn
// here until assets/ has gstcast's own tray icons.
func DefaultIcons() Icons { return defaultIcons() }

var defaultIcons = sync.OnceValue(func() Icons {
	return Icons{
		Idle:      staticResource{"gstcast-tray-idle.png", dot(ColorIdle)},
		Streaming: staticResource{"gstcast-tray-streaming.png", dot(ColorStreaming)},
		Error:     staticResource{"gstcast-tray-error.png", dot(ColorError)},
	}
})

type staticResource struct {
	name    string
	content []byte
}

func (r staticResource) Name() string    { return r.name }
func (r staticResource) Content() []byte { return r.content }

// dot draws a filled circle with a soft edge and a darker rim.
func dot(c color.NRGBA) []byte {
	const size = 64
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const cx, cy, r = 31.5, 31.5, 26.0
	rim := color.NRGBA{R: c.R / 2, G: c.G / 2, B: c.B / 2, A: 0xff}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			cover := math.Max(0, math.Min(1, r+0.5-d)) // anti-aliased edge
			if cover == 0 {
				continue
			}
			px := c
			if d > r-3 {
				px = rim
			}
			px.A = uint8(cover * 255)
			img.SetNRGBA(x, y, px)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // encoding into memory cannot fail
	return b.Bytes()
}
