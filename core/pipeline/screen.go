package pipeline

import (
	"fmt"

	"github.com/gstcast/gstcast/core/spec"
)

// ScreenCapture is a platform's screen-capture element and how its properties are spelled, for
// screen sources: what a screen:// source kind builds its chain from (ScreenCapture.Chain). A
// zero value (no Element) means the platform has none.
type ScreenCapture struct {
	Element string
	// MonitorProp takes the monitor's zero-based index (-1 for the primary monitor).
	MonitorProp string
	// CursorProp draws the mouse pointer into the frames.
	CursorProp string
	// CropX, CropY, CropWidth and CropHeight select a region of the monitor (0 width and height
	// mean the whole monitor). With RegionEnd the last two take the region's last column and
	// row (ximagesrc's endx and endy, inclusive) instead of its size.
	CropX, CropY, CropWidth, CropHeight string
	RegionEnd                           bool
	// DisplayProp and ScreenProp take the X display name and screen number (ximagesrc).
	DisplayProp, ScreenProp string
	// API is the capture API the element is ("x11", "d3d11"), which a source's capture= names.
	API string
	// Memory is the caps feature of the element's output (memory:D3D11Memory); Download brings
	// such frames to system memory for the converters and encoders that follow.
	Memory   string
	Download []Element
	// Format of the frames (BGRA).
	Format string
	// Props are always set (none yet; e.g. a capture API choice).
	Props []Prop
}

// ScreenOptions say what to capture: the whole monitor when Width and Height are zero, at the
// element's own frame rate when FPSNum is zero.
type ScreenOptions struct {
	Monitor             int // zero-based monitor index; negative: the primary monitor
	Display             string
	Screen              int
	Cursor              bool
	X, Y, Width, Height int
	FPSNum, FPSDen      int
}

// Chain is the capture part of a screen stream, ending in system-memory raw video that the
// profile's encoders take after their converter:
//
//	d3d11screencapturesrc monitor-index=0 show-cursor=true ! video/x-raw(memory:D3D11Memory),format=BGRA,framerate=30/1
//	  ! d3d11download ! video/x-raw,format=BGRA
func (s ScreenCapture) Chain(o ScreenOptions) ([]Element, error) {
	if s.Element == "" {
		return nil, fmt.Errorf("this platform has no screen capture element")
	}
	src := el(s.Element, NameSource, s.Props...)
	monitor := o.Monitor
	if monitor < 0 {
		monitor = -1
	}
	switch {
	case s.MonitorProp != "":
		src.Props = append(src.Props, p(s.MonitorProp, itoa(monitor)))
	case o.Monitor >= 0:
		return nil, fmt.Errorf("%s has no monitors to choose from: capture a part of the screen with x, y, width and height", s.Element)
	}
	if o.Display != "" {
		if s.DisplayProp == "" {
			return nil, fmt.Errorf("%s has no X display to choose", s.Element)
		}
		src.Props = append(src.Props, p(s.DisplayProp, o.Display))
	}
	if o.Screen != 0 {
		if s.ScreenProp == "" {
			return nil, fmt.Errorf("%s has no X screens to choose", s.Element)
		}
		src.Props = append(src.Props, p(s.ScreenProp, itoa(o.Screen)))
	}
	if s.CursorProp != "" {
		src.Props = append(src.Props, p(s.CursorProp, fmt.Sprint(o.Cursor)))
	}
	if o.Width > 0 && o.Height > 0 {
		if s.CropX == "" {
			return nil, fmt.Errorf("%s cannot capture a region", s.Element)
		}
		w, h := o.Width, o.Height
		if s.RegionEnd {
			w, h = o.X+o.Width-1, o.Y+o.Height-1
		}
		src.Props = append(src.Props, p(s.CropX, itoa(o.X)), p(s.CropY, itoa(o.Y)),
			p(s.CropWidth, itoa(w)), p(s.CropHeight, itoa(h)))
	}
	caps := "video/x-raw"
	if s.Memory != "" {
		caps += "(" + s.Memory + ")"
	}
	if s.Format != "" {
		caps += ",format=" + s.Format
	}
	if o.FPSNum > 0 {
		den := o.FPSDen
		if den == 0 {
			den = 1
		}
		caps += fmt.Sprintf(",framerate=%d/%d", o.FPSNum, den)
	}
	out := []Element{src, capsfilter("screencaps", caps)}
	if s.Memory != "" {
		out = append(out, s.Download...)
		sys := "video/x-raw"
		if s.Format != "" {
			sys += ",format=" + s.Format
		}
		out = append(out, capsfilter(NameRawCaps, sys))
	}
	return out, nil
}

// d3d11Screen is Windows' DXGI Desktop Duplication capture (d3d11screencapturesrc, GStreamer
// 1.20+; rank none, so it is only ever used by name). Its frames are BGRA D3D11 textures.
func d3d11Screen() ScreenCapture {
	return ScreenCapture{Element: "d3d11screencapturesrc", MonitorProp: "monitor-index", CursorProp: "show-cursor",
		CropX: "crop-x", CropY: "crop-y", CropWidth: "crop-width", CropHeight: "crop-height",
		Memory: "memory:D3D11Memory", Download: []Element{el("d3d11download", "download")}, Format: "BGRA", API: "d3d11"}
}

// ximageScreen is X11 capture (ximagesrc, rank none): a whole X screen or a region of it.
// use-damage=false captures whole frames at a steady rate; with XDamage it would send only
// the changed rectangles' frames, unevenly, which an encoder's rate control handles badly.
func ximageScreen() ScreenCapture {
	return ScreenCapture{Element: "ximagesrc", DisplayProp: "display-name", ScreenProp: "screen-num", CursorProp: "show-pointer",
		CropX: "startx", CropY: "starty", CropWidth: "endx", CropHeight: "endy", RegionEnd: true,
		Props: []Prop{p("use-damage", "false")}, API: "x11"}
}

// screenChain builds a screen:// source's capture part from the profile's screen element.
func screenChain(src spec.Source, prof Profile) (Graph, error) {
	sc := prof.Screen
	if src.Capture != "" && src.Capture != sc.API {
		if src.Capture == "pipewire" {
			return Graph{}, fmt.Errorf("source %q: capture=pipewire needs an xdg-desktop-portal ScreenCast session, which gstcast does not open yet; use capture=x11 (Xorg or Xwayland)", src.Redacted())
		}
		return Graph{}, fmt.Errorf("source %q: the %s profile captures screens with %s, not %s", src.Redacted(), prof.Name, orNone(sc.API), src.Capture)
	}
	o := ScreenOptions{Monitor: -1, Display: src.Display, Screen: src.ScreenNum, Cursor: src.Cursor,
		X: src.X, Y: src.Y, Width: src.Width, Height: src.Height}
	o.FPSNum, o.FPSDen = fps(src)
	if src.Device != "" {
		o.Monitor = atoiOr(src.Device, -1)
	}
	els, err := sc.Chain(o)
	if err != nil {
		return Graph{}, fmt.Errorf("source %q: %w", src.Redacted(), err)
	}
	return Graph{Live: true, Elements: els}, nil
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

func atoiOr(s string, def int) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return def
		}
		n = n*10 + int(r-'0')
	}
	return n
}
