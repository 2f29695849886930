package viewer

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/gstcast/gstcast/core/atomicfile"
)

// writeSnapshot saves img as a PNG in dir, named after t, without overwriting an earlier
// snapshot, and returns the file's path. Readers never see a half-written file.
func writeSnapshot(dir string, img image.Image, t time.Time) (string, error) {
	var buf bytes.Buffer
	// Fastest compression: a 1080p frame encodes in tens of milliseconds instead of hundreds.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("encode snapshot: %w", err)
	}
	for n := 1; ; n++ {
		path := filepath.Join(dir, snapshotName(t, n))
		if _, err := os.Lstat(path); err == nil {
			continue
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("save snapshot: %w", err)
		}
		if err := atomicfile.Write(path, buf.Bytes(), 0o644); err != nil {
			return "", fmt.Errorf("save snapshot: %w", err)
		}
		return path, nil
	}
}

// snapshotName is gstcast-snapshot-YYYYmmdd-HHMMSS.png, with -n added for the n-th (n > 1)
// snapshot within the same second.
func snapshotName(t time.Time, n int) string {
	name := "gstcast-snapshot-" + t.Format("20060102-150405")
	if n > 1 {
		name += fmt.Sprintf("-%d", n)
	}
	return name + ".png"
}

// cloneRGBA copies img into memory the viewer owns: the frame on screen goes back to the
// source while the snapshot is still being encoded.
func cloneRGBA(img *image.RGBA) *image.RGBA {
	c := image.NewRGBA(image.Rect(0, 0, img.Rect.Dx(), img.Rect.Dy()))
	for y := range img.Rect.Dy() {
		off := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		copy(c.Pix[y*c.Stride:(y+1)*c.Stride], img.Pix[off:off+c.Stride])
	}
	return c
}
