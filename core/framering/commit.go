package framering

import (
	"fmt"
	"time"
)

// Begin claims a free slot for a width x height frame with rows stride bytes apart and returns
// its stride*height bytes, for the caller to fill (decode or copy into) before Commit. It never
// waits: with every usable slot held by readers it fails with ErrBusy. A frame begun and not
// committed is abandoned.
func (w *Writer) Begin(width, height, stride int) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.begin(width, height, stride)
}

func (w *Writer) begin(width, height, stride int) ([]byte, error) {
	if w.closed {
		return nil, fmt.Errorf("frame ring %q: %w", w.name, ErrClosed)
	}
	w.abort()
	n, fits := frameBytes(width, height, stride, w.r.geo.slotBytes)
	if n == 0 {
		return nil, fmt.Errorf("frame ring %q: %w: %dx%d, stride %d", w.name, ErrBadFrame, width, height, stride)
	}
	if !fits {
		return nil, fmt.Errorf("frame ring %q: %w: %dx%d, stride %d needs %d bytes, slots hold %d",
			w.name, ErrTooLarge, width, height, stride, n, w.r.geo.slotBytes)
	}
	i := w.claim()
	if i < 0 {
		return nil, fmt.Errorf("frame ring %q: %w", w.name, ErrBusy)
	}
	w.open, w.width, w.height, w.stride = i, width, height, stride
	return w.r.pix(i, int(n)), nil
}

// claim takes a slot that is neither the latest (a reader may be about to take it) nor held.
// It makes the lock odd first and checks holds second; a reader increments holds first and
// checks the lock second. One of the two sees the other (see the package doc).
func (w *Writer) claim() int {
	n := w.r.geo.slots
	for k := range n {
		i := (w.next + k) % n
		if i == w.latest || w.r.holds(i).Load() != 0 {
			continue
		}
		lock := w.r.lock(i)
		lock.Add(1)
		if w.r.holds(i).Load() != 0 {
			lock.Add(1) // a reader got there first; nothing was touched
			continue
		}
		w.next = (i + 1) % n
		return i
	}
	return -1
}

// Commit publishes the frame begun last and returns its sequence number.
func (w *Writer) Commit(st Stamp) (uint64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.commit(st)
}

func (w *Writer) commit(st Stamp) (uint64, error) {
	if w.closed {
		return 0, fmt.Errorf("frame ring %q: %w", w.name, ErrClosed)
	}
	if w.open < 0 {
		return 0, fmt.Errorf("frame ring %q: %w: Commit without Begin", w.name, ErrBadFrame)
	}
	i, d := w.open, slotOff(w.open)
	seq, now := w.seq+1, time.Now().UnixNano()
	w.r.u64(d + sSeq).Store(seq)
	w.r.u32(d + sWidth).Store(uint32(w.width))
	w.r.u32(d + sHeight).Store(uint32(w.height))
	w.r.u32(d + sStride).Store(uint32(w.stride))
	w.r.u32(d + sFormat).Store(uint32(FormatRGBA))
	w.r.i64(d + sPTS).Store(int64(st.PTS))
	w.r.i64(d + sCaptureMs).Store(st.CaptureMs)
	w.r.i64(d + sWritten).Store(now)
	w.r.lock(i).Add(1) // even: the slot is readable
	w.r.u64(hLatest).Store(packLatest(seq, i))
	w.r.i64(hHeartbeat).Store(now)
	w.seq, w.latest, w.open = seq, i, -1
	return seq, nil
}

// Abort gives back the slot of a frame begun and not committed (the decoder failed midway).
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.abort()
	}
}

// abort marks the slot empty before unlocking it: its pixels may be half overwritten, while
// its metadata still describes the frame that was there.
func (w *Writer) abort() {
	if w.open < 0 {
		return
	}
	w.r.u64(slotOff(w.open) + sSeq).Store(0)
	w.r.lock(w.open).Add(1)
	w.open = -1
}

// Write copies a frame into the ring: Begin, copy, Commit. pix holds stride*height bytes.
func (w *Writer) Write(width, height, stride int, pix []byte, st Stamp) (uint64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if height > 0 && stride > 0 && uint64(len(pix)) < uint64(stride)*uint64(height) {
		return 0, fmt.Errorf("frame ring %q: %w: %d bytes of pixels for %d rows of %d", w.name, ErrBadFrame, len(pix), height, stride)
	}
	dst, err := w.begin(width, height, stride)
	if err != nil {
		return 0, err
	}
	copy(dst, pix)
	return w.commit(st)
}
