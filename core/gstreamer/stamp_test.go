package gstreamer

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

// A stamped test source survives x264 at 1 Mbit/s, RTP and decoding: the receiver reads the
// capture time back from the pixels, and the latency it gives is plausible for loopback.
func TestStampSurvivesH264At1Mbps(t *testing.T) {
	port := freePort(t)
	var stamped, unstamped atomic.Int64
	var worst atomic.Int64
	rx, err := StartStampReceiver(StampReceiverOptions{Port: port, OnFrame: func(captured, arrived time.Time) {
		if captured.IsZero() {
			unstamped.Add(1)
			return
		}
		stamped.Add(1)
		if d := arrived.Sub(captured).Milliseconds(); d > worst.Load() {
			worst.Store(d)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer rx.Stop()

	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "snow", Stamp: true, Width: 640, Height: 360, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: port},
		Encoding: spec.Encoding{BitrateKbps: 1000, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), g, RunOptions{Name: "stamped", Stamp: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for stamped.Load() < 30 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	// "snow" is the hardest pattern for the encoder: every stamp must still read back.
	if stamped.Load() < 30 || unstamped.Load() > 0 {
		t.Fatalf("stamped %d, unstamped %d", stamped.Load(), unstamped.Load())
	}
	if w := worst.Load(); w < 0 || w > 2000 {
		t.Fatalf("implausible loopback latency %d ms", w)
	}
}
