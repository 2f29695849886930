package control

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// scripted is a plugin whose streams run until stopped; mount "busy" is a port in use.
func scripted() *pluginapi.Mock {
	var mu sync.Mutex
	n := 0
	watches := map[string]chan pluginapi.Event{}
	return &pluginapi.Mock{
		StartStreamFunc: func(_ context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
			if s.Output.Mount == "busy" {
				return nil, fmt.Errorf("rtsp server on 0.0.0.0:8554: address in use: %w", pluginapi.ErrPortInUse)
			}
			mu.Lock()
			defer mu.Unlock()
			n++
			id := fmt.Sprint("s", n)
			watches[id] = make(chan pluginapi.Event, 8)
			return &pluginapi.Started{ID: id, URL: "rtsp://127.0.0.1:8554/" + s.Output.Mount, Plan: pluginapi.Plan{Encoder: "x264enc", Launch: "gst-launch-1.0 …"}}, nil
		},
		StartViewFunc: func(context.Context, *pluginapi.ViewSpec) (*pluginapi.ViewStarted, error) {
			mu.Lock()
			defer mu.Unlock()
			n++
			id := fmt.Sprint("v", n)
			watches[id] = make(chan pluginapi.Event, 8)
			return &pluginapi.ViewStarted{ID: id, Ring: "gstcast-view-" + id, Decoder: "avdec_h264"}, nil
		},
		WatchFunc: func(_ context.Context, id string) (<-chan pluginapi.Event, error) {
			mu.Lock()
			defer mu.Unlock()
			return watches[id], nil
		},
		StopFunc: func(_ context.Context, id string) error {
			mu.Lock()
			defer mu.Unlock()
			if w, ok := watches[id]; ok {
				close(w)
				delete(watches, id)
			}
			return nil
		},
		PipelineFunc: func(_ context.Context, _ string, s *pluginapi.StreamSpec) (*pluginapi.Plan, error) {
			return &pluginapi.Plan{Launch: "gst-launch-1.0 videotestsrc ! …", Encoder: "x264enc"}, nil
		},
		SessionsFunc: func(_ context.Context, id string) ([]pluginapi.Session, error) {
			return []pluginapi.Session{{ID: "reader-1", Address: "127.0.0.1:40000", Transport: pluginapi.TransportTCP, Playing: true}}, nil
		},
		KickFunc: func(_ context.Context, id, sid string) error {
			if sid != "reader-1" {
				return fmt.Errorf("no session %q: %w", sid, pluginapi.ErrNotFound)
			}
			return nil
		},
	}
}

type anyPlugin struct{ m *pluginapi.Mock }

func (p anyPlugin) Platform(context.Context) (pluginapi.Platform, error) { return p.m, nil }
func (p anyPlugin) Info() *pluginapi.Info {
	return &pluginapi.Info{Name: "mock", Supported: true, SourceKinds: []string{"test", "rtsp", "rtp"}}
}
func (p anyPlugin) Restarts() int { return 0 }
func (p anyPlugin) PID() int      { return 7 }

