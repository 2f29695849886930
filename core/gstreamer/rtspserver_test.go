package gstreamer

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

func servedTestSource(t *testing.T) pipeline.Graph {
	t.Helper()
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputServe, Mount: "test"},
		Encoding: spec.Encoding{BitrateKbps: 500, KeyframeInterval: 15},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func startServer(t *testing.T, cfg ServerConfig) *Server {
	t.Helper()
	if cfg.Address == "" {
		cfg.Address = "127.0.0.1"
	}
	s, err := StartServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func ffprobe(t *testing.T, transport, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ffprobe", "-v", "error", "-rtsp_transport", transport,
		"-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func TestRTSPServerServesMount(t *testing.T) {
	srv := startServer(t, ServerConfig{})
	m, err := srv.AddMount(MountConfig{Path: "/test", Readers: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Start(context.Background(), servedTestSource(t), RunOptions{Name: "served", Serve: m})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop(time.Second)
	t0 := time.Now()
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	t.Logf("mount prepared in %s", time.Since(t0))
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/test"
	for _, tr := range []string{"tcp", "udp"} {
		got, err := ffprobe(t, tr, url)
		if err != nil || got != "h264,320,240" {
			t.Errorf("ffprobe over %s: %q, %v", tr, got, err)
		}
	}
	if got, err := ffprobe(t, "tcp", "rtsp://127.0.0.1:"+strconv.Itoa(srv.Port())+"/nothing"); err == nil || !strings.Contains(got, "404") {
		t.Errorf("missing mount: %q, %v; want a 404", got, err)
	}
	st := m.Stats()
	if st.FramesIn == 0 || st.FramesOut == 0 || !st.Prepared {
		t.Errorf("stats %+v", st)
	}
	if _, err := srv.AddMount(MountConfig{Path: "/test"}); !errors.Is(err, ErrMountExists) {
		t.Errorf("second mount on the same path: %v", err)
	}
}

func TestRTSPServerPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = StartServer(ServerConfig{Address: "127.0.0.1", Port: port})
	if !errors.Is(err, pluginapi.ErrPortInUse) || !strings.Contains(err.Error(), strconv.Itoa(port)) {
		t.Fatalf("got %v, want ErrPortInUse naming the port", err)
	}
}
