package pipeline

import "fmt"

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
	// mean the whole monitor).
	CropX, CropY, CropWidth, CropHeight string
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
	if s.MonitorProp != "" {
		src.Props = append(src.Props, p(s.MonitorProp, itoa(monitor)))
	}
	if s.CursorProp != "" {
		src.Props = append(src.Props, p(s.CursorProp, fmt.Sprint(o.Cursor)))
	}
	if o.Width > 0 && o.Height > 0 {
		if s.CropX == "" {
			return nil, fmt.Errorf("%s cannot capture a region", s.Element)
		}
		src.Props = append(src.Props, p(s.CropX, itoa(o.X)), p(s.CropY, itoa(o.Y)),
			p(s.CropWidth, itoa(o.Width)), p(s.CropHeight, itoa(o.Height)))
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
		Memory: "memory:D3D11Memory", Download: []Element{el("d3d11download", "download")}, Format: "BGRA"}
}