// serve runs the API on a Unix socket (trusted) and on loopback TCP (token), and returns a
// client of each.
func serve(t *testing.T) (unixc, tcpc *Client, tcpURL, token string) {
	t.Helper()
	eng := engine.New(nil, []engine.Plugin{anyPlugin{scripted()}}, engine.Options{})
	t.Cleanup(func() { eng.Close(context.Background()) })
	token = "t0ken"
	srv := &Server{Backend: NewLocal(eng, About{Kind: KindUser}), Token: token, RTSP: spec.RTSPServer{Port: 8554}}
	sock := filepath.Join(t.TempDir(), "api.sock")
	ul, err := ListenUnix(sock, false)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hu := &http.Server{Handler: srv.Handler(true)}
	ht := &http.Server{Handler: srv.Handler(false)}
	go hu.Serve(ul)
	go ht.Serve(tl)
	t.Cleanup(func() { hu.Close(); ht.Close() })
	unixc = NewClient(Endpoint{Kind: KindUser, Network: "unix", Address: sock}, "")
	tcpc = NewClient(Endpoint{Kind: KindUser, Network: "tcp", Address: tl.Addr().String()}, token)
	return unixc, tcpc, "http://" + tl.Addr().String(), token
}

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The client satisfies the Backend over a real socket: add, list, get, events from a snapshot
// on, stop, start, remove, with the engine's errors keeping their identity.
func TestClientRoundTrip(t *testing.T) {
	c, _, _, _ := serve(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, err := c.About(ctx)
	if err != nil || a.Kind != KindUser || a.PID == 0 {
		t.Fatalf("about %+v %v", a, err)
	}
	events, err := c.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Type != engine.EventSnapshot {
		t.Fatalf("first event %+v", ev)
	}
	s, err := spec.Request{Source: "rtsp://admin:pw@cam/live", Serve: "cam"}.Spec(spec.RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Add(ctx, engine.Work{Name: "cam", Stream: &s})
	if err != nil || st.State != engine.StatePlaying || st.URL == "" || st.Stream.Source.Password != spec.Mask {
		t.Fatalf("add %+v %v", st, err)
	}
	if st.Stream.Output.Server.Port != 8554 {
		t.Fatalf("served stream did not get the daemon's server: %+v", st.Stream.Output.Server)
	}
	for ev := range events {
		if ev.Name == "cam" && ev.Status != nil && ev.Status.State == engine.StatePlaying {
			break
		}
	}
	if _, err := c.Add(ctx, engine.Work{Name: "cam", Stream: &s}); !errors.Is(err, engine.ErrExists) {
		t.Fatalf("second add: %v", err)
	}
	busy, _ := spec.Request{Source: "test://smpte", Serve: "busy"}.Spec(spec.RTSPServer{})
	if _, err := c.Add(ctx, engine.Work{Name: "busy", Stream: &busy}); !errors.Is(err, pluginapi.ErrPortInUse) || !strings.Contains(err.Error(), "address in use") {
		t.Fatalf("busy: %v", err)
	}
	v, _ := spec.ParseSource("rtsp://127.0.0.1:8554/cam")
	vs, err := c.Add(ctx, engine.Work{View: &spec.ViewSpec{Source: v}})
	if err != nil || vs.Ring == "" || vs.Kind != engine.KindView {
		t.Fatalf("view %+v %v", vs, err)
	}
	all, err := c.List(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("list %+v %v", all, err)
	}
	if err := c.Stop(ctx, "cam"); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Get(ctx, "cam"); got.State != engine.StateStopped {
		t.Fatalf("after stop %+v", got)
	}
	if got, err := c.Start(ctx, "cam"); err != nil || got.State != engine.StatePlaying {
		t.Fatalf("start %+v %v", got, err)
	}
	// Replace with the masked spec it was shown: the password stays, the bitrate changes.
	changed := *st.Stream
	changed.Encoding.BitrateKbps = 4000
	if got, err := c.Replace(ctx, engine.Work{Name: "cam", Stream: &changed}); err != nil || got.Stream.Encoding.BitrateKbps != 4000 {
		t.Fatalf("replace %+v %v", got, err)
	}
	if err := c.Remove(ctx, vs.Name); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove(ctx, "cam"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, "cam"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("get removed: %v", err)
	}
	if p, err := c.Plan(ctx, s); err != nil || p.Encoder != "x264enc" {
		t.Fatalf("plan %+v %v", p, err)
	}
	if _, err := c.Config(ctx); !errors.Is(err, pluginapi.ErrUnsupported) {
		t.Fatalf("config of an engine without a daemon: %v", err)
	}
	if _, err := c.Add(ctx, engine.Work{Name: "seen", Stream: &s}); err != nil {
		t.Fatal(err)
	}
	if ss, err := c.Sessions(ctx, "seen"); err != nil || len(ss) != 1 || ss[0].ID != "reader-1" || !ss[0].Playing {
		t.Fatalf("sessions %+v %v", ss, err)
	}
	if err := c.Kick(ctx, "seen", "reader-1"); err != nil {
		t.Fatalf("kick: %v", err)
	}
	if err := c.Kick(ctx, "seen", "x/y"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("kick of an unknown session: %v", err)
	}
}

// The answers a plain HTTP client gets: 401 without the token on TCP, 400 naming the field,
// 404, 409, 422 with the engine's reason, 413 for a huge body.
func TestHTTPErrors(t *testing.T) {
	_, _, base, token := serve(t)
	doc := loadOpenAPI(t)
	v1 := base + APIVersion
	for _, c := range []struct {
		name, method, url, token, body string
		status                         int
		want                           string
	}{
		{"no token", "GET", v1 + "/streams", "", "", 401, "token"},
		{"wrong token", "GET", v1 + "/streams", "nope", "", 401, "token"},
		{"malformed", "POST", v1 + "/streams", token, `{"source": "test://smpte", "serve": `, 400, "malformed JSON"},
		{"wrong type", "POST", v1 + "/streams", token, `{"source": "test://smpte", "bitrate": "fast", "serve": "x"}`, 400, `"field": "bitrate"`},
		{"unknown field", "POST", v1 + "/streams", token, `{"source": "test://smpte", "colour": "red", "serve": "x"}`, 400, `"field": "colour"`},
		{"bad uri", "POST", v1 + "/streams", token, `{"source": "tset://smpte", "serve": "x"}`, 400, `"field": "source"`},
		{"nowhere", "POST", v1 + "/streams", token, `{"source": "test://smpte"}`, 400, `"field": "to"`},
		{"unknown stream", "GET", v1 + "/streams/nope", token, "", 404, "nope"},
		{"unknown path", "GET", v1 + "/nothing", token, "", 404, "no endpoint"},
		{"cannot start", "POST", v1 + "/streams", token, `{"source": "test://smpte", "serve": "busy"}`, 422, "PORT_IN_USE"},
		{"created", "POST", v1 + "/streams", token, `{"source": "test://smpte", "serve": "ok"}`, 201, `"state": "playing"`},
		{"exists", "POST", v1 + "/streams", token, `{"source": "test://smpte", "serve": "ok"}`, 409, "EXISTS"},
		{"patch", "PATCH", v1 + "/streams/ok", token, `{"encoding": {"bitrate_kbps": 1000}}`, 200, `"bitrate_kbps": 1000`},
		{"patch bad", "PATCH", v1 + "/streams/ok", token, `{"encoding": {"bitrate_kbps": -5}}`, 400, "bitrate"},
		{"sessions", "GET", v1 + "/streams/ok/sessions", token, "", 200, `"address": "127.0.0.1:40000"`},
		{"sessions of nothing", "GET", v1 + "/streams/nope/sessions", token, "", 404, "nope"},
		{"kick unknown", "DELETE", v1 + "/streams/ok/sessions/someone", token, "", 404, "someone"},
		{"kick", "DELETE", v1 + "/streams/ok/sessions/reader-1", token, "", 204, ""},
		{"too large", "POST", v1 + "/streams", token, `{"source": "` + strings.Repeat("a", MaxBody) + `"}`, 413, "TOO_LARGE"},
		{"metrics missing", "GET", base + "/metrics", token, "", 404, "metrics"},
	} {
		status, body := call(t, c.method, c.url, c.token, c.body)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s; want %d with %q", c.name, status, body, c.status, c.want)
		}
		if path := strings.TrimPrefix(c.url, base); c.name != "unknown path" && !documentedStatus(doc, c.method, path, status) {
			t.Errorf("%s: %s %s answered %d, which docs/openapi.yaml does not list", c.name, c.method, path, status)
		}
	}
}

// Events arrive as server-sent events a plain client can read, snapshot first.
func TestSSE(t *testing.T) {
	_, _, base, token := serve(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+APIVersion+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	r := newSSEReader(resp.Body)
	if ev, _, err := r.next(); err != nil || ev != "snapshot" {
		t.Fatalf("first %q %v", ev, err)
	}
	if status, body := call(t, "POST", base+APIVersion+"/streams", token, `{"source": "test://ball", "serve": "b"}`); status != 201 {
		t.Fatal(status, body)
	}
	for {
		ev, data, err := r.next()
		if err != nil {
			t.Fatal(err)
		}
		if ev == "state" && strings.Contains(string(data), `"playing"`) {
			return
		}
	}
}
