// Package framestamp paints a capture time into a video frame's pixels and reads it back, so
// latency can be measured glass to glass through any encoder, network and decoder: metadata
// does not survive an H.264 round trip, large black and white blocks do.
//
// The stamp is an 8x8 grid of square cells in the top-left corner of the luma plane. Each cell
// is one bit, black (16) for 0 and white (235) for 1, read MSB first, row by row:
//
//	bits  0..7   marker 0xA5 (tells a stamped frame from an unstamped one)
//	bits  8..55  capture time, milliseconds since the Unix epoch (48 bits, good until year 10889)
//	bits 56..63  checksum: XOR of the six time bytes and the marker
//
// Cells are 16x16 pixels, so the stamp covers 128x128 pixels and survives 1 Mbit/s H.264:
// a reader samples the centre of each cell and thresholds at mid-grey. Any tool can read it:
// decode to luma (or RGB and use any channel), sample at (x*16+8, y*16+8), threshold at 128.
package framestamp

import (
	"errors"
	"time"
)

const (
	Cell   = 16 // pixels per cell side
	Grid   = 8  // cells per side
	Size   = Cell * Grid
	marker = 0xA5
	black  = 16
	white  = 235
)

// ErrNoStamp says the frame carries no valid stamp.
var ErrNoStamp = errors.New("no frame stamp")

func encode(t time.Time) uint64 {
	ms := uint64(t.UnixMilli()) & (1<<48 - 1)
	sum := byte(marker)
	for i := 0; i < 6; i++ {
		sum ^= byte(ms >> (8 * i))
	}
	return uint64(marker)<<56 | ms<<8 | uint64(sum)
}

// Paint writes the stamp for t into an 8-bit luma plane (I420/NV12 Y, GRAY8) of the given
// stride. Frames smaller than the stamp are left alone.
func Paint(luma []byte, stride, width, height int, t time.Time) {
	if width < Size || height < Size || stride < width || len(luma) < stride*(Size-1)+Size {
		return
	}
	v := encode(t)
	for bit := 0; bit < 64; bit++ {
		val := byte(black)
		if v>>(63-bit)&1 == 1 {
			val = white
		}
		cx, cy := bit%Grid, bit/Grid
		for y := cy * Cell; y < (cy+1)*Cell; y++ {
			row := luma[y*stride+cx*Cell : y*stride+(cx+1)*Cell]
			for i := range row {
				row[i] = val
			}
		}
	}
}

// Sampler returns the brightness (0..255) of pixel (x, y).
type Sampler func(x, y int) byte

// Read decodes the stamp through a sampler, so it works on any pixel layout.
func Read(sample Sampler, width, height int) (time.Time, error) {
	if width < Size || height < Size {
		return time.Time{}, ErrNoStamp
	}
	var v uint64
	for bit := 0; bit < 64; bit++ {
		cx, cy := bit%Grid, bit/Grid
		// Average a 4x4 patch in the cell's centre: robust to ringing at block edges.
		sum := 0
		for dy := -2; dy < 2; dy++ {
			for dx := -2; dx < 2; dx++ {
				sum += int(sample(cx*Cell+Cell/2+dx, cy*Cell+Cell/2+dy))
			}
		}
		v <<= 1
		if sum/16 >= 128 {
			v |= 1
		}
	}
	if byte(v>>56) != marker {
		return time.Time{}, ErrNoStamp
	}
	ms := v >> 8 & (1<<48 - 1)
	sum := byte(marker)
	for i := 0; i < 6; i++ {
		sum ^= byte(ms >> (8 * i))
	}
	if sum != byte(v) {
		return time.Time{}, ErrNoStamp
	}
	return time.UnixMilli(int64(ms)), nil
}

// ReadLuma reads the stamp from an 8-bit luma plane.
func ReadLuma(luma []byte, stride, width, height int) (time.Time, error) {
	if stride < width || len(luma) < stride*(Size-1)+Size {
		return time.Time{}, ErrNoStamp
	}
	return Read(func(x, y int) byte { return luma[y*stride+x] }, width, height)
}

// ReadRGBA reads the stamp from packed RGBA pixels (what viewers draw), using the green channel.
func ReadRGBA(pix []byte, stride, width, height int) (time.Time, error) {
	if stride < width*4 || len(pix) < stride*(Size-1)+Size*4 {
		return time.Time{}, ErrNoStamp
	}
	return Read(func(x, y int) byte { return pix[y*stride+x*4+1] }, width, height)
}
