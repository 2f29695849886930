package viewmodel

import "image"

// Frame is one decoded picture handed to a viewer window.
type Frame struct {
	// Image holds the pixels. It may alias shared memory that the writer reuses once the frame is
	// released, so it is valid only until FrameSource.Release. It must be tightly packed (Rect.Min
	// at 0,0 and Stride == 4*width) and opaque (alpha 255): the window uploads Pix to the GPU as
	// it is, with no copy, and a padded row or a zero alpha would show as a skewed or black picture.
	Image *image.RGBA
	// Seq numbers frames in the order the source produced them; a gap means frames were skipped.
	Seq uint64
	// CaptureUnixMs is the sender's capture time (core/framestamp), 0 when the frame has none.
	// Latency is measured against the local clock, so across machines it is only as good as
	// their clock sync.
	CaptureUnixMs int64
}

// FrameSource gives a viewer the newest decoded frames; a shared-memory ring reader implements it.
// The viewer calls it from one goroutine only, never concurrently.
type FrameSource interface {
	// Acquire returns the newest frame not returned before; ok is false when nothing is new.
	// Frames older than the newest are skipped, never queued. An error is shown in the window
	// until the next frame arrives; the viewer keeps polling.
	Acquire() (f Frame, ok bool, err error)
	// Release gives a frame back. The viewer holds at most two frames at a time: the one on
	// screen and the one replacing it. So a ring of three slots or more always has one free for
	// the writer.
	Release(f Frame)
}

// Packed reports whether img can be uploaded straight from its Pix slice (see Frame.Image).
func Packed(img *image.RGBA) bool {
	return img != nil && img.Rect.Min == (image.Point{}) && img.Stride == 4*img.Rect.Dx() &&
		len(img.Pix) >= img.Stride*img.Rect.Dy()
}
