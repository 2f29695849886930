package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/backoff"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// fakePlugin is a plugin process made of the contract's Mock.
type fakePlugin struct {
	info *pluginapi.Info
	p    pluginapi.Platform
}

func (f *fakePlugin) Platform(context.Context) (pluginapi.Platform, error) { return f.p, nil }
func (f *fakePlugin) Info() *pluginapi.Info                                { return f.info }
func (f *fakePlugin) Restarts() int                                        { return 0 }
func (f *fakePlugin) PID() int                                             { return 42 }

// plugin is a scripted plugin: every start gets its own watch channel, which the test feeds
// and closes; startErr, when set, decides each start's error.
type plugin struct {
	mu       sync.Mutex
	starts   int
	stops    []string
	watches  map[string]chan pluginapi.Event
	startErr func(n int, s *pluginapi.StreamSpec) error
	viewErr  func(n int, v *pluginapi.ViewSpec) error
}

func (p *plugin) mock() *pluginapi.Mock {
	p.watches = map[string]chan pluginapi.Event{}
	newRun := func() string {
		p.starts++
		id := fmt.Sprintf("r%d", p.starts)
		p.watches[id] = make(chan pluginapi.Event, 4096)
		return id
	}
	return &pluginapi.Mock{
		StartStreamFunc: func(_ context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.startErr != nil {
				if err := p.startErr(p.starts+1, s); err != nil {
					p.starts++
					return nil, err
				}
			}
			id := newRun()
			return &pluginapi.Started{ID: id, URL: "rtsp://127.0.0.1:8554/" + s.Output.Mount,
				Plan: pluginapi.Plan{Encoder: "x264enc", Launch: "gst-launch-1.0 " + id,
					Encoders: []pluginapi.ElementStatus{{Element: "vah264enc", Hardware: true, Reason: "no device"}, {Element: "x264enc", Usable: true, Chosen: true}}}}, nil
		},
		StartViewFunc: func(_ context.Context, v *pluginapi.ViewSpec) (*pluginapi.ViewStarted, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.viewErr != nil {
				if err := p.viewErr(p.starts+1, v); err != nil {
					p.starts++
					return nil, err
				}
			}
			id := newRun()
			return &pluginapi.ViewStarted{ID: id, Ring: "ring-" + id, Decoder: "avdec_h264"}, nil
		},
		WatchFunc: func(ctx context.Context, id string) (<-chan pluginapi.Event, error) {
			p.mu.Lock()
			ch, ok := p.watches[id]
			p.mu.Unlock()
			if !ok {
				return nil, fmt.Errorf("%s: %w", id, pluginapi.ErrNotFound)
			}
			return ch, nil
		},
		StopFunc: func(_ context.Context, id string) error {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.stops = append(p.stops, id)
			return nil
		},
	}
}

// watch is the event channel of run id.
func (p *plugin) watch(id string) chan pluginapi.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.watches[id]
}

func (p *plugin) counts() (starts int, stops []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.starts, append([]string(nil), p.stops...)
}

func newEngine(t *testing.T, p *plugin) *Engine {
	t.Helper()
	e := New(nil, []Plugin{
		&fakePlugin{info: &pluginapi.Info{Name: "mac", Supported: false, Reason: "wrong OS"}},
		&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"test", "rtsp", "rtp"}}, p: p.mock()},
	}, Options{Retry: backoff.Policy{Min: 5 * time.Millisecond, Max: 20 * time.Millisecond}})
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

func served(t *testing.T, mount, source string) *spec.StreamSpec {
	t.Helper()
	src, err := spec.ParseSource(source)
	if err != nil {
		t.Fatal(err)
	}
	s := spec.StreamSpec{Source: src, Output: spec.Output{Kind: spec.OutputServe, Mount: mount}, Encoding: spec.Encoding{}.WithDefaults()}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return &s
}

func viewOf(t *testing.T, uri string) *spec.ViewSpec {
	t.Helper()
	src, err := spec.ParseSource(uri)
	if err != nil {
		t.Fatal(err)
	}
	return &spec.ViewSpec{Source: src}
}

// waitFor reads events until one satisfies ok.
func waitFor(t *testing.T, sub *Subscription, what string, ok func(Event) bool) Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev, open := <-sub.Events():
			if !open {
				t.Fatalf("subscription closed while waiting for %s", what)
			}
			if ok(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %s within 5 s", what)
		}
	}
}

