package stamp

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

func freePort(t *testing.T) int {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// stampedSender is gstcast's own sender graph for a stamped test source, RTP to port.
func stampedSender(t *testing.T, port int, pattern string, w, h, kbps int) pipeline.Graph {
	t.Helper()
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: pattern, Stamp: true, Width: w, Height: h, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: port},
		Encoding: spec.Encoding{BitrateKbps: kbps, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// counter counts the receiver's frames, stamped and not, and the worst latency seen.
type counter struct{ stamped, unstamped, worstMs atomic.Int64 }

func (c *counter) onFrame(captured, arrived time.Time) {
	if captured.IsZero() {
		c.unstamped.Add(1)
		return
	}
	c.stamped.Add(1)
	if d := arrived.Sub(captured).Milliseconds(); d > c.worstMs.Load() {
		c.worstMs.Store(d)
	}
}

func (c *counter) waitStamped(t *testing.T, n int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for c.stamped.Load() < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
}

// A stamped test source survives x264 at 1 Mbit/s, RTP and decoding: the receiver reads the
// capture time back from the pixels, and the latency it gives is plausible for loopback.
func TestStampSurvivesH264At1Mbps(t *testing.T) {
	port := freePort(t)
	var c counter
	rx, err := StartReceiver(ReceiverOptions{Port: port, OnFrame: c.onFrame})
	if err != nil {
		t.Fatal(err)
	}
	defer rx.Stop()
	r, err := gstreamer.Start(context.Background(), stampedSender(t, port, "snow", 640, 360, 1000), gstreamer.RunOptions{Name: "stamped", Stamp: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	c.waitStamped(t, 30, 20*time.Second)
	// "snow" is the hardest pattern for the encoder: every stamp must still read back.
	if c.stamped.Load() < 30 || c.unstamped.Load() > 0 {
		t.Fatalf("stamped %d, unstamped %d", c.stamped.Load(), c.unstamped.Load())
	}
	if w := c.worstMs.Load(); w < 0 || w > 2000 {
		t.Fatalf("implausible loopback latency %d ms", w)
	}
	rx.Stop()
	select {
	case <-rx.Done():
	default:
		t.Fatal("receiver not done after Stop")
	}
	rx.Stop() // twice is harmless
}

// The baseline sender runs the very line gstcast prints (parsed back into a graph) with the
// stamp on the capsfilter after videotestsrc, and the receiver reads its stamps.
func TestBaselineSender(t *testing.T) {
	port := freePort(t)
	g := stampedSender(t, port, "ball", 320, 240, 500)
	words, err := SplitShell(g.LaunchLine())
	if err != nil {
		t.Fatal(err)
	}
	var c counter
	rx, err := StartReceiver(ReceiverOptions{Port: port, OnFrame: c.onFrame})
	if err != nil {
		t.Fatal(err)
	}
	defer rx.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	sent := make(chan error, 1)
	go func() { sent <- SendBaseline(ctx, words) }()
	c.waitStamped(t, 15, 20*time.Second)
	cancel()
	if err := <-sent; err != nil {
		t.Fatalf("baseline sender: %v", err)
	}
	if c.stamped.Load() < 15 {
		t.Fatalf("stamped %d, unstamped %d", c.stamped.Load(), c.unstamped.Load())
	}
	if _, err := BaselineGraph([]string{"gst-launch-1.0", "-e", "fakesrc", "!", "fakesink"}); err == nil {
		t.Fatal("a line without videotestsrc was taken as a stamped baseline")
	}
}

// Watch reads stamps from a plain client's RGBA frames at an element in front of its sink.
func TestWatch(t *testing.T) {
	port := freePort(t)
	src := spec.Source{Kind: spec.SourceRTP, Address: "127.0.0.1", Port: port, PayloadType: 96}
	client, err := pipeline.BuildReceiver(src, pipeline.LinuxV4L2(), "avdec_h264",
		pipeline.Element{Factory: "fakesink", Props: []pipeline.Prop{{Name: "sync", Value: "false"}}})
	if err != nil {
		t.Fatal(err)
	}
	n := len(client.Elements)
	client.Elements = append(client.Elements[:n-1:n-1],
		pipeline.Element{Factory: "capsfilter", Caps: "video/x-raw,format=RGBA"},
		pipeline.Element{Factory: "identity", Name: "at"},
		client.Elements[n-1])
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var c counter
	watched := make(chan error, 1)
	go func() {
		watched <- Watch(ctx, client, "at", func(captured, shown time.Time) {
			c.onFrame(captured, shown)
			if c.stamped.Load() >= 15 {
				cancel()
			}
		})
	}()
	time.Sleep(300 * time.Millisecond) // the client's port is bound before the sender starts
	r, err := gstreamer.Start(context.Background(), stampedSender(t, port, "ball", 320, 240, 500), gstreamer.RunOptions{Name: "stamped", Stamp: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	if err := <-watched; err != nil {
		t.Fatalf("watch: %v", err)
	}
	if c.stamped.Load() < 15 {
		t.Fatalf("%d stamped frames watched", c.stamped.Load())
	}
	if w := c.worstMs.Load(); w < 0 || w > 2000 {
		t.Fatalf("implausible loopback latency %d ms", w)
	}
}
