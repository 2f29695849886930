package gstreamer

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/pipeline"
)

// BenchmarkViewHandOff is the per-frame cost of a view's hand-off (copyToRing: map the decoded
// RGBA sample, copy it into a ring slot, read the capture stamp, publish) beside the baseline,
// a plain copy of the same bytes into one of three Go buffers in turn. Both run in alternation
// on the same frame in the same process; medians and their ratio are reported.
func BenchmarkViewHandOff(b *testing.B) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"720p", 1280, 720}, {"1080p", 1920, 1080}, {"2160p", 3840, 2160}} {
		b.Run(sz.name, func(b *testing.B) {
			s, stop := oneRGBASample(b, sz.w, sz.h)
			defer stop()
			ring, err := framering.Create(framering.NewName("bench"), 0, framering.SlotBytes(sz.w, sz.h))
			if err != nil {
				b.Fatal(err)
			}
			defer ring.Close()
			info := newVideoInfo()
			defer info.free()
			n := framering.SlotBytes(sz.w, sz.h)
			src := make([]byte, n)
			var dst [framering.DefaultSlots][]byte
			for i := range dst {
				dst[i] = make([]byte, n)
			}
			var hand, base []time.Duration
			k := 0
			for b.Loop() {
				t0 := time.Now()
				if _, _, err := copyToRing(ring, s, info); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				copy(dst[k], src)
				t2 := time.Now()
				k = (k + 1) % len(dst)
				hand, base = append(hand, t1.Sub(t0)), append(base, t2.Sub(t1))
			}
			mh, mb := median(hand), median(base)
			b.ReportMetric(float64(mh.Nanoseconds()), "handoff-ns/frame")
			b.ReportMetric(float64(mb.Nanoseconds()), "memcpy-ns/frame")
			b.ReportMetric(float64(mh)/float64(mb), "ratio")
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// oneRGBASample pulls one w x h RGBA frame from a test source through an appsink.
func oneRGBASample(b *testing.B, w, h int) (sample, func()) {
	b.Helper()
	g := pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "videotestsrc", Name: pipeline.NameSource, Props: []pipeline.Prop{{Name: "num-buffers", Value: "1"}}},
		{Factory: "capsfilter", Name: pipeline.NameRGBA, Caps: fmt.Sprintf("video/x-raw,format=RGBA,width=%d,height=%d", w, h)},
		pipeline.ViewSink(false),
	}}
	bt, err := build(g, "bench-sample")
	if err != nil {
		b.Fatal(err)
	}
	r, err := run(context.Background(), bt, RunOptions{})
	if err != nil {
		b.Fatal(err)
	}
	s, ok := pullSample(bt.named[pipeline.NameSink], 5*time.Second)
	if !ok {
		r.shutdown()
		b.Fatal("no sample")
	}
	return s, func() { s.unref(); r.shutdown() }
}
