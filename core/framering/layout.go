package framering

import (
	"sync/atomic"
	"unsafe"
)

// Version is the layout version this package writes and reads. Change it with any change to
// the offsets below; a reader refuses a ring of another version rather than misread it.
const Version = 1

const (
	// DefaultSlots is what Create uses when asked for 0 slots: enough for one reader.
	DefaultSlots = 3
	// MinSlots is the least that lets the writer always find a free slot with one reader.
	MinSlots = 3
	// MaxSlots is bounded by the 8 bits that hold the slot index in the header's latest word.
	MaxSlots = 64

	magic      = 0x474E495243545347 // "GSTCRING" as little-endian bytes
	pageSize   = 4096
	headerSize = 128
	slotSize   = 128
	maxTotal   = 1 << 40 // refuses nonsense sizes before they overflow an int
)

// Header word offsets.
const (
	hMagic      = 0
	hVersion    = 8
	hSlots      = 12
	hSlotBytes  = 16
	hDataOffset = 24
	hWriterPID  = 32
	hHeartbeat  = 40
	hClosed     = 48
	hLatest     = 56
)

// Slot descriptor word offsets, relative to the descriptor.
const (
	sLock      = 0
	sHolds     = 8
	sSeq       = 16
	sWidth     = 24
	sHeight    = 28
	sStride    = 32
	sFormat    = 36
	sPTS       = 40
	sCaptureMs = 48
	sWritten   = 56
)

// SlotBytes is the slot capacity a width x height RGBA frame with tight rows needs. Pass it
// (or the largest size expected) to Create.
func SlotBytes(width, height int) int { return width * height * 4 }

// frameBytes is stride*height, or ok=false when the sizes make no sense (zero, stride shorter
// than a row of RGBA) or exceed capacity; uint64 math so no value overflows on 32-bit systems.
func frameBytes(width, height, stride, capacity int) (n uint64, ok bool) {
	if width <= 0 || height <= 0 || stride <= 0 || uint64(stride) < uint64(width)*4 {
		return 0, false
	}
	n = uint64(stride) * uint64(height)
	return n, n <= uint64(capacity)
}

// geometry is where things are in a ring of the given shape.
type geometry struct {
	slots      int
	slotBytes  int // rounded up to a page
	dataOffset int
	total      int
}

func roundPage(n uint64) uint64 { return (n + pageSize - 1) &^ (pageSize - 1) }

// newGeometry returns ok=false when the sizes are out of range or would overflow.
func newGeometry(slots, slotBytes int) (geometry, bool) {
	if slots < MinSlots || slots > MaxSlots || slotBytes <= 0 || uint64(slotBytes) > maxTotal {
		return geometry{}, false
	}
	sb := roundPage(uint64(slotBytes))
	data := roundPage(headerSize + uint64(slots)*slotSize)
	total := data + uint64(slots)*sb
	if total > maxTotal || total > uint64(maxInt) {
		return geometry{}, false
	}
	return geometry{slots: slots, slotBytes: int(sb), dataOffset: int(data), total: int(total)}, true
}

const maxInt = int(^uint(0) >> 1)

// ring is the typed view of a mapping shared by Writer and Reader.
type ring struct {
	mem []byte
	geo geometry
}

func (r *ring) u64(off int) *atomic.Uint64 { return (*atomic.Uint64)(unsafe.Pointer(&r.mem[off])) }
func (r *ring) i64(off int) *atomic.Int64  { return (*atomic.Int64)(unsafe.Pointer(&r.mem[off])) }
func (r *ring) u32(off int) *atomic.Uint32 { return (*atomic.Uint32)(unsafe.Pointer(&r.mem[off])) }

func slotOff(i int) int { return headerSize + i*slotSize }

func (r *ring) lock(i int) *atomic.Uint64  { return r.u64(slotOff(i) + sLock) }
func (r *ring) holds(i int) *atomic.Uint64 { return r.u64(slotOff(i) + sHolds) }

// pix is slot i's pixel area, capped so appends cannot run into the next slot.
func (r *ring) pix(i, n int) []byte {
	off := r.geo.dataOffset + i*r.geo.slotBytes
	return r.mem[off : off+n : off+n]
}

func packLatest(seq uint64, slot int) uint64 { return seq<<8 | uint64(slot) }
func unpackLatest(v uint64) (seq uint64, slot int) {
	return v >> 8, int(v & 0xff)
}