func stateIs(name string, s State) func(Event) bool {
	return func(ev Event) bool { return ev.Name == name && ev.Status != nil && ev.Status.State == s }
}

// A stream whose pipeline fails is started again by the same path that started it, and stays
// stopped once removed.
func TestFailedStreamIsStartedAgain(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	sub := e.Subscribe()
	defer sub.Close()

	st, err := e.Add(context.Background(), Work{Name: "cam", Stream: served(t, "cam", "test://smpte")})
	if err != nil || st.Plugin != "fake" || st.State != StatePlaying || st.Encoder != "x264enc" || st.URL == "" {
		t.Fatalf("start: %+v %v", st, err)
	}
	if st.HardwareEncoder() {
		t.Fatal("x264enc reported as hardware")
	}
	p.watch("r1") <- pluginapi.Event{Type: pluginapi.EventStats, Stats: &pluginapi.Stats{Frames: 10}}
	p.watch("r1") <- pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed, Message: "source went away", Element: "/GstPipeline:r1/GstV4l2Src:src"}
	close(p.watch("r1"))
	ev := waitFor(t, sub, "the error with its retry", func(ev Event) bool { return ev.Type == EventError })
	if ev.Final || ev.Error.Message != "source went away" || ev.Error.Element == "" || ev.Status.State != StateRetrying || ev.Status.Attempt != 1 || ev.Status.RetryIn <= 0 {
		t.Fatalf("error event %+v status %+v", ev, ev.Status)
	}
	waitFor(t, sub, "playing again", stateIs("cam", StatePlaying))
	got, _ := e.Get("cam")
	if got.Restarts != 1 || got.LastErr == nil || got.LastErr.Message != "source went away" || got.Launch != "gst-launch-1.0 r2" {
		t.Fatalf("status %+v", got)
	}
	if err := e.Remove(context.Background(), "cam"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, sub, "removed", func(ev Event) bool { return ev.Type == EventRemoved && ev.Name == "cam" })
	if starts, stops := p.counts(); starts != 2 || len(stops) != 1 || stops[0] != "r2" {
		t.Fatalf("starts %d stops %v", starts, stops)
	}
	if err := e.Remove(context.Background(), "cam"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	if len(e.List()) != 0 {
		t.Fatalf("list after remove: %+v", e.List())
	}
}

// A source that is down at the first start is kept and retried from that first try, with the
// same backoff as a restart; the caller learns it from the status, not from an error.
func TestRetryFromTheFirstStart(t *testing.T) {
	p := &plugin{startErr: func(n int, _ *pluginapi.StreamSpec) error {
		if n < 3 {
			return fmt.Errorf("rtsp://cam: connection refused: %w", pluginapi.ErrPipeline)
		}
		return nil
	}}
	e := newEngine(t, p)
	sub := e.Subscribe()
	defer sub.Close()
	st, err := e.Add(context.Background(), Work{Name: "cam", Stream: served(t, "cam", "rtsp://cam.local/live")})
	if err != nil || st.State != StateRetrying || st.LastErr == nil || !strings.Contains(st.LastErr.Message, "connection refused") || st.Attempt != 1 {
		t.Fatalf("first start: %+v %v; want it kept and retrying", st, err)
	}
	var attempts []int
	waitFor(t, sub, "playing after retries", func(ev Event) bool {
		if ev.Type == EventError && ev.Name == "cam" {
			attempts = append(attempts, ev.Status.Attempt)
		}
		return stateIs("cam", StatePlaying)(ev)
	})
	if len(attempts) != 2 || attempts[0] != 1 || attempts[1] != 2 {
		t.Fatalf("retry attempts %v, want [1 2]", attempts)
	}
	if got, _ := e.Get("cam"); got.Restarts != 0 || got.State != StatePlaying {
		t.Fatalf("status %+v", got)
	}
}

