package pluginkit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// withKinds is the linux-v4l2 profile taking only the given sources.
func withKinds(kinds ...spec.SourceKind) pipeline.Profile {
	prof := pipeline.LinuxV4L2()
	prof.SourceKinds = kinds
	return prof
}

// newLinux is a plugin without RTSP sources or publish mounts, to check that it says so.
func newLinux() *Plugin {
	return New(withKinds(spec.SourceTest, spec.SourceFile, spec.SourceRTP, spec.SourceV4L2), Hooks{}, nil)
}

// Encoders are probed in the profile's order; the first that passes a test encode is chosen,
// and every skipped one says why.
func TestEncoderChoice(t *testing.T) {
	p := newLinux()
	ctx := context.Background()
	caps, err := p.Probe(ctx, "", spec.HWAuto)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	chosen := ""
	for _, e := range caps.Encoders {
		order = append(order, e.Element)
		if e.Chosen {
			chosen = e.Element
		}
		if e.Reason == "" {
			t.Errorf("%s has no reason", e.Element)
		}
	}
	if strings.Join(order, ",") != "vah264enc,v4l2h264enc,nvh264enc,x264enc,openh264enc" {
		t.Errorf("order %v", order)
	}
	if chosen == "" {
		t.Fatalf("nothing chosen: %+v", caps.Encoders)
	}

	sw, _ := p.Probe(ctx, "", spec.HWSoftware)
	for _, e := range sw.Encoders {
		if e.Hardware && (e.Chosen || !strings.Contains(e.Reason, "software was asked for")) {
			t.Errorf("hardware encoder with --hw software: %+v", e)
		}
	}
	// Asking for hardware on a machine without any is a clear error naming each encoder.
	hw, _ := p.Probe(ctx, "", spec.HWHardware)
	anyHW := false
	for _, e := range hw.Encoders {
		anyHW = anyHW || e.Chosen
	}
	if !anyHW {
		_, _, err := p.chooseEncoder(ctx, spec.Encoding{Hardware: spec.HWHardware}.WithDefaults())
		if !errors.Is(err, pluginapi.ErrNoEncoder) || !strings.Contains(err.Error(), "vah264enc") {
			t.Fatalf("hardware-only error: %v", err)
		}
	}
}

func TestStreamLifecycleAndWatch(t *testing.T) {
	p := newLinux()
	ctx := context.Background()
	s := &spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, URI: "test://ball", Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, URI: "rtp://127.0.0.1:9", Host: "127.0.0.1", Port: 9},
		Encoding: spec.Encoding{Encoder: "x264enc"}.WithDefaults(),
	}
	started, err := p.StartStream(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if started.Encoder != "x264enc" || !strings.Contains(started.Launch, "x264enc") {
		t.Fatalf("started %+v", started)
	}
	ch, err := p.Watch(ctx, started.ID)
	if err != nil {
		t.Fatal(err)
	}
	first := <-ch
	if first.State != pluginapi.StatePlaying {
		t.Fatalf("first watch event %+v, want the current state", first)
	}
	timeout := time.After(10 * time.Second)
	for gotStats := false; !gotStats; {
		select {
		case ev := <-ch:
			gotStats = ev.Type == pluginapi.EventStats && ev.Stats.Frames > 0
		case <-timeout:
			t.Fatal("no stats")
		}
	}
	plan, err := p.Pipeline(ctx, started.ID, nil)
	if err != nil || plan.Launch != started.Launch {
		t.Fatalf("Pipeline(id) = %+v, %v", plan, err)
	}
	if err := p.Stop(ctx, started.ID); err != nil {
		t.Fatal(err)
	}
	for range ch { // closed once the stream stops
	}
	if err := p.Stop(ctx, started.ID); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("second stop: %v", err)
	}
	if _, err := p.Watch(ctx, "nope"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("watch unknown: %v", err)
	}
}

func TestBadSpecs(t *testing.T) {
	p := newLinux()
	ctx := context.Background()
	out := spec.Output{Kind: spec.OutputRTP, URI: "rtp://127.0.0.1:9", Host: "127.0.0.1", Port: 9}
	for _, c := range []struct {
		src  spec.Source
		want error
	}{
		{spec.Source{Kind: spec.SourceV4L2, URI: "v4l2:///dev/video99", Device: "/dev/video99"}, pluginapi.ErrDeviceNotFound},
		{spec.Source{Kind: spec.SourceFile, URI: "file:///no/such.mp4", Path: "/no/such.mp4"}, pluginapi.ErrFileNotFound},
		{spec.Source{Kind: spec.SourceRTSP, URI: "rtsp://h/x", URL: "rtsp://h/x"}, pluginapi.ErrUnsupported},
		{spec.Source{Kind: "bogus"}, pluginapi.ErrInvalidSpec},
	} {
		_, err := p.StartStream(ctx, &spec.StreamSpec{Source: c.src, Output: out})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.src.Kind, err, c.want)
		}
	}
}
