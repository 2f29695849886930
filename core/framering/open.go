package framering

import (
	"fmt"
	"sync"
)

// Reader takes frames out of a ring, newest first. Its methods may be called from several
// goroutines (WriterState from the UI, Acquire from a render loop).
type Reader struct {
	mu      sync.Mutex
	name    string
	shm     *shm
	r       ring
	held    int    // slot this reader holds; -1 when none
	lastSeq uint64 // of the frame acquired last
	closed  bool
}

// Open maps an existing ring. It fails with ErrBadName, ErrNotFound, ErrNotRing, ErrVersion
// or ErrCorrupt, wrapped with details.
func Open(name string) (*Reader, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("open frame ring: %w", err)
	}
	s, err := openShm(name)
	if err != nil {
		return nil, fmt.Errorf("open frame ring %q: %w", name, err)
	}
	geo, err := readHeader(s.mem)
	if err != nil {
		_ = s.unmap()
		return nil, fmt.Errorf("open frame ring %q: %w", name, err)
	}
	return &Reader{name: name, shm: s, r: ring{mem: s.mem, geo: geo}, held: -1}, nil
}

func readHeader(mem []byte) (geometry, error) {
	r := ring{mem: mem}
	if m := r.u64(hMagic).Load(); m != magic {
		return geometry{}, fmt.Errorf("%w (magic %#x, want %#x)", ErrNotRing, m, uint64(magic))
	}
	if v := r.u32(hVersion).Load(); v != Version {
		return geometry{}, fmt.Errorf("%w: the ring has layout version %d, this build reads version %d", ErrVersion, v, Version)
	}
	slots, slotBytes, data := r.u32(hSlots).Load(), r.u64(hSlotBytes).Load(), r.u64(hDataOffset).Load()
	if slotBytes > maxTotal {
		return geometry{}, fmt.Errorf("%w: slot size %d", ErrCorrupt, slotBytes)
	}
	geo, ok := newGeometry(int(slots), int(slotBytes))
	if !ok || uint64(geo.slotBytes) != slotBytes || uint64(geo.dataOffset) != data || geo.total > len(mem) {
		return geometry{}, fmt.Errorf("%w: %d slots of %d bytes from offset %d in %d bytes", ErrCorrupt, slots, slotBytes, data, len(mem))
	}
	return geo, nil
}

// Name is the ring's name.
func (r *Reader) Name() string { return r.name }

// Close releases the held slot and unmaps the ring: Pix and Image of every frame from this
// reader become invalid (using them faults).
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.release()
	r.closed = true
	err := r.shm.unmap()
	r.r.mem = nil
	return err
}
