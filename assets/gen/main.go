//go:build ignore

// Command gen draws gstcast's icons reproducibly (same bytes on every run): the app icon and
// the three tray icons the tray shows for idle (grey), streaming (green) and error (red).
// Run from assets/: go generate (see doc.go), which then bundles them with `fyne bundle`.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

func main() {
	write("icon.png", draw(256, color.NRGBA{0x1e, 0x3a, 0x5f, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, false, true))
	write("tray-idle.png", draw(64, color.NRGBA{0x75, 0x75, 0x75, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, false, false))
	write("tray-streaming.png", draw(64, color.NRGBA{0x2e, 0x7d, 0x32, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, false, true))
	write("tray-error.png", draw(64, color.NRGBA{0xc6, 0x28, 0x28, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}, true, false))
}

func write(name string, img image.Image) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// draw makes one icon: a rounded square of bg with a play triangle in fg, and with waves the
// broadcast arcs to its right; with bang an exclamation mark instead of the triangle.
func draw(size int, bg, fg color.NRGBA, bang, waves bool) image.Image {
	const ss = 4 // supersampling per axis, for smooth edges
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var inBG, inFG int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := (float64(x) + (float64(sx)+0.5)/ss) / s
					py := (float64(y) + (float64(sy)+0.5)/ss) / s
					if !roundedSquare(px, py, 0.06, 0.2) {
						continue
					}
					inBG++
					if bang && exclamation(px, py) || !bang && (triangle(px, py) || waves && arcs(px, py)) {
						inFG++
					}
				}
			}
			n := float64(ss * ss)
			if inBG == 0 {
				continue
			}
			a := float64(inBG) / n
			f := float64(inFG) / float64(inBG)
			img.SetNRGBA(x, y, color.NRGBA{
				R: mix(bg.R, fg.R, f), G: mix(bg.G, fg.G, f), B: mix(bg.B, fg.B, f), A: uint8(math.Round(a * 255)),
			})
		}
	}
	return img
}

func mix(a, b uint8, f float64) uint8 { return uint8(math.Round(float64(a)*(1-f) + float64(b)*f)) }

func roundedSquare(x, y, margin, r float64) bool {
	lo, hi := margin+r, 1-margin-r
	cx, cy := math.Max(lo, math.Min(hi, x)), math.Max(lo, math.Min(hi, y))
	if x < margin || x > 1-margin || y < margin || y > 1-margin {
		return false
	}
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// triangle is a play symbol pointing right.
func triangle(x, y float64) bool {
	const left, right, top, bottom = 0.26, 0.56, 0.3, 0.7
	if x < left || x > right {
		return false
	}
	half := (bottom - top) / 2 * (right - x) / (right - left)
	return math.Abs(y-0.5) <= half
}

// arcs are two broadcast waves right of the triangle.
func arcs(x, y float64) bool {
	dx, dy := x-0.5, y-0.5
	if dx <= 0 || math.Abs(math.Atan2(dy, dx)) > math.Pi/4 {
		return false
	}
	d := math.Hypot(dx, dy)
	return d > 0.14 && d < 0.2 || d > 0.26 && d < 0.32
}

func exclamation(x, y float64) bool {
	if math.Abs(x-0.5) < 0.07 && y > 0.22 && y < 0.6 {
		return true
	}
	return math.Hypot(x-0.5, y-0.72) < 0.075
}
