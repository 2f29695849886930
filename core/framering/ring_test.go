package framering

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image/color"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// readAll acquires frames as fast as it can until it has seen seq last, checking each one,
// and returns how many it acquired and how many Skipped said it missed. Not sleeping, it
// races the writer for slots as often as possible. writerErr, if not nil, stops it early.
// It returns errors rather than fail the test, as it also runs on goroutines of its own.
func readAll(t *testing.T, r *Reader, last uint64, writerErr func() error) (acquired, skipped uint64, err error) {
	deadline := time.Now().Add(60 * time.Second)
	for prev := uint64(0); prev < last; {
		if writerErr != nil {
			if err := writerErr(); err != nil {
				return 0, 0, fmt.Errorf("writer: %w", err)
			}
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("timed out at frame %d of %d", prev, last)
		}
		f, ok, err := r.Acquire()
		if errors.Is(err, ErrLapped) { // allowed against a writer in a tight loop
			t.Log(err)
			continue
		}
		if err != nil {
			return 0, 0, err
		}
		if !ok {
			runtime.Gosched()
			continue
		}
		if err := checkTestFrame(f); err != nil {
			return 0, 0, err
		}
		if f.Seq <= prev || (prev > 0 && f.Skipped != f.Seq-prev-1) {
			return 0, 0, fmt.Errorf("frame %d after %d says it skipped %d", f.Seq, prev, f.Skipped)
		}
		acquired++
		skipped += f.Skipped
		prev = f.Seq
	}
	return acquired, skipped, nil
}

