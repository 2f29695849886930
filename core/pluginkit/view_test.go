package pluginkit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

func newViewer() *Plugin {
	return New(withKinds(spec.SourceTest, spec.SourceFile, spec.SourceRTP, spec.SourceRTSP), Hooks{}, nil)
}

func freeUDPPort(t *testing.T) int {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func rtpViewSpec(port int) *spec.ViewSpec {
	return &spec.ViewSpec{Name: "cam", Source: spec.Source{Kind: spec.SourceRTP, URI: fmt.Sprintf("rtp://127.0.0.1:%d", port),
		Address: "127.0.0.1", Port: port, PayloadType: 96, Codec: "h264", LatencyMS: 50}}
}

// sendRTP runs the seed's software sender (gst-launch-1.0, x264) to port until the test ends.
func sendRTP(t *testing.T, port int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=smpte",
		"!", "video/x-raw,format=I420,width=320,height=240,framerate=30/1",
		"!", "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=15", "bitrate=300",
		"!", "video/x-h264,profile=high", "!", "rtph264pay", "config-interval=-1", "pt=96",
		"!", "udpsink", "host=127.0.0.1", fmt.Sprintf("port=%d", port))
	if err := cmd.Start(); err != nil {
		t.Fatalf("gst-launch-1.0: %v (run installer/setup-debian.sh)", err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
}

// Decoders are probed in the profile's order: on this machine (no hardware) avdec_h264 is
// chosen, and every other decoder says why not.
func TestDecoderChoice(t *testing.T) {
	p := newViewer()
	ctx := context.Background()
	dec, list, err := p.chooseDecoder(ctx, &spec.ViewSpec{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, d := range list {
		order = append(order, d.Element)
		if d.Reason == "" {
			t.Errorf("%s has no reason", d.Element)
		}
		t.Logf("%-14s hw=%-5v usable=%-5v chosen=%-5v %s", d.Element, d.Hardware, d.Usable, d.Chosen, d.Reason)
	}
	if strings.Join(order, ",") != "vah264dec,v4l2slh264dec,v4l2h264dec,nvh264dec,avdec_h264" {
		t.Errorf("order %v", order)
	}
	for _, d := range list {
		if d.Hardware && gstreamer.HasElement(d.Element) {
			t.Skipf("%s is installed here: which decoder wins depends on the hardware", d.Element)
		}
	}
	if dec != "avdec_h264" {
		t.Fatalf("chose %s", dec)
	}
	for _, d := range list[:4] {
		if d.Usable || d.Reason != "not installed" {
			t.Errorf("%s: %+v", d.Element, d)
		}
	}
	if last := list[4]; !last.Chosen || !strings.HasPrefix(last.Reason, "chosen: passed a test decode in ") {
		t.Errorf("avdec_h264: %+v", last)
	}

	// Software only: hardware decoders are skipped with a reason, not probed.
	_, sw, err := p.chooseDecoder(ctx, &spec.ViewSpec{Hardware: spec.HWSoftware})
	if err != nil || !strings.Contains(sw[0].Reason, "software was asked for") {
		t.Fatalf("software: %+v, %v", sw, err)
	}
	// Hardware only, on a machine without any: a clear error naming each decoder.
	_, _, err = p.chooseDecoder(ctx, &spec.ViewSpec{Hardware: spec.HWHardware})
	if !errors.Is(err, pluginapi.ErrNoDecoder) || !strings.Contains(err.Error(), "vah264dec: not installed") {
		t.Fatalf("hardware only: %v", err)
	}
	// Forced: one of the profile's, which must work.
	if dec, l, err := p.chooseDecoder(ctx, &spec.ViewSpec{Decoder: "avdec_h264"}); err != nil || dec != "avdec_h264" || !strings.HasPrefix(l[0].Reason, "forced: ") {
		t.Fatalf("forced avdec_h264: %s %+v %v", dec, l, err)
	}
	if _, _, err := p.chooseDecoder(ctx, &spec.ViewSpec{Decoder: "nvv4l2decoder"}); !errors.Is(err, pluginapi.ErrInvalidSpec) {
		t.Fatalf("decoder of another profile: %v", err)
	}
	if _, _, err := p.chooseDecoder(ctx, &spec.ViewSpec{Decoder: "vah264dec"}); !errors.Is(err, pluginapi.ErrNoDecoder) {
		t.Fatalf("forced missing decoder: %v", err)
	}
	// Cached: the second choice runs no test decode.
	start := time.Now()
	if _, _, err := p.chooseDecoder(ctx, &spec.ViewSpec{}); err != nil || time.Since(start) > 20*time.Millisecond {
		t.Fatalf("cached choice took %v (%v)", time.Since(start), err)
	}
}

// A view through the platform: the ring, the decoder and its reasons, the launch line, stats
// with the frame size, Pipeline(id), Watch and Stop (which removes the ring).
func TestViewLifecycle(t *testing.T) {
	p := newViewer()
	ctx := context.Background()
	port := freeUDPPort(t)
	v, err := p.StartView(ctx, rtpViewSpec(port))
	if err != nil {
		t.Fatal(err)
	}
	if v.ID == "" || !strings.HasPrefix(v.Ring, gstreamer.RingPrefix+"-") || v.Decoder != "avdec_h264" || v.Hardware ||
		len(v.Decoders) != 5 || !strings.Contains(v.Launch, "appsink") || !strings.Contains(v.Launch, "avdec_h264") {
		t.Fatalf("started %+v", v)
	}
	rd, err := framering.Open(v.Ring)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	ch, err := p.Watch(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The replayed state is "playing", or "starting" when the pipeline has not said so yet (a
	// loaded machine); "playing" must follow.
	for first := <-ch; first.State != pluginapi.StatePlaying; first = <-ch {
		if first.State != pluginapi.StateStarting {
			t.Fatalf("first event %+v", first)
		}
	}
	// The port is the view's now: a second view (or stream) on it is refused.
	if _, err := p.StartView(ctx, rtpViewSpec(port)); !errors.Is(err, pluginapi.ErrPortInUse) {
		t.Fatalf("second view on the port: %v", err)
	}
	sendRTP(t, port)
	timeout := time.After(15 * time.Second)
	for got := false; !got; {
		select {
		case ev := <-ch:
			got = ev.Type == pluginapi.EventStats && ev.Stats.FPS > 0 && ev.Stats.Width == 320 && ev.Stats.Height == 240 && ev.Stats.BitrateBps > 0
		case <-timeout:
			t.Fatal("no stats with frames")
		}
	}
	f, ok, err := rd.Acquire()
	if err != nil || !ok || f.Width != 320 || f.Height != 240 {
		t.Fatalf("frame %v %v %dx%d", ok, err, f.Width, f.Height)
	}
	// A view's plan is its launch line: no encoder, and the decoder is not called one.
	plan, err := p.Pipeline(ctx, v.ID, nil)
	if err != nil || plan.Launch != v.Launch || plan.Encoder != "" || len(plan.Encoders) != 0 {
		t.Fatalf("Pipeline(id) = %+v, %v", plan, err)
	}
	if err := p.Stop(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	for range ch {
	}
	if st := rd.WriterState(0); st != framering.WriterClosed {
		t.Fatalf("writer %v after Stop", st)
	}
	if _, err := framering.Open(v.Ring); !errors.Is(err, framering.ErrNotFound) {
		t.Fatalf("ring after Stop: %v", err)
	}
	if err := p.Stop(ctx, v.ID); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("second Stop: %v", err)
	}
}

// StopAll, what a plugin runs when the host goes away, removes every view's ring.
func TestStopAllRemovesRings(t *testing.T) {
	p := newViewer()
	var rings []string
	for range 2 {
		v, err := p.StartView(context.Background(), rtpViewSpec(freeUDPPort(t)))
		if err != nil {
			t.Fatal(err)
		}
		rings = append(rings, v.Ring)
	}
	p.StopAll()
	for _, r := range rings {
		if _, err := framering.Open(r); !errors.Is(err, framering.ErrNotFound) {
			t.Fatalf("ring %s after StopAll: %v", r, err)
		}
	}
}

func TestViewErrors(t *testing.T) {
	p := newViewer()
	ctx := context.Background()
	// An RTSP server that is not there: a pipeline error naming rtspsrc, quickly.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start := time.Now()
	_, err = p.StartView(ctx, &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: "rtsp://" + addr + "/cam", URL: "rtsp://" + addr + "/cam", LatencyMS: 50}})
	if !errors.Is(err, pluginapi.ErrPipeline) || !strings.Contains(err.Error(), "GstRTSPSrc") || time.Since(start) > 5*time.Second {
		t.Fatalf("closed RTSP port after %v: %v", time.Since(start), err)
	}
	for _, c := range []struct {
		v    *spec.ViewSpec
		want error
	}{
		{nil, pluginapi.ErrInvalidSpec},
		{&spec.ViewSpec{Source: spec.Source{Kind: spec.SourceTest}}, pluginapi.ErrInvalidSpec},
		{&spec.ViewSpec{Source: spec.Source{Kind: spec.SourceFile, URI: "file:///no/such.mp4", Path: "/no/such.mp4"}}, pluginapi.ErrFileNotFound},
		{&spec.ViewSpec{Source: rtpViewSpec(5000).Source, Decoder: "x264enc"}, pluginapi.ErrInvalidSpec},
	} {
		if _, err := p.StartView(ctx, c.v); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.v, err, c.want)
		}
	}
	// A plugin without RTSP sources says so.
	if _, err := newLinux().StartView(ctx, &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: "rtsp://h/x", URL: "rtsp://h/x"}}); !errors.Is(err, pluginapi.ErrUnsupported) {
		t.Errorf("rtsp on a plugin without it: %v", err)
	}
}

