package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

type fakePlugin struct {
	info *pluginapi.Info
	p    pluginapi.Platform
}

func (f *fakePlugin) Platform(context.Context) (pluginapi.Platform, error) { return f.p, nil }
func (f *fakePlugin) Info() *pluginapi.Info                                { return f.info }

// A stream whose pipeline fails is started again, and stops being restarted once stopped.
func TestFailedStreamIsStartedAgain(t *testing.T) {
	var mu sync.Mutex
	starts, stops := 0, 0
	watches := map[string]chan pluginapi.Event{}
	mock := &pluginapi.Mock{
		StartStreamFunc: func(_ context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
			mu.Lock()
			defer mu.Unlock()
			starts++
			id := "r" + string(rune('0'+starts))
			watches[id] = make(chan pluginapi.Event, 4)
			return &pluginapi.Started{ID: id, Plan: pluginapi.Plan{Encoder: "x264enc"}}, nil
		},
		WatchFunc: func(_ context.Context, id string) (<-chan pluginapi.Event, error) {
			mu.Lock()
			defer mu.Unlock()
			return watches[id], nil
		},
		StopFunc: func(context.Context, string) error { mu.Lock(); stops++; mu.Unlock(); return nil },
	}
	e := New(slog.New(slog.NewTextHandler(io.Discard, nil)), []Plugin{
		&fakePlugin{info: &pluginapi.Info{Name: "mac", Supported: false, Reason: "wrong OS"}},
		&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"test"}}, p: mock},
	})
	e.RetryMin = 10 * time.Millisecond
	events, unsub := e.Subscribe()
	defer unsub()

	st, err := e.StartStream(context.Background(), spec.StreamSpec{Source: spec.Source{Kind: spec.SourceTest}})
	if err != nil || st.Plugin != "fake" {
		t.Fatalf("start: %+v %v", st, err)
	}
	// The pipeline fails: an error event, then the watch ends.
	mu.Lock()
	w := watches["r1"]
	mu.Unlock()
	w <- pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed, Message: "source went away"}
	close(w)
	deadline := time.After(5 * time.Second)
	for restarted := false; !restarted; {
		select {
		case ev := <-events:
			restarted = ev.Message == "restarted"
		case <-deadline:
			t.Fatal("stream was not started again")
		}
	}
	got, _ := e.Status(st.ID)
	if got.Restarts != 1 || got.LastErr != "source went away" || got.State != pluginapi.StatePlaying {
		t.Fatalf("status %+v", got)
	}
	if err := e.StopStream(context.Background(), st.ID); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if starts != 2 || stops != 1 {
		t.Fatalf("starts %d stops %d", starts, stops)
	}
	if err := e.StopStream(context.Background(), st.ID); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("second stop: %v", err)
	}
}

