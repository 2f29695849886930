package gstreamer

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// launch runs gst-launch-1.0 with args until the test ends.
func launch(t *testing.T, args string) {
	t.Helper()
	if _, err := exec.LookPath("gst-launch-1.0"); err != nil {
		t.Fatal("gst-launch-1.0 is not installed: run installer/setup-debian.sh")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "gst-launch-1.0", append([]string{"-q"}, strings.Fields(args)...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
}

// rtpSender is the seed's software sender: a solid-colour test picture, H.264, RTP to port.
func rtpSender(t *testing.T, pattern string, port int, extra string) {
	launch(t, fmt.Sprintf("videotestsrc is-live=true pattern=%s ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 "+
		"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=300 ! video/x-h264,profile=high "+
		"! rtph264pay config-interval=-1 pt=96 %s ! udpsink host=127.0.0.1 port=%d", pattern, extra, port))
}

func rtpView(t *testing.T, port int) pipeline.Graph {
	t.Helper()
	src := spec.Source{Kind: spec.SourceRTP, Address: "127.0.0.1", Port: port, PayloadType: 96}
	g, err := pipeline.BuildView(spec.ViewSpec{Source: src}, pipeline.LinuxV4L2(), pipeline.ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func startView(t *testing.T, g pipeline.Graph, o ViewOptions) *View {
	t.Helper()
	if o.Name == "" {
		o.Name = strings.ReplaceAll(t.Name(), "/", "-")
	}
	v, err := StartView(context.Background(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Stop(time.Second) })
	return v
}

// frames reads frames from the ring until n have been seen or the time is up, calling check
// on each (the frame is valid only during the call).
func frames(t *testing.T, ring string, n int, within time.Duration, check func(framering.Frame)) int {
	t.Helper()
	rd, err := framering.Open(ring)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	got := 0
	deadline := time.Now().Add(within)
	for got < n && time.Now().Before(deadline) {
		f, ok, err := rd.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		got++
		if check != nil {
			check(f)
		}
	}
	return got
}

func near(got, want byte) bool { return int(got)-int(want) <= 24 && int(want)-int(got) <= 24 }

// An RTP stream from gst-launch-1.0 arrives in the ring as RGBA of the right size and colour,
// frame after frame; stats say the frame rate, bitrate and size; Stop removes the ring.
func TestViewRTPIntoRing(t *testing.T) {
	port := freePort(t)
	var rec recorder
	v := startView(t, rtpView(t, port), ViewOptions{OnEvent: rec.add, StatsEvery: 300 * time.Millisecond})
	rtpSender(t, "red", port, "")
	// The host's viewer keeps a second reader holding a frame while the first takes the next:
	// the writer must still never run out of slots.
	second, err := framering.Open(v.Ring())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, ok, _ := second.Acquire(); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no first frame")
		}
	}
	var lastSeq uint64
	n := frames(t, v.Ring(), 20, 15*time.Second, func(f framering.Frame) {
		if f.Width != 320 || f.Height != 240 || f.Stride < 320*4 || f.Format != framering.FormatRGBA {
			t.Fatalf("frame %dx%d stride %d format %v", f.Width, f.Height, f.Stride, f.Format)
		}
		if f.Seq <= lastSeq {
			t.Fatalf("seq %d after %d", f.Seq, lastSeq)
		}
		lastSeq = f.Seq
		for _, xy := range [][2]int{{0, 0}, {160, 120}, {319, 239}} {
			px := f.Pix[xy[1]*f.Stride+xy[0]*4:]
			if !near(px[0], 255) || !near(px[1], 0) || !near(px[2], 0) || px[3] != 255 {
				t.Fatalf("pixel %v = %v, want red", xy, px[:4])
			}
		}
		if f.CaptureMs != 0 {
			t.Fatalf("unstamped source gave capture time %d", f.CaptureMs)
		}
		if f.Seq%4 == 0 {
			time.Sleep(80 * time.Millisecond) // hold it while the writer moves on by two frames
		}
	})
	if n < 20 {
		t.Fatalf("%d frames in 15s", n)
	}
	time.Sleep(700 * time.Millisecond) // a stats period or two with frames flowing
	ev := rec.last(pluginapi.EventStats)
	if ev == nil || ev.Stats.FPS <= 0 || ev.Stats.BitrateBps <= 0 || ev.Stats.Width != 320 || ev.Stats.Height != 240 {
		t.Fatalf("stats %+v", ev)
	}
	// Compressed bitrate, not RGBA: 320x240 RGBA at 30 fps would be 74 Mbit/s.
	if ev.Stats.BitrateBps > 5e6 {
		t.Fatalf("bitrate %.0f bit/s counts decoded bytes", ev.Stats.BitrateBps)
	}
	frames, mean, dropped := v.HandOff()
	t.Logf("%d frames handed off, %v each (320x240 RGBA, pull+copy+stamp read+commit)", frames, mean)
	if dropped > 0 {
		t.Fatalf("%d frames dropped for want of a free slot with two readers", dropped)
	}

	ring := v.Ring()
	v.Stop(time.Second)
	if _, err := framering.Open(ring); !errors.Is(err, framering.ErrNotFound) {
		t.Fatalf("ring after Stop: %v, want ErrNotFound", err)
	}
}

// A stamped test source (gstcast's own sender, stamp on) gives frames whose capture time reads
// back from the RGBA pixels.
func TestViewStampedSource(t *testing.T) {
	port := freePort(t)
	v := startView(t, rtpView(t, port), ViewOptions{})
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Stamp: true, Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: port},
		Encoding: spec.Encoding{BitrateKbps: 800, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := Start(context.Background(), g, RunOptions{Name: "stamped-tx", Stamp: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Stop(time.Second)
	stamped := 0
	n := frames(t, v.Ring(), 15, 15*time.Second, func(f framering.Frame) {
		if f.CaptureMs == 0 {
			return
		}
		stamped++
		if d := time.Since(time.UnixMilli(f.CaptureMs)); d < -time.Second || d > 3*time.Second {
			t.Fatalf("capture time %v is %v from now", time.UnixMilli(f.CaptureMs), d)
		}
	})
	if n < 15 || stamped < n-1 { // the very first frame may be read before its stamp settles
		t.Fatalf("%d frames, %d stamped", n, stamped)
	}
}

// A file plays at its own rate through the probed decoder (H.264 in MP4) or decodebin (VP8 in
// WebM); at its end the pipeline ends and the ring is closed.
func TestViewFile(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, enc, mux, codec, color string }{
		{"clip.mp4", "x264enc speed-preset=ultrafast ! video/x-h264,profile=high", "mp4mux", "h264", "blue"},
		{"clip.webm", "vp8enc deadline=1", "webmmux", "x-vp8", "green"},
	} {
		t.Run(c.codec, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			out, err := exec.Command("gst-launch-1.0", append([]string{"-q"}, strings.Fields(fmt.Sprintf(
				"videotestsrc num-buffers=20 pattern=%s ! video/x-raw,format=I420,width=320,height=240,framerate=20/1 ! %s ! %s ! filesink location=%s",
				c.color, c.enc, c.mux, path))...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("make %s: %v\n%s", c.name, err, out)
			}
			codec, err := FileVideoCodec(path)
			if err != nil || codec != c.codec {
				t.Fatalf("codec %q, %v", codec, err)
			}
			vs := spec.ViewSpec{Source: spec.Source{Kind: spec.SourceFile, Path: path}}
			g, err := pipeline.BuildView(vs, pipeline.LinuxV4L2(), pipeline.ViewOptions{Decoder: "avdec_h264", FileCodec: codec})
			if err != nil {
				t.Fatal(err)
			}
			var rec recorder
			start := time.Now()
			v := startView(t, g, ViewOptions{OnEvent: rec.add})
			want := map[string][3]byte{"blue": {0, 0, 255}, "green": {0, 255, 0}}[c.color]
			n := frames(t, v.Ring(), 10, 10*time.Second, func(f framering.Frame) {
				px := f.Pix[120*f.Stride+160*4:]
				if f.Width != 320 || !near(px[0], want[0]) || !near(px[1], want[1]) || !near(px[2], want[2]) {
					t.Fatalf("%dx%d pixel %v, want %s", f.Width, f.Height, px[:4], c.color)
				}
			})
			if n < 10 {
				t.Fatalf("%d frames", n)
			}
			select {
			case <-v.Done():
			case <-time.After(10 * time.Second):
				t.Fatal("no end of file")
			}
			// 20 frames at 20 fps: synced to the clock, so about a second, not as fast as it decodes.
			if d := time.Since(start); d < 700*time.Millisecond {
				t.Fatalf("file played in %v: not synced", d)
			}
			if rec.find(pluginapi.EventEOS) == nil {
				t.Fatal("no EOS event")
			}
			waitGone(t, v.Ring())
		})
	}
}

func waitGone(t *testing.T, ring string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		rd, err := framering.Open(ring)
		if errors.Is(err, framering.ErrNotFound) {
			return
		}
		if err == nil {
			rd.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("ring %s still there after the pipeline ended: %v", ring, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A frame larger than the ring's slots moves the view to a larger ring, announced in an event,
// and frames go on there; the old ring is removed.
func TestViewRingGrows(t *testing.T) {
	port := freePort(t)
	var rec recorder
	v := startView(t, rtpView(t, port), ViewOptions{OnEvent: rec.add, SlotBytes: framering.SlotBytes(160, 120)})
	first := v.Ring()
	rtpSender(t, "red", port, "")
	deadline := time.Now().Add(15 * time.Second)
	var grown *pluginapi.Event
	for grown == nil {
		rec.mu.Lock()
		for i := range rec.evs {
			if rec.evs[i].Ring != "" {
				ev := rec.evs[i]
				grown = &ev
			}
		}
		rec.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatal("no ring-grown event")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if grown.Ring == first || grown.Ring != v.Ring() || !strings.Contains(grown.Message, "320x240") {
		t.Fatalf("event %+v (first ring %s, now %s)", grown, first, v.Ring())
	}
	waitGone(t, first)
	rd, err := framering.Open(grown.Ring)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for {
		f, ok, err := rd.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		if ok && f.Width == 320 && f.Height == 240 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no 320x240 frame in the new ring")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Frames beyond 8K fail the view with a clear error instead of crashing (checked without 8K
// video: grow refuses sizes above the limit).
func TestViewRingLimit(t *testing.T) {
	v := &View{}
	if err := v.grow(MaxViewWidth+16, 100); !errors.Is(err, framering.ErrTooLarge) {
		t.Fatalf("grow above the limit: %v", err)
	}
}

// Garbage on the UDP port never crashes the plugin nor makes frames. What is not RTP at all is
// dropped by the jitter buffer (one throttled warning) and the view stays up: the sender may yet
// start, and the ring's heartbeat tells the host the plugin is alive. What looks like H.264 RTP
// but holds a payload the depayloader refuses fails the view with ErrPipeline naming
// rtph264depay, as any corrupt stream does; the host reconnects.
func TestViewGarbageUDP(t *testing.T) {
	t.Run("not RTP", func(t *testing.T) {
		port := freePort(t)
		var rec recorder
		v := startView(t, rtpView(t, port), ViewOptions{OnEvent: rec.add})
		c, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		buf := make([]byte, 1400)
		for i := 0; i < 600; i++ {
			n := 1 + i%1400
			_, _ = rand.Read(buf[:n])
			buf[0] &^= 0xc0 // RTP version 0: not RTP
			_, _ = c.Write(buf[:n])
			if i%50 == 0 {
				time.Sleep(50 * time.Millisecond)
			}
		}
		if n := frames(t, v.Ring(), 1, 1500*time.Millisecond, nil); n != 0 {
			t.Fatalf("%d frames from garbage", n)
		}
		select {
		case <-v.Done():
			t.Fatalf("view ended on garbage: %v", v.Running().Err())
		default:
		}
		rd, err := framering.Open(v.Ring())
		if err != nil {
			t.Fatal(err)
		}
		defer rd.Close()
		if st := rd.WriterState(time.Second); st != framering.WriterLive {
			t.Fatalf("writer %v while the view is up", st)
		}
		rec.mu.Lock()
		warnings := 0
		for _, ev := range rec.evs {
			if ev.Type == pluginapi.EventWarning {
				warnings++
			}
		}
		rec.mu.Unlock()
		if warnings == 0 || warnings > 3 {
			t.Fatalf("%d warning events for 600 bad packets, want a few", warnings)
		}
		// Real video afterwards plays.
		rtpSender(t, "red", port, "")
		if n := frames(t, v.Ring(), 5, 15*time.Second, nil); n < 5 {
			t.Fatalf("%d frames after the garbage", n)
		}
	})
	t.Run("bad H.264 payload", func(t *testing.T) {
		port := freePort(t)
		var rec recorder
		v := startView(t, rtpView(t, port), ViewOptions{OnEvent: rec.add})
		c, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for i := 0; i < 20; i++ {
			pkt := make([]byte, 200)
			_, _ = rand.Read(pkt)
			pkt[0], pkt[1] = 0x80, 96 // RTP v2, no padding/extension/CSRC, payload type 96
			pkt[2], pkt[3] = 0, byte(i)
			pkt[12] = 27 // NAL unit type 27 (MTAP24), which rtph264depay does not support
			_, _ = c.Write(pkt)
			time.Sleep(10 * time.Millisecond)
		}
		select {
		case <-v.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("view did not fail")
		}
		if err := v.Running().Err(); !errors.Is(err, pluginapi.ErrPipeline) || !strings.Contains(err.Error(), "GstRtpH264Depay:depay") {
			t.Fatalf("err %v", err)
		}
		waitGone(t, v.Ring())
	})
}

// RTP that is not what the view expects (VP8 where H.264 is expected, or H.264 under another
// payload type) gives no frames and no hang: the view stays up or fails with a pipeline error,
// and stops promptly either way.
func TestViewWrongRTP(t *testing.T) {
	for _, c := range []struct{ name, sender string }{
		{"vp8", "videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 ! rtpvp8pay pt=96"},
		{"pt97", "videotestsrc is-live=true ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! x264enc tune=zerolatency " +
			"speed-preset=ultrafast key-int-max=15 ! rtph264pay config-interval=-1 pt=97"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := freePort(t)
			var rec recorder
			v := startView(t, rtpView(t, port), ViewOptions{OnEvent: rec.add})
			rd, err := framering.Open(v.Ring()) // before the sender: the view may fail at once
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			launch(t, fmt.Sprintf("%s ! udpsink host=127.0.0.1 port=%d", c.sender, port))
			for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if _, ok, _ := rd.Acquire(); ok {
					t.Fatal("a frame from the wrong stream")
				}
			}
			// While it is up, the stats show data arriving and nothing decoded, which is how the
			// window can say "data arrives but nothing decodes".
			// (The sender may start slowly on a loaded machine: wait for it.)
			for deadline := time.Now().Add(15 * time.Second); v.Running().Err() == nil; time.Sleep(100 * time.Millisecond) {
				seen := false
				rec.mu.Lock()
				for _, ev := range rec.evs {
					if ev.Type == pluginapi.EventStats && ev.Stats.FPS != 0 {
						t.Errorf("frames decoded from %s: %+v", c.name, ev.Stats)
					}
					seen = seen || ev.Type == pluginapi.EventStats && ev.Stats.ReceivedBps > 0
				}
				rec.mu.Unlock()
				if seen {
					break
				}
				if time.Now().After(deadline) {
					t.Errorf("no stats showed %s arriving", c.name)
					break
				}
			}
			start := time.Now()
			v.Stop(time.Second)
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("Stop took %v", d)
			}
			outcome := "stayed up"
			if err := v.Running().Err(); err != nil {
				outcome = err.Error()
			}
			t.Logf("%s: %s", c.name, outcome)
			waitGone(t, v.Ring())
		})
	}
}

// An RTSP URL whose port is closed fails quickly with rtspsrc's path in the error.
func TestViewRTSPClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	src := spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://" + addr + "/cam"}
	g, err := pipeline.BuildView(spec.ViewSpec{Source: src}, pipeline.LinuxV4L2(), pipeline.ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	start := time.Now()
	v, err := StartView(context.Background(), g, ViewOptions{Name: "closed", OnEvent: rec.add})
	if err == nil {
		select {
		case <-v.Done():
			err = v.Running().Err()
		case <-time.After(10 * time.Second):
		}
		v.Stop(time.Second)
	}
	if !errors.Is(err, pluginapi.ErrPipeline) || !strings.Contains(err.Error(), "GstRTSPSrc:src") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	t.Logf("after %v: %v", time.Since(start).Round(time.Millisecond), err)
}

func TestProbeDecoder(t *testing.T) {
	prof := pipeline.LinuxV4L2()
	d, _ := prof.DecoderByName("avdec_h264")
	if err := ProbeDecoder(context.Background(), d); err != nil {
		t.Fatalf("avdec_h264: %v", err)
	}
	// Without a software encoder there is no test video: the decoder is only known to exist.
	saved := testEncoders
	testEncoders = []string{"no-such-encoder"}
	err := ProbeDecoder(context.Background(), d)
	testEncoders = saved
	if !errors.Is(err, ErrNoTestVideo) {
		t.Fatalf("without an encoder: %v", err)
	}
	if HasElement("vah264dec") {
		t.Skip("vah264dec is installed here; the missing-element case cannot be checked")
	}
	d, _ = prof.DecoderByName("vah264dec")
	if err := ProbeDecoder(context.Background(), d); !errors.Is(err, ErrMissingElement) {
		t.Fatalf("vah264dec: %v", err)
	}
	// A decoder whose converter is missing is not usable either.
	jet, _ := pipeline.JetsonNvargus().DecoderByName("nvv4l2decoder")
	jet.Element = "avdec_h264"
	if err := ProbeDecoder(context.Background(), jet); !errors.Is(err, ErrMissingElement) || !strings.Contains(err.Error(), "nvvidconv") {
		t.Fatalf("missing converter: %v", err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	// Every view test stops its views: no ring of this process may be left in /dev/shm.
	if left, _ := filepath.Glob(filepath.Join(framering.Dir(), fmt.Sprintf("%s-%d-*", RingPrefix, os.Getpid()))); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "rings left behind: %v\n", left)
		code = 1
	}
	os.Exit(code)
}

func (r *recorder) last(t pluginapi.EventType) *pluginapi.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.evs) - 1; i >= 0; i-- {
		if r.evs[i].Type == t {
			ev := r.evs[i]
			return &ev
		}
	}
	return nil
}