// An RTSP server that ends the stream is a dropout, reported as an error so the host
// reconnects, not as the end of the view.
func TestRTSPViewEndIsDropout(t *testing.T) {
	srv, err := rtspserver.StartServer(rtspserver.ServerConfig{Address: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	m, err := srv.AddMount(rtspserver.MountConfig{Path: "/cam", Readers: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := pipeline.BuildStream(spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputServe, Mount: "cam"},
		Encoding: spec.Encoding{BitrateKbps: 300, KeyframeInterval: 15},
	}, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "served", Serve: m})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Stop(time.Second)
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	p := newViewer()
	defer p.StopAll()
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/cam", srv.Port())
	v, err := p.StartView(context.Background(), &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: url, URL: url, LatencyMS: 50}})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := p.Watch(context.Background(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	m.Remove()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("watch ended without an error")
			}
			if ev.Type == pluginapi.EventEOS {
				t.Fatalf("RTSP end of stream reported as the end: %+v", ev)
			}
			if ev.Type == pluginapi.EventError {
				if ev.Reason != "PIPELINE" || !strings.Contains(ev.Message, "ended the stream") {
					t.Fatalf("error %+v", ev)
				}
				return
			}
		case <-timeout:
			t.Fatal("no error after the mount was removed")
		}
	}
}

