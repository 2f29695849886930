package gstreamer

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// servedMount starts an RTSP server on loopback with mount mc, fed by a 320x240 x264 test
// source, and returns both once the mount is prepared.
func servedMount(t *testing.T, cfg rtspserver.ServerConfig, mc rtspserver.MountConfig) (*rtspserver.Server, *rtspserver.Mount) {
	t.Helper()
	cfg.Address = "127.0.0.1"
	srv, err := rtspserver.StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	m, err := srv.AddMount(mc)
	if err != nil {
		t.Fatal(err)
	}
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputServe, Mount: "test"},
		Encoding: spec.Encoding{BitrateKbps: 500, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), g, RunOptions{Name: "served", Serve: m})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(time.Second) })
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	return srv, m
}

func rtspView(t *testing.T, url, user, password, transport string) pipeline.Graph {
	t.Helper()
	src := spec.Source{Kind: spec.SourceRTSP, URL: url, User: user, Password: password, Transport: transport}
	g, err := pipeline.BuildView(spec.ViewSpec{Source: src}, pipeline.LinuxV4L2(), pipeline.ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// RTSP views against gstcast's own server: credentials go through rtspsrc's properties, TCP
// and UDP both play, refused credentials and unknown paths are StartView's errors with the
// contract's sentinels, and a mount taken away ends the view.
func TestViewRTSP(t *testing.T) {
	srv, m := servedMount(t, rtspserver.ServerConfig{Basic: true, Users: []rtspserver.User{{Name: "alice", Password: "a-secret"}}},
		rtspserver.MountConfig{Path: "/cam", Readers: []string{"alice"}})
	base := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port())

	for _, tr := range []string{"tcp", "udp"} {
		t.Run(tr, func(t *testing.T) {
			v := startView(t, rtspView(t, base+"/cam", "alice", "a-secret", tr), ViewOptions{})
			if n := frames(t, v.Ring(), 10, 15*time.Second, func(f framering.Frame) {
				if f.Width != 320 || f.Height != 240 {
					t.Fatalf("%dx%d", f.Width, f.Height)
				}
			}); n < 10 {
				t.Fatalf("%d frames over %s", n, tr)
			}
		})
	}
	for _, c := range []struct {
		name, path, user, pw string
		want                 error
	}{
		{"no credentials", "/cam", "", "", pluginapi.ErrUnauthorized},
		{"wrong password", "/cam", "alice", "nope", pluginapi.ErrUnauthorized},
		{"unknown path", "/nothing", "alice", "a-secret", pluginapi.ErrRemoteNotFound},
	} {
		start := time.Now()
		_, err := StartView(context.Background(), rtspView(t, base+c.path, c.user, c.pw, "tcp"), ViewOptions{Name: "refused"})
		if !errors.Is(err, c.want) || time.Since(start) > 3*time.Second {
			t.Errorf("%s: %v after %v, want %v", c.name, err, time.Since(start), c.want)
		}
	}

	var rec recorder
	v := startView(t, rtspView(t, base+"/cam", "alice", "a-secret", "tcp"), ViewOptions{OnEvent: rec.add})
	if n := frames(t, v.Ring(), 3, 15*time.Second, nil); n < 3 {
		t.Fatalf("%d frames", n)
	}
	m.Remove()
	select {
	case <-v.Done():
	case <-time.After(15 * time.Second):
		t.Fatal("the view did not end when its mount was removed")
	}
	eos, failed := rec.find(pluginapi.EventEOS), rec.find(pluginapi.EventError)
	if eos == nil && failed == nil {
		t.Fatalf("no EOS or error event: %+v", rec.evs)
	}
	t.Logf("mount removed: eos %+v, error %+v", eos, failed)
	waitGone(t, v.Ring())
}