func TestNoPluginTakesTheSource(t *testing.T) {
	e := New(slog.New(slog.NewTextHandler(io.Discard, nil)), []Plugin{
		&fakePlugin{info: &pluginapi.Info{Name: "mac", Supported: false, Reason: "wrong OS"}},
	})
	_, err := e.StartStream(context.Background(), spec.StreamSpec{Source: spec.Source{Kind: spec.SourceV4L2}})
	if !errors.Is(err, pluginapi.ErrUnsupported) || !containsAll(err.Error(), "mac", "wrong OS") {
		t.Fatalf("err %v", err)
	}
	_, err = New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil).StartStream(context.Background(), spec.StreamSpec{})
	if err == nil || !containsAll(err.Error(), "no plugins found") {
		t.Fatalf("no plugins: %v", err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !contains(s, x) {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A view whose source is unreachable opens anyway and is retried until it plays, and each start
// names its frame ring; mistakes in the spec and refused credentials fail at once.
func TestViewRetriesUntilReachable(t *testing.T) {
	var mu sync.Mutex
	starts := 0
	mock := &pluginapi.Mock{
		StartViewFunc: func(_ context.Context, v *pluginapi.ViewSpec) (*pluginapi.ViewStarted, error) {
			mu.Lock()
			defer mu.Unlock()
			starts++
			switch {
			case v.Source.URL == "rtsp://h/denied":
				return nil, fmt.Errorf("401: %w", pluginapi.ErrUnauthorized)
			case starts < 3:
				return nil, fmt.Errorf("connection refused: %w", pluginapi.ErrPipeline)
			}
			return &pluginapi.ViewStarted{ID: "v", Ring: fmt.Sprintf("ring-%d", starts), Decoder: "avdec_h264"}, nil
		},
		WatchFunc: func(ctx context.Context, id string) (<-chan pluginapi.Event, error) {
			ch := make(chan pluginapi.Event)
			go func() { <-ctx.Done(); close(ch) }()
			return ch, nil
		},
		StopFunc: func(context.Context, string) error { return nil },
	}
	e := New(slog.New(slog.NewTextHandler(io.Discard, nil)), []Plugin{
		&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"rtsp"}}, p: mock}})
	e.RetryMin = 10 * time.Millisecond
	events, unsub := e.Subscribe()
	defer unsub()
	defer e.Close(context.Background())

	src := spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://h/x", LatencyMS: 50}
	st, err := e.StartView(context.Background(), spec.ViewSpec{Source: src})
	if err != nil || st.View != nil || st.LastErr == "" {
		t.Fatalf("unreachable view: %+v, %v; want it kept with its error", st, err)
	}
	var sawRetry bool
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Type == pluginapi.EventError && ev.RetryIn > 0 && ev.Attempt > 0 {
				sawRetry = true
			}
			if ev.State == pluginapi.StatePlaying && ev.Ring != "" {
				if !sawRetry || ev.Ring != "ring-3" {
					t.Fatalf("played with ring %q after retry events %v", ev.Ring, sawRetry)
				}
				if s, _ := e.Status(st.ID); s.View == nil || s.View.Ring != "ring-3" || s.View.Decoder != "avdec_h264" {
					t.Fatalf("status %+v", s)
				}
				goto refused
			}
		case <-deadline:
			t.Fatal("the view never played")
		}
	}
refused:
	if _, err := e.StartView(context.Background(), spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://h/denied", LatencyMS: 50}}); !errors.Is(err, pluginapi.ErrUnauthorized) {
		t.Fatalf("refused credentials: %v", err)
	}
	if _, err := e.StartView(context.Background(), spec.ViewSpec{Source: spec.Source{Kind: spec.SourceTest}}); !errors.Is(err, pluginapi.ErrInvalidSpec) {
		t.Fatalf("test sources cannot be viewed: %v", err)
	}
}

// A view whose plugin moves it to a larger frame ring says so: the event names the ring and the
// status follows.
func TestViewRingMoves(t *testing.T) {
	watch := make(chan pluginapi.Event, 4)
	mock := &pluginapi.Mock{
		StartViewFunc: func(context.Context, *pluginapi.ViewSpec) (*pluginapi.ViewStarted, error) {
			return &pluginapi.ViewStarted{ID: "v", Ring: "small", Decoder: "avdec_h264"}, nil
		},
		WatchFunc: func(context.Context, string) (<-chan pluginapi.Event, error) { return watch, nil },
		StopFunc:  func(context.Context, string) error { return nil },
	}
	e := New(slog.New(slog.NewTextHandler(io.Discard, nil)), []Plugin{
		&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"rtp"}}, p: mock}})
	defer e.Close(context.Background())
	events, unsub := e.Subscribe()
	defer unsub()
	st, err := e.StartView(context.Background(), spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTP, Port: 5000, PayloadType: 96, Codec: "h264", LatencyMS: 50}})
	if err != nil || st.View.Ring != "small" {
		t.Fatalf("%+v %v", st, err)
	}
	watch <- pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying, Ring: "big"}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Ring == "big" {
				if s, _ := e.Status(st.ID); s.View.Ring != "big" {
					t.Fatalf("status ring %q", s.View.Ring)
				}
				return
			}
		case <-deadline:
			t.Fatal("no event with the new ring")
		}
	}
}