// File views: H.264 goes through the probed decoder, other codecs through decodebin, and the
// plan says which.
func TestFileViews(t *testing.T) {
	dir := t.TempDir()
	p := newViewer()
	defer p.StopAll()
	for _, c := range []struct{ name, enc, mux, decoder string }{
		{"a.mp4", "x264enc speed-preset=ultrafast ! video/x-h264,profile=high", "mp4mux", "avdec_h264"},
		{"a.webm", "vp8enc deadline=1", "webmmux", "decodebin"},
	} {
		path := dir + "/" + c.name
		args := strings.Fields(fmt.Sprintf("-q videotestsrc num-buffers=10 ! video/x-raw,format=I420,width=320,height=240 ! %s ! %s ! filesink location=%s", c.enc, c.mux, path))
		if out, err := exec.Command("gst-launch-1.0", args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		v, err := p.StartView(context.Background(), &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceFile, URI: "file://" + path, Path: path}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Decoder != c.decoder || len(v.Decoders) == 0 || !strings.Contains(v.Launch, c.decoder) {
			t.Errorf("%s: %+v", c.name, v)
		}
		if c.decoder == "decodebin" && !strings.Contains(v.Decoders[0].Reason, "x-vp8") {
			t.Errorf("decodebin reason %q", v.Decoders[0].Reason)
		}
	}
}
