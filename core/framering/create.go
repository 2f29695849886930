package framering

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
)

// Writer puts frames into a ring; one process owns it. Its methods may be called from several
// goroutines (Heartbeat from a timer while frames flow), but frames go one at a time: Begin,
// fill, Commit.
type Writer struct {
	mu     sync.Mutex
	name   string
	shm    *shm
	r      ring
	seq    uint64 // of the last committed frame
	latest int    // slot of the last committed frame; -1 before the first
	next   int    // where the search for a free slot starts
	open   int    // slot begun and not committed; -1 when none
	width  int    // of the begun frame
	height int
	stride int
	closed bool
}

// Create makes a ring of slots slots (0 means DefaultSlots; at least MinSlots, one more per
// reader beyond the first) of slotBytes bytes each (see SlotBytes). An existing ring of the
// same name is replaced only when its writer closed it or its process is gone; otherwise
// Create fails with ErrExists. Names from NewName never collide.
func Create(name string, slots, slotBytes int) (*Writer, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("create frame ring: %w", err)
	}
	if slots == 0 {
		slots = DefaultSlots
	}
	geo, ok := newGeometry(slots, slotBytes)
	if !ok {
		return nil, fmt.Errorf("create frame ring %q: %d slots of %d bytes: want %d to %d slots of 1 to %d bytes",
			name, slots, slotBytes, MinSlots, MaxSlots, int64(maxTotal))
	}
	init := func(mem []byte) { initHeader(ring{mem: mem, geo: geo}) }
	s, err := createShm(name, geo.total, init)
	if errors.Is(err, fs.ErrExist) {
		reason, stale := staleRing(name)
		if !stale {
			return nil, fmt.Errorf("create frame ring %q: %w (%s)", name, ErrExists, reason)
		}
		if err := removeShm(name); err != nil {
			return nil, fmt.Errorf("create frame ring %q: remove stale ring: %w", name, err)
		}
		s, err = createShm(name, geo.total, init)
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("create frame ring %q: %w (%s, but a reader still holds it open)", name, ErrExists, reason)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create frame ring %q: %w", name, err)
	}
	return &Writer{name: name, shm: s, r: ring{mem: s.mem, geo: geo}, latest: -1, open: -1}, nil
}

// initHeader runs before the ring is visible to readers; magic goes last all the same, so a
// reader that somehow maps it early sees "not a ring" rather than half a header.
func initHeader(r ring) {
	r.u32(hVersion).Store(Version)
	r.u32(hSlots).Store(uint32(r.geo.slots))
	r.u64(hSlotBytes).Store(uint64(r.geo.slotBytes))
	r.u64(hDataOffset).Store(uint64(r.geo.dataOffset))
	r.u64(hWriterPID).Store(uint64(os.Getpid()))
	r.i64(hHeartbeat).Store(time.Now().UnixNano())
	r.u64(hMagic).Store(magic)
}

// staleRing says whether an existing ring may be replaced, and why (or why not).
func staleRing(name string) (string, bool) {
	rd, err := Open(name)
	if errors.Is(err, ErrNotFound) {
		return "it vanished", true
	}
	if err != nil {
		return err.Error(), false
	}
	defer rd.Close()
	switch st := rd.WriterState(0); st {
	case WriterClosed, WriterGone:
		return "its writer is " + st.String(), true
	default:
		return fmt.Sprintf("its writer, pid %d, is alive", rd.r.u64(hWriterPID).Load()), false
	}
}

// Name is what the reader passes to Open.
func (w *Writer) Name() string { return w.name }

// Heartbeat tells readers the writer is alive while no frames come (a stalled source). Commit
// does the same for every frame.
func (w *Writer) Heartbeat() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.r.i64(hHeartbeat).Store(time.Now().UnixNano())
	}
}

// Close marks the ring closed, so readers report WriterClosed rather than WriterGone, unmaps it
// and removes its name. Readers that have it open keep their mapping until they close. Slices
// from Begin must not be used after Close.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.abort()
	w.r.u32(hClosed).Store(1)
	w.closed = true
	err := w.shm.unmap()
	w.r.mem = nil
	return errors.Join(err, removeShm(w.name))
}
