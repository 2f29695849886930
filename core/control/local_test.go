package control

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

type mockPlugin struct{ m *pluginapi.Mock }

func (p mockPlugin) Platform(context.Context) (pluginapi.Platform, error) { return p.m, nil }
func (p mockPlugin) Info() *pluginapi.Info {
	return &pluginapi.Info{Name: "mock", Supported: true, SourceKinds: []string{"rtsp"}}
}
func (p mockPlugin) Restarts() int { return 0 }
func (p mockPlugin) PID() int      { return 1 }

// Nothing secret crosses the seam: not in answers, not in events, not in snapshots.
func TestLocalMasksSecrets(t *testing.T) {
	m := &pluginapi.Mock{
		StartStreamFunc: func(context.Context, *pluginapi.StreamSpec) (*pluginapi.Started, error) {
			return &pluginapi.Started{ID: "s1", URL: "rtsp://127.0.0.1:8554/cam"}, nil
		},
		WatchFunc: func(ctx context.Context, _ string) (<-chan pluginapi.Event, error) {
			ch := make(chan pluginapi.Event)
			go func() { <-ctx.Done(); close(ch) }()
			return ch, nil
		},
		StopFunc: func(context.Context, string) error { return nil },
	}
	eng := engine.New(nil, []engine.Plugin{mockPlugin{m}}, engine.Options{})
	defer eng.Close(context.Background())
	b := NewLocal(eng, About{})
	src, _ := spec.ParseSource("rtsp://admin:camsecret@cam/live")
	s := spec.StreamSpec{Source: src, Output: spec.Output{Kind: spec.OutputServe, Mount: "cam",
		Server: spec.RTSPServer{TLSCert: "C", TLSKey: "tlssecret", Users: []spec.User{{Name: "alice", Password: "alicesecret"}}}},
		Encoding: spec.Encoding{}.WithDefaults()}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	events, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	<-events // snapshot of nothing
	added, err := b.Add(ctx, engine.Work{Name: "cam", Stream: &s})
	if err != nil {
		t.Fatal(err)
	}
	ev := <-events
	list, _ := b.List(ctx)
	got, _ := b.Get(ctx, "cam")
	events2, _ := b.Watch(ctx)
	snap := <-events2
	for what, v := range map[string]any{"add": added, "event": ev, "list": list, "get": got, "snapshot": snap} {
		j, _ := json.Marshal(v)
		for _, secret := range []string{"camsecret", "tlssecret", "alicesecret"} {
			if strings.Contains(string(j), secret) {
				t.Errorf("%s carries %q: %s", what, secret, j)
			}
		}
	}
	if got.Stream.Source.User != "admin" || len(snap.Snapshot) != 1 {
		t.Fatalf("got %+v snapshot %+v", got, snap)
	}
	if a, _ := b.About(ctx); a.Kind != KindOwn || a.PID == 0 || !strings.Contains(a.Describe(), "own engine") {
		t.Fatalf("about %+v", a)
	}
	// The engine still runs with the real secret.
	if st, _ := eng.Get("cam"); st.Stream.Source.Password != "camsecret" {
		t.Fatal("the engine's own spec was masked")
	}
}
