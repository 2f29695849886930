package metrics

import (
	"io"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// A served stream's mount and readers, as Prometheus scrapes them; promtool accepts the names.
func TestMountMetrics(t *testing.T) {
	served := &spec.StreamSpec{Output: spec.Output{Kind: spec.OutputServe, Mount: "cam"}}
	sent := &spec.StreamSpec{Output: spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5000}}
	snap := Snapshot{Work: []engine.Status{
		{Name: "cam", Kind: engine.KindStream, Stream: served, State: engine.StatePlaying, Encoder: "x264enc",
			Stats: &pluginapi.Stats{Frames: 10, Readers: 2, Publishers: 1, SessionsOpened: 5, SessionsFailed: 2, HubDropped: 7,
				ReaderReports: []pluginapi.ReaderReport{{ID: "abc", FractionLost: 0.5, PacketsLost: 12, JitterMS: 2.5}, {ID: "abc"}}}},
		{Name: "out", Kind: engine.KindStream, Stream: sent, State: engine.StatePlaying, Stats: &pluginapi.Stats{Frames: 3}},
	}}
	rec := httptest.NewRecorder()
	Handler(Source{Engine: func() Snapshot { return snap }}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	m := string(body)
	for _, want := range []string{
		`gstcast_mount_readers{name="cam"} 2`,
		`gstcast_mount_publishers{name="cam"} 1`,
		`gstcast_mount_sessions_opened_total{name="cam"} 5`,
		`gstcast_mount_sessions_failed_total{name="cam"} 2`,
		`gstcast_mount_hub_dropped_frames_total{name="cam"} 7`,
		`gstcast_reader_loss_ratio{name="cam",session="abc"} 0.5`,
		`gstcast_reader_packets_lost{name="cam",session="abc"} 12`,
		`gstcast_reader_jitter_seconds{name="cam",session="abc"} 0.0025`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(m, `gstcast_mount_readers{name="out"}`) {
		t.Error("a stream that serves no mount has mount metrics")
	}
	if _, err := exec.LookPath("promtool"); err != nil {
		t.Fatalf("promtool is missing (installer/setup-debian.sh installs it): %v", err)
	}
	check := exec.Command("promtool", "check", "metrics")
	check.Stdin = strings.NewReader(m)
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s\n%s", err, out, m)
	}
}
