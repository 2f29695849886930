package gstreamer

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
)

func tapGraph(n int, caps string, sink pipeline.Element) pipeline.Graph {
	return pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "videotestsrc", Name: pipeline.NameSource, Props: []pipeline.Prop{{Name: "num-buffers", Value: strconv.Itoa(n)}, {Name: "pattern", Value: "white"}}},
		{Factory: "capsfilter", Caps: caps},
		{Factory: "identity", Name: "at"},
		sink,
	}}
}

func appsink() pipeline.Element {
	return pipeline.Element{Factory: "appsink", Name: pipeline.NameSink, Props: []pipeline.Prop{
		{Name: "sync", Value: "false"}, {Name: "max-buffers", Value: "2"}, {Name: "enable-last-sample", Value: "false"}}}
}

func runTap(t *testing.T, g pipeline.Graph, tap *FrameTap) *Running {
	t.Helper()
	r, err := Start(context.Background(), g, RunOptions{Name: strings.ReplaceAll(t.Name(), "/", "-"), Tap: tap})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("no end of stream")
	}
	r.Stop(time.Second)
	return r
}

// A tap on an appsink pulls every frame, with the format, size and stride of its caps (the
// stride of odd widths is padded), and the pixels in Pix; a tap on another element sees the
// frames pass on their way to the sink.
func TestFrameTap(t *testing.T) {
	for _, c := range []struct {
		name, caps, format string
		w, h, stride       int
		white              byte
		sink               pipeline.Element
		at                 string
	}{
		{"appsink I420", "video/x-raw,format=I420,width=322,height=240", "I420", 322, 240, 324, 235, appsink(), pipeline.NameSink},
		{"probe RGBA", "video/x-raw,format=RGBA,width=320,height=180", "RGBA", 320, 180, 1280, 255,
			pipeline.Element{Factory: "fakesink", Name: pipeline.NameSink}, "at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var n, bad atomic.Int64
			var first Frame
			runTap(t, tapGraph(20, c.caps, c.sink), &FrameTap{At: c.at, OnFrame: func(f Frame) {
				if n.Add(1) == 1 {
					first = f
					first.Pix = nil
				}
				if f.Format != c.format || f.Width != c.w || f.Height != c.h || f.Stride != c.stride ||
					len(f.Pix) != c.stride*c.h || f.Pix[0] != c.white || f.Pix[(c.h-1)*c.stride+c.w-1] != c.white ||
					time.Since(f.Arrived) > 5*time.Second {
					bad.Add(1)
				}
			}})
			if n.Load() != 20 || bad.Load() != 0 {
				t.Fatalf("%d frames, %d not as expected; the first: %+v", n.Load(), bad.Load(), first)
			}
		})
	}
}

// Tapped samples are released at once: 300 1080p frames (900 MB) through a tap do not pile up
// waiting for the garbage collector.
func TestFrameTapReleasesFrames(t *testing.T) {
	before := rssMB(t)
	var n atomic.Int64
	start := time.Now()
	runTap(t, tapGraph(300, "video/x-raw,format=I420,width=1920,height=1080", appsink()), &FrameTap{At: pipeline.NameSink,
		OnFrame: func(Frame) { n.Add(1) }})
	if grown := rssMB(t) - before; n.Load() < 100 || grown > 200 {
		t.Fatalf("%d frames, RSS grew by %d MB", n.Load(), grown)
	} else {
		t.Logf("%d 1080p frames in %v, RSS grew by %d MB", n.Load(), time.Since(start).Round(time.Millisecond), grown)
	}
}

func rssMB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm on this OS")
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.Atoi(f[1])
	return pages * os.Getpagesize() >> 20
}

func TestFrameTapErrors(t *testing.T) {
	// fakesink: an appsink nobody pulls would hold the end of stream back (it waits to be drained)
	g := tapGraph(1, "video/x-raw", pipeline.Element{Factory: "fakesink", Name: pipeline.NameSink})
	for _, tap := range []*FrameTap{
		{At: "nothing", OnFrame: func(Frame) {}},
		{At: pipeline.NameSink},
		{At: pipeline.NameSource, OnFrame: func(Frame) {}}, // videotestsrc has a src pad: fine
	} {
		r, err := Start(context.Background(), g, RunOptions{Name: "taperr", Tap: tap})
		if tap.At == pipeline.NameSource {
			if err != nil {
				t.Errorf("tap at the source: %v", err)
			} else {
				r.Stop(time.Second)
			}
			continue
		}
		if err == nil {
			r.Stop(time.Second)
			t.Errorf("tap %+v started", tap)
		}
	}
}