// Errors that starting again cannot fix are returned at once and nothing is kept; the same
// errors arriving from a running pipeline end the work with a final event.
func TestFinalErrors(t *testing.T) {
	p := &plugin{startErr: func(_ int, s *pluginapi.StreamSpec) error {
		switch s.Output.Mount {
		case "busy":
			return fmt.Errorf("udp port 5000: %w", pluginapi.ErrPortInUse)
		case "denied":
			return fmt.Errorf("401: %w", pluginapi.ErrUnauthorized)
		case "missing":
			return fmt.Errorf("404: %w", pluginapi.ErrRemoteNotFound)
		}
		return nil
	}}
	e := newEngine(t, p)
	for mount, want := range map[string]error{"busy": pluginapi.ErrPortInUse, "denied": pluginapi.ErrUnauthorized, "missing": pluginapi.ErrRemoteNotFound} {
		if _, err := e.Add(context.Background(), Work{Name: mount, Stream: served(t, mount, "rtsp://cam/x")}); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", mount, err, want)
		}
	}
	if _, err := e.Add(context.Background(), Work{Name: "bad", Stream: &spec.StreamSpec{}}); !errors.Is(err, pluginapi.ErrInvalidSpec) {
		t.Errorf("empty spec: %v", err)
	}
	if n := len(e.List()); n != 0 {
		t.Fatalf("%d items kept after final errors", n)
	}

	sub := e.Subscribe()
	defer sub.Close()
	if _, err := e.Add(context.Background(), Work{Name: "cam", Stream: served(t, "cam", "rtsp://cam/x")}); err != nil {
		t.Fatal(err)
	}
	p.watch("r4") <- pluginapi.Event{Type: pluginapi.EventError, Message: "401 Unauthorized", Reason: pluginapi.ReasonUnauthorized}
	close(p.watch("r4"))
	ev := waitFor(t, sub, "the final error", func(ev Event) bool { return ev.Type == EventError && ev.Name == "cam" })
	if !ev.Final || ev.Status.State != StateFailed || !strings.Contains(ev.Error.Message, "not retrying") {
		t.Fatalf("event %+v status %+v", ev, ev.Status)
	}
	time.Sleep(50 * time.Millisecond)
	if starts, _ := p.counts(); starts != 4 { // busy, denied, missing, cam
		t.Fatalf("%d starts: a refused stream was started again", starts)
	}
	// A failed stream stays listed with its error, and Start tries it again.
	if got, _ := e.Get("cam"); got.State != StateFailed || got.LastErr.Reason != pluginapi.ReasonUnauthorized {
		t.Fatalf("status %+v", got)
	}
	if st, err := e.Start(context.Background(), "cam"); err != nil || st.State != StatePlaying {
		t.Fatalf("start again: %+v %v", st, err)
	}
}

// A 404 from a server after the stream has played is a camera rebooting, not a typo: retried.
func TestNotFoundAfterPlayingIsRetried(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	sub := e.Subscribe()
	defer sub.Close()
	if _, err := e.Add(context.Background(), Work{Name: "cam", Stream: served(t, "cam", "rtsp://cam/x")}); err != nil {
		t.Fatal(err)
	}
	p.watch("r1") <- pluginapi.Event{Type: pluginapi.EventStats, Stats: &pluginapi.Stats{Frames: 5}}
	p.watch("r1") <- pluginapi.Event{Type: pluginapi.EventError, Message: "404 Not Found", Reason: pluginapi.ReasonRemoteNotFound}
	close(p.watch("r1"))
	ev := waitFor(t, sub, "the error", func(ev Event) bool { return ev.Type == EventError })
	if ev.Final || ev.Status.State != StateRetrying {
		t.Fatalf("event %+v", ev)
	}
	waitFor(t, sub, "playing again", stateIs("cam", StatePlaying))
}

