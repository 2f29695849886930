package framering

import (
	"fmt"
	"runtime"
	"time"
)

// maxTries bounds Acquire's retries. Each failed try means the writer has published a newer
// frame since the try began, so retrying only fails against a writer that publishes again
// every time, a thousand times over: no video rate comes near.
const maxTries = 1000

// Acquire returns the newest committed frame this reader has not seen yet, and holds its slot
// so the writer leaves it alone until Release, Close or the next Acquire that finds a newer
// frame. With no newer frame it returns ok=false, a nil error, and keeps holding the previous
// one, whose Pix stays valid.
// Frames the writer committed in between are skipped; Frame.Skipped counts them.
//
// A reader holds at most one slot at any time, so that three slots always leave the writer a
// free one: when there is a newer frame, the previous one is let go before the newer is taken.
// Should that fail (an error: ErrLapped, see maxTries, or ErrCorrupt), nothing is held and the
// previous Pix is invalid.
func (r *Reader) Acquire() (f Frame, ok bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Frame{}, false, fmt.Errorf("frame ring %q: %w", r.name, ErrClosed)
	}
	for range maxTries {
		seq, i := unpackLatest(r.r.u64(hLatest).Load())
		if seq <= r.lastSeq {
			return Frame{}, false, nil
		}
		if i >= r.r.geo.slots {
			return Frame{}, false, fmt.Errorf("frame ring %q: %w: latest slot %d of %d", r.name, ErrCorrupt, i, r.r.geo.slots)
		}
		r.release()
		f, got, err := r.take(i)
		if err != nil || got {
			return f, got, err
		}
		runtime.Gosched() // the writer took this slot for a newer frame: let it publish
	}
	return Frame{}, false, fmt.Errorf("frame ring %q: %w (%d tries)", r.name, ErrLapped, maxTries)
}

// take holds slot i: holds first, lock second (the writer does the opposite; see the package
// doc). The slot may meanwhile hold a newer frame than the header named: any complete frame
// newer than the last one seen will do.
func (r *Reader) take(i int) (Frame, bool, error) {
	holds, lock := r.r.holds(i), r.r.lock(i)
	holds.Add(1)
	v := lock.Load()
	f := r.meta(i)
	if v&1 == 1 || lock.Load() != v || f.Seq <= r.lastSeq {
		holds.Add(^uint64(0))
		return Frame{}, false, nil
	}
	n, fits := frameBytes(f.Width, f.Height, f.Stride, r.r.geo.slotBytes)
	if !fits || n == 0 || f.Format != FormatRGBA {
		holds.Add(^uint64(0))
		return Frame{}, false, fmt.Errorf("frame ring %q: %w: slot %d: %dx%d stride %d format %d", r.name, ErrCorrupt, i, f.Width, f.Height, f.Stride, f.Format)
	}
	if r.lastSeq > 0 {
		f.Skipped = f.Seq - r.lastSeq - 1
	}
	r.held, r.lastSeq = i, f.Seq
	f.Pix = r.r.pix(i, int(n))
	return f, true, nil
}

func (r *Reader) meta(i int) Frame {
	d := slotOff(i)
	return Frame{
		Seq:    r.r.u64(d + sSeq).Load(),
		Width:  int(r.r.u32(d + sWidth).Load()),
		Height: int(r.r.u32(d + sHeight).Load()),
		Stride: int(r.r.u32(d + sStride).Load()),
		Format: PixelFormat(r.r.u32(d + sFormat).Load()),
		Stamp: Stamp{
			PTS:       time.Duration(r.r.i64(d + sPTS).Load()),
			CaptureMs: r.r.i64(d + sCaptureMs).Load(),
		},
		Written: time.Unix(0, r.r.i64(d+sWritten).Load()),
	}
}

// Release lets the writer reuse the slot of the frame acquired last; its Pix must not be used
// any more. Acquire will not return that frame again.
func (r *Reader) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.release()
	}
}

func (r *Reader) release() {
	if r.held >= 0 {
		r.r.holds(r.held).Add(^uint64(0))
		r.held = -1
	}
}
