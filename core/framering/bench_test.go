package framering

import (
	"testing"
)

var benchSizes = []struct {
	name          string
	width, height int
}{
	{"720p", 1280, 720},
	{"1080p", 1920, 1080},
}

// BenchmarkFrame is the per-frame cost of the hand-off, Write (one copy into a slot) plus
// Acquire and Release, beside the baseline: a plain copy of the same frame into one of three
// buffers in turn, the ring's working set. The ratio is the ring's overhead.
func BenchmarkFrame(b *testing.B) {
	for _, sz := range benchSizes {
		n := SlotBytes(sz.width, sz.height)
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i)
		}
		b.Run(sz.name+"/ring", func(b *testing.B) {
			w, err := Create(NewName("bench"), 0, n)
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			r, err := Open(w.Name())
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			var sum byte
			for b.Loop() {
				if _, err := w.Write(sz.width, sz.height, sz.width*4, src, Stamp{}); err != nil {
					b.Fatal(err)
				}
				f, ok, err := r.Acquire()
				if !ok || err != nil {
					b.Fatalf("Acquire: %v, %v", ok, err)
				}
				sum += f.Pix[n-1]
				r.Release()
			}
			reportFrames(b, n)
			_ = sum
		})
		b.Run(sz.name+"/memcpy", func(b *testing.B) {
			var dst [DefaultSlots][]byte
			for i := range dst {
				dst[i] = make([]byte, n)
			}
			var k int
			for b.Loop() {
				copy(dst[k], src)
				k = (k + 1) % len(dst)
			}
			reportFrames(b, n)
		})
	}
}

func reportFrames(b *testing.B, frameBytes int) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns, "ns/frame")
	b.ReportMetric(float64(frameBytes)/ns*1e3, "MB/s")
}