// Every subscription starts with a snapshot of all work, so nobody polls.
func TestSubscribeStartsWithASnapshot(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	for _, m := range []string{"a", "b"} {
		if _, err := e.Add(context.Background(), Work{Name: m, Origin: "config", Stream: served(t, m, "test://ball")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Add(context.Background(), Work{View: viewOf(t, "rtsp://127.0.0.1:8554/a")}); err != nil {
		t.Fatal(err)
	}
	sub := e.Subscribe()
	defer sub.Close()
	ev := <-sub.Events()
	if ev.Type != EventSnapshot || len(ev.Snapshot) != 3 {
		t.Fatalf("first event %+v", ev)
	}
	names := []string{ev.Snapshot[0].Name, ev.Snapshot[1].Name, ev.Snapshot[2].Name}
	if names[0] != "a" || names[1] != "b" || names[2] != "view-1" || ev.Snapshot[2].Kind != KindView || ev.Snapshot[2].Ring != "ring-r3" || ev.Snapshot[0].Origin != "config" {
		t.Fatalf("snapshot %+v", ev.Snapshot)
	}
	if _, err := e.Add(context.Background(), Work{Name: "a", Stream: served(t, "a", "test://ball")}); !errors.Is(err, ErrExists) {
		t.Fatalf("second add of a: %v", err)
	}
}

// A subscriber that stops reading never blocks the engine, and still learns the final state:
// stats are folded together, and past the queue's limit the backlog becomes a fresh snapshot.
func TestSlowSubscriberGetsTheFinalError(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	slow := e.Subscribe() // never read until the end
	defer slow.Close()
	if _, err := e.Add(context.Background(), Work{Name: "cam", Stream: served(t, "cam", "rtsp://cam/x")}); err != nil {
		t.Fatal(err)
	}
	fast := e.Subscribe()
	defer fast.Close()
	w := p.watch("r1")
	for i := 0; i < 3*subscriberQueueMax; i++ {
		w <- pluginapi.Event{Type: pluginapi.EventWarning, Message: fmt.Sprintf("warning %d", i)}
		w <- pluginapi.Event{Type: pluginapi.EventStats, Stats: &pluginapi.Stats{Frames: uint64(i + 1)}}
		if i%256 == 0 { // let the engine drain the plugin's channel
			waitFor(t, fast, "warning", func(ev Event) bool {
				return ev.Type == EventWarning && ev.Error.Message == fmt.Sprintf("warning %d", i)
			})
		}
	}
	w <- pluginapi.Event{Type: pluginapi.EventError, Message: "401", Reason: pluginapi.ReasonUnauthorized}
	close(w)
	waitFor(t, fast, "final error", func(ev Event) bool { return ev.Final })
	// Now read the slow one: whatever it kept, the last word on cam must say failed.
	var last *Status
	deadline := time.After(5 * time.Second)
	n := 0
	for last == nil || last.State != StateFailed {
		select {
		case ev := <-slow.Events():
			n++
			switch {
			case ev.Type == EventSnapshot:
				for i := range ev.Snapshot {
					if ev.Snapshot[i].Name == "cam" {
						last = &ev.Snapshot[i]
					}
				}
			case ev.Name == "cam" && ev.Status != nil:
				last = ev.Status
			}
		case <-deadline:
			t.Fatalf("slow subscriber never learned that cam failed (read %d events, last %+v)", n, last)
		}
	}
	if n > subscriberQueueMax+1 {
		t.Fatalf("slow subscriber got %d events: the backlog was not bounded", n)
	}
}

// Ensure is what a reload calls: unchanged work keeps running untouched, changed work is
// started again with its new spec, and Remove ends work by its name.
func TestEnsureAndRemoveByName(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	ctx := context.Background()
	if _, err := e.Ensure(ctx, Work{Name: "cam", Origin: "config", Stream: served(t, "cam", "test://smpte")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Ensure(ctx, Work{Name: "cam", Origin: "config", Stream: served(t, "cam", "test://smpte")}); err != nil {
		t.Fatal(err)
	}
	if starts, stops := p.counts(); starts != 1 || len(stops) != 0 {
		t.Fatalf("same spec: starts %d stops %v; want it left running", starts, stops)
	}
	st, err := e.Ensure(ctx, Work{Name: "cam", Origin: "config", Stream: served(t, "cam", "test://ball")})
	if err != nil || st.Stream.Source.Pattern != "ball" || st.State != StatePlaying {
		t.Fatalf("changed spec: %+v %v", st, err)
	}
	if starts, stops := p.counts(); starts != 2 || len(stops) != 1 || stops[0] != "r1" {
		t.Fatalf("changed spec: starts %d stops %v; want the old one stopped and a new one started", starts, stops)
	}
	if err := e.Stop(ctx, "cam"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Get("cam"); got.State != StateStopped {
		t.Fatalf("after Stop: %+v", got)
	}
	// Ensure of stopped work with the same spec runs it again.
	if st, err := e.Ensure(ctx, Work{Name: "cam", Origin: "config", Stream: served(t, "cam", "test://ball")}); err != nil || st.State != StatePlaying {
		t.Fatalf("ensure after stop: %+v %v", st, err)
	}
	if err := e.Remove(ctx, "cam"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Get("cam"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("get after remove: %v", err)
	}
}

// A view whose source is unreachable opens anyway and is retried until it plays; each start
// names its frame ring, and a ring the plugin moves to is in the next status.
func TestViewRetriesAndRingMoves(t *testing.T) {
	p := &plugin{viewErr: func(n int, v *pluginapi.ViewSpec) error {
		if strings.Contains(v.Source.URL, "denied") {
			return fmt.Errorf("401: %w", pluginapi.ErrUnauthorized)
		}
		if n < 3 {
			return fmt.Errorf("connection refused: %w", pluginapi.ErrPipeline)
		}
		return nil
	}}
	e := newEngine(t, p)
	sub := e.Subscribe()
	defer sub.Close()
	st, err := e.Add(context.Background(), Work{Name: "win", View: viewOf(t, "rtsp://h/x")})
	if err != nil || st.Kind != KindView || st.State != StateRetrying || st.Ring != "" {
		t.Fatalf("unreachable view: %+v %v", st, err)
	}
	ev := waitFor(t, sub, "playing", stateIs("win", StatePlaying))
	if ev.Status.Ring != "ring-r3" || ev.Status.Decoder != "avdec_h264" {
		t.Fatalf("status %+v", ev.Status)
	}
	p.watch("r3") <- pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying, Ring: "big"}
	waitFor(t, sub, "ring move", func(ev Event) bool { return ev.Status != nil && ev.Status.Ring == "big" })
	if _, err := e.Add(context.Background(), Work{View: viewOf(t, "rtsp://h/denied")}); !errors.Is(err, pluginapi.ErrUnauthorized) {
		t.Fatalf("refused credentials: %v", err)
	}
	if _, err := e.Add(context.Background(), Work{View: &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceTest}}}); !errors.Is(err, pluginapi.ErrInvalidSpec) {
		t.Fatalf("test sources cannot be viewed: %v", err)
	}
}

// The end of a file ends the work; it is not restarted.
func TestEndOfStreamEnds(t *testing.T) {
	p := &plugin{}
	e := newEngine(t, p)
	sub := e.Subscribe()
	defer sub.Close()
	if _, err := e.Add(context.Background(), Work{Name: "f", Stream: served(t, "f", "test://smpte")}); err != nil {
		t.Fatal(err)
	}
	p.watch("r1") <- pluginapi.Event{Type: pluginapi.EventEOS, State: pluginapi.StateEnded}
	close(p.watch("r1"))
	waitFor(t, sub, "eos", func(ev Event) bool { return ev.Type == EventEOS && ev.Status.State == StateEnded })
	time.Sleep(30 * time.Millisecond)
	if starts, _ := p.counts(); starts != 1 {
		t.Fatalf("%d starts after EOS", starts)
	}
}

func TestNoPluginTakesTheSource(t *testing.T) {
	e := New(nil, []Plugin{&fakePlugin{info: &pluginapi.Info{Name: "mac", Supported: false, Reason: "wrong OS"}}}, Options{})
	_, err := e.Add(context.Background(), Work{Stream: served(t, "x", "v4l2:///dev/video0")})
	if !errors.Is(err, pluginapi.ErrUnsupported) || !strings.Contains(err.Error(), "mac: wrong OS") {
		t.Fatalf("err %v", err)
	}
	_, err = New(nil, nil, Options{}).Add(context.Background(), Work{Stream: served(t, "x", "test://smpte")})
	if err == nil || !strings.Contains(err.Error(), "no plugins running") {
		t.Fatalf("no plugins: %v", err)
	}
}

// A caller that gives up while the first start is under way leaves nothing behind.
func TestCancelledFirstStartLeavesNothing(t *testing.T) {
	p := &plugin{}
	block := make(chan struct{})
	m := p.mock()
	start := m.StartStreamFunc
	m.StartStreamFunc = func(ctx context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return start(ctx, s)
	}
	e := New(nil, []Plugin{&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"test"}}, p: m}}, Options{})
	defer e.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := e.Add(ctx, Work{Name: "x", Stream: served(t, "x", "test://smpte")}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	if len(e.List()) != 0 {
		t.Fatalf("left %+v", e.List())
	}
	close(block)
}