func TestRoundTripGoroutines(t *testing.T) {
	const n = 20000
	w, r := newTestRing(t, 0)
	var werr atomic.Pointer[error]
	go func() {
		for seq := uint64(1); seq <= n; seq++ {
			if err := writeTestFrame(w, seq); err != nil {
				werr.Store(&err) // ErrBusy would mean the writer had to wait for the reader
				return
			}
		}
	}()
	acquired, skipped, err := readAll(t, r, n, func() error {
		if p := werr.Load(); p != nil {
			return *p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	first := n - acquired - skipped + 1
	t.Logf("acquired %d of %d frames (first %d, skipped %d)", acquired, n, first, skipped)
	if first < 1 {
		t.Fatalf("acquired %d + skipped %d > %d frames", acquired, skipped, n)
	}
}

// Several readers race one writer flat out; each reader needs one slot more. Nobody sees a
// torn frame, and the writer almost never finds every slot held: only a reader that read the
// "latest" word long ago and takes that (by now old) slot at the very moment the writer looks
// at it can hold a slot beyond its one, and then the writer drops that frame (ErrBusy) rather
// than wait. Under the race detector's slow scheduling that happens a handful of times in 20000.
func TestManyReaders(t *testing.T) {
	const n, readers = 20000, 3
	w, first := newTestRing(t, readers+2)
	var werr atomic.Pointer[error]
	var busy atomic.Int64
	writerErr := func() error {
		if p := werr.Load(); p != nil {
			return *p
		}
		return nil
	}
	go func() {
		for seq := uint64(1); seq <= n; seq++ {
			err := writeTestFrame(w, seq)
			for errors.Is(err, ErrBusy) && busy.Add(1) < n/100 {
				runtime.Gosched()
				err = writeTestFrame(w, seq) // nothing was committed: the same frame again
			}
			if err != nil {
				werr.Store(&err)
				return
			}
		}
	}()
	defer func() {
		if b := busy.Load(); b > 0 {
			t.Logf("writer found every slot held %d times in %d frames", b, n)
		}
	}()
	var wg sync.WaitGroup
	for k := range readers {
		r := first
		if k > 0 {
			var err error
			if r, err = Open(w.Name()); err != nil {
				t.Fatal(err)
			}
			defer r.Close()
		}
		wg.Go(func() {
			acquired, _, err := readAll(t, r, n, writerErr)
			if err != nil {
				t.Errorf("reader %d: %v", k, err)
				return
			}
			t.Logf("reader %d acquired %d of %d frames", k, acquired, n)
		})
	}
	wg.Wait()
}

// A reader that holds a frame for long keeps it intact while the writer goes on without
// waiting, and then jumps to the newest frame, saying how many it missed.
func TestSlowReader(t *testing.T) {
	w, r := newTestRing(t, 0)
	var written atomic.Uint64
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for seq := uint64(1); ; seq++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := writeTestFrame(w, seq); err != nil {
				done <- err
				return
			}
			written.Store(seq)
			time.Sleep(100 * time.Microsecond)
		}
	}()
	defer func() {
		close(stop)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	waitFor(t, "a first frame", func() bool { return written.Load() > 0 })
	for range 5 {
		var f Frame
		waitFor(t, "a new frame", func() bool {
			var ok bool
			var err error
			f, ok, err = r.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			return ok
		})
		time.Sleep(20 * time.Millisecond)
		waitFor(t, "the writer to lap the reader", func() bool { return written.Load() >= f.Seq+3*DefaultSlots })
		if err := checkTestFrame(f); err != nil {
			t.Fatalf("held frame overwritten: %v", err)
		}
		before := f.Seq
		waitFor(t, "a newer frame", func() bool {
			var ok bool
			var err error
			f, ok, err = r.Acquire()
			if err != nil {
				t.Fatal(err)
			}
			return ok
		})
		if err := checkTestFrame(f); err != nil {
			t.Fatal(err)
		}
		if f.Skipped < 2 || f.Skipped != f.Seq-before-1 {
			t.Fatalf("frame %d after %d: Skipped %d", f.Seq, before, f.Skipped)
		}
		r.Release()
	}
}

// With two readers each holding a slot, a three-slot writer is left only the latest slot, which
// it never takes: it fails at once with ErrBusy instead of waiting, and resumes when a reader
// lets go.
func TestBusyNeverBlocks(t *testing.T) {
	w, a := newTestRing(t, 3)
	b, err := Open(w.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	mustWrite := func(seq uint64) {
		t.Helper()
		if err := writeTestFrame(w, seq); err != nil {
			t.Fatal(err)
		}
	}
	mustAcquire := func(r *Reader, seq uint64) {
		t.Helper()
		f, ok, err := r.Acquire()
		if err != nil || !ok || f.Seq != seq {
			t.Fatalf("Acquire = %d, %v, %v; want frame %d", f.Seq, ok, err, seq)
		}
	}
	mustWrite(1)
	mustAcquire(a, 1)
	mustWrite(2)
	mustAcquire(b, 2)
	mustWrite(3) // the third slot
	if _, err := w.Begin(8, 8, 32); !errors.Is(err, ErrBusy) {
		t.Fatalf("Begin with every free slot held: %v, want ErrBusy", err)
	}
	a.Release()
	mustWrite(4)
	mustAcquire(b, 4)
}

// An aborted frame, half written, is never seen.
func TestAbort(t *testing.T) {
	w, r := newTestRing(t, 0)
	if err := writeTestFrame(w, 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := r.Acquire(); !ok {
		t.Fatal("no first frame")
	}
	r.Release()
	for range 5 { // every slot but the latest gets a half-written, aborted frame
		pix, err := w.Begin(testMaxW, testMaxH, testMaxW*4)
		if err != nil {
			t.Fatal(err)
		}
		binary.LittleEndian.PutUint64(pix, 2)
		// A reader that has seen nothing yet gets frame 1, never the slot being written.
		fresh, err := Open(w.Name())
		if err != nil {
			t.Fatal(err)
		}
		if f, ok, err := fresh.take(w.open); ok || err != nil {
			t.Fatalf("slot being written: frame %d, %v, %v", f.Seq, ok, err)
		}
		if f, ok, err := fresh.Acquire(); !ok || err != nil || f.Seq != 1 {
			t.Fatalf("fresh reader while a frame is written: frame %d, %v, %v", f.Seq, ok, err)
		}
		fresh.Close()
		w.Abort()
		// Look at every slot, as a reader that lost a race with the writer would.
		for i := range DefaultSlots {
			if f, ok, err := r.take(i); ok || err != nil {
				t.Fatalf("slot %d after Abort: frame %d, %v, %v", i, f.Seq, ok, err)
			}
		}
		if f, ok, err := r.Acquire(); ok || err != nil {
			t.Fatalf("Acquire after Abort = frame %d, %v, %v", f.Seq, ok, err)
		}
	}
	if err := writeTestFrame(w, 2); err != nil {
		t.Fatal(err)
	}
	f, ok, err := r.Acquire()
	if !ok || err != nil || f.Skipped != 0 {
		t.Fatalf("Acquire = frame %d skipped %d, %v, %v", f.Seq, f.Skipped, ok, err)
	}
	if err := checkTestFrame(f); err != nil {
		t.Fatal(err)
	}
}

// Image aliases the slot: no copy.
func TestImageAliases(t *testing.T) {
	w, r := newTestRing(t, 0)
	pix, err := w.Begin(2, 1, 8)
	if err != nil {
		t.Fatal(err)
	}
	copy(pix, []byte{1, 2, 3, 255, 4, 5, 6, 255})
	if _, err := w.Commit(Stamp{}); err != nil {
		t.Fatal(err)
	}
	f, ok, err := r.Acquire()
	if !ok || err != nil {
		t.Fatalf("Acquire: %v, %v", ok, err)
	}
	img := f.Image()
	if &img.Pix[0] != &f.Pix[0] {
		t.Fatal("Image copied the pixels")
	}
	if got := img.RGBAAt(1, 0); got != (color.RGBA{4, 5, 6, 255}) {
		t.Fatalf("pixel (1,0) = %v", got)
	}
	if f.Written.IsZero() || time.Since(f.Written) < 0 {
		t.Fatalf("Written = %v", f.Written)
	}
}

func TestWriterStates(t *testing.T) {
	w, r := newTestRing(t, 0)
	if st := r.WriterState(time.Hour); st != WriterLive {
		t.Fatalf("fresh ring: %v", st)
	}
	time.Sleep(20 * time.Millisecond)
	if st := r.WriterState(time.Millisecond); st != WriterStale {
		t.Fatalf("after 20ms without a beat, stale after 1ms: %v", st)
	}
	w.Heartbeat()
	if !r.WriterAlive(time.Hour) {
		t.Fatalf("after Heartbeat: %v", r.WriterState(time.Hour))
	}
	if err := writeTestFrame(w, 1); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st := r.WriterState(time.Hour); st != WriterClosed {
		t.Fatalf("after Close: %v", st)
	}
	// The last frame is still there to show.
	f, ok, err := r.Acquire()
	if !ok || err != nil {
		t.Fatalf("Acquire after the writer closed: %v, %v", ok, err)
	}
	if err := checkTestFrame(f); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(8, 8, 32, make([]byte, 256), Stamp{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Acquire(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Acquire after Close: %v", err)
	}
}
