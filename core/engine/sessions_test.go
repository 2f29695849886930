package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// Sessions and Kick reach the plugin that runs the stream, under its own id; reader events
// from the plugin become EventReader with the session and the stream's status.
func TestSessionsKickAndReaderEvents(t *testing.T) {
	p := &plugin{}
	mock := p.mock()
	var kicked string
	mock.SessionsFunc = func(_ context.Context, id string) ([]pluginapi.Session, error) {
		return []pluginapi.Session{{ID: "x-" + id, Transport: pluginapi.TransportTCP}}, nil
	}
	mock.KickFunc = func(_ context.Context, id, sid string) error {
		if sid != "x-"+id {
			return pluginapi.ErrNotFound
		}
		kicked = sid
		return nil
	}
	e := New(nil, []Plugin{&fakePlugin{info: &pluginapi.Info{Name: "fake", Supported: true, SourceKinds: []string{"test", "rtsp"}}, p: mock}}, Options{})
	t.Cleanup(func() { e.Close(context.Background()) })
	sub := e.Subscribe()
	defer sub.Close()
	ctx := context.Background()
	if _, err := e.Add(ctx, Work{Name: "cam", Stream: served(t, "cam", "test://ball")}); err != nil {
		t.Fatal(err)
	}
	ss, err := e.Sessions(ctx, "cam")
	if err != nil || len(ss) != 1 || ss[0].ID != "x-r1" {
		t.Fatalf("sessions: %+v, %v", ss, err)
	}
	if err := e.Kick(ctx, "cam", "nope"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("kick of an unknown session: %v", err)
	}
	if err := e.Kick(ctx, "cam", "x-r1"); err != nil || kicked != "x-r1" {
		t.Errorf("kick: %v (plugin kicked %q)", err, kicked)
	}
	if _, err := e.Sessions(ctx, "nope"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("sessions of an unknown stream: %v", err)
	}
	w := p.watch("r1")
	w <- pluginapi.Event{Type: pluginapi.EventStats, ID: "r1", Stats: &pluginapi.Stats{Frames: 3, Readers: 1}}
	w <- pluginapi.Event{Type: pluginapi.EventReaderJoined, ID: "r1", Session: &pluginapi.Session{ID: "x-r1", Address: "127.0.0.1:5"}}
	w <- pluginapi.Event{Type: pluginapi.EventReaderLeft, ID: "r1", Session: &pluginapi.Session{ID: "x-r1"}}
	joined := waitFor(t, sub, "reader joined", func(ev Event) bool { return ev.Type == EventReader && ev.Reader.Joined })
	if joined.Name != "cam" || joined.Reader.Session.Address != "127.0.0.1:5" || joined.Status == nil || joined.Status.Stats.Readers != 1 {
		t.Errorf("joined: %+v", joined)
	}
	left := waitFor(t, sub, "reader left", func(ev Event) bool { return ev.Type == EventReader })
	if left.Reader.Joined || left.Reader.Session.ID != "x-r1" {
		t.Errorf("left: %+v", left.Reader)
	}

	// A plugin without sessions.
	e2 := New(nil, []Plugin{&fakePlugin{info: &pluginapi.Info{Name: "old", Supported: true, SourceKinds: []string{"test"}}, p: onlyPlatform{(&plugin{}).mock()}}}, Options{})
	t.Cleanup(func() { e2.Close(context.Background()) })
	if _, err := e2.Add(ctx, Work{Name: "cam", Stream: served(t, "cam", "test://ball")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e2.Sessions(ctx, "cam"); !errors.Is(err, pluginapi.ErrUnsupported) {
		t.Errorf("sessions on a plugin without them: %v", err)
	}
}

// onlyPlatform hides a Mock's Sessions: a plugin built without them.
type onlyPlatform struct{ pluginapi.Platform }
