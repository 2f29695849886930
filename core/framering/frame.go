package framering

import (
	"image"
	"time"
)

// PixelFormat says how a slot's bytes are laid out. Only RGBA exists now; the field is in the
// layout so that adding another does not change the layout version.
type PixelFormat uint32

const (
	// FormatRGBA is 8-bit R, G, B, A per pixel, non-premultiplied as GStreamer's RGBA (which
	// image.RGBA treats as premultiplied: alpha is 255 in decoded video, where both agree).
	FormatRGBA PixelFormat = 1
)

func (f PixelFormat) String() string {
	if f == FormatRGBA {
		return "RGBA"
	}
	return "unknown"
}

// Stamp is what the writer knows about a frame besides its size.
type Stamp struct {
	PTS       time.Duration // presentation time stamp from the pipeline
	CaptureMs int64         // capture time stamped into the frame (package framestamp), Unix ms; 0 = none
}

// Frame is a frame the reader holds. Pix aliases the shared mapping: it is valid, and nobody
// writes it, until the reader's Release, Close or next Acquire that finds a newer frame (see
// Acquire). Copy it to keep it longer.
type Frame struct {
	Seq    uint64 // 1 for the writer's first frame, +1 per committed frame
	Width  int
	Height int
	Stride int // bytes per row, >= Width*4
	Format PixelFormat
	Stamp
	Written time.Time // when the writer committed it
	// Skipped is how many frames the writer committed since the reader's previous frame that
	// the reader never saw (it fell behind, or they came faster than it asked). 0 for the
	// first frame after Open.
	Skipped uint64
	Pix     []byte // Stride*Height bytes in shared memory
}

// Image wraps Pix without copying; it is valid as long as Pix is.
func (f Frame) Image() *image.RGBA {
	return &image.RGBA{Pix: f.Pix, Stride: f.Stride, Rect: image.Rect(0, 0, f.Width, f.Height)}
}
