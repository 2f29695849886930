package pluginkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// A served stream's readers, through the contract: a reader joining is an event and shows in
// Sessions and in the stats; kicked, it leaves, and that is an event too.
func TestServedStreamSessions(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	defer p.StopAll()
	ctx := context.Background()
	port := freeTCPPort(t)
	s, err := p.StartStream(ctx, liveServed(port, "cam"))
	if err != nil {
		t.Fatal(err)
	}
	evs, err := p.Watch(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ss, err := p.Sessions(ctx, s.ID); err != nil || len(ss) != 0 {
		t.Fatalf("sessions before any reader: %+v, %v", ss, err)
	}
	v, err := p.StartView(ctx, &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: s.URL, URL: s.URL, Transport: "tcp", LatencyMS: 50}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop(ctx, v.ID)
	wait := func(what string, ok func(pluginapi.Event) bool) pluginapi.Event {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case ev, open := <-evs:
				if !open {
					t.Fatalf("events ended before %s", what)
				}
				if ok(ev) {
					return ev
				}
			case <-deadline:
				t.Fatalf("no %s", what)
			}
		}
	}
	joined := wait("reader joined", func(ev pluginapi.Event) bool { return ev.Type == pluginapi.EventReaderJoined })
	if joined.Session == nil || joined.Session.Transport != pluginapi.TransportTCP || joined.Session.Publisher {
		t.Fatalf("joined: %+v", joined.Session)
	}
	stats := wait("stats with the reader", func(ev pluginapi.Event) bool {
		return ev.Type == pluginapi.EventStats && ev.Stats.Readers == 1 && ev.Stats.SessionsOpened == 1
	})
	if stats.Stats.Frames == 0 || stats.Stats.Publishers != 0 || stats.Stats.SessionsFailed != 0 {
		t.Errorf("stats %+v", stats.Stats)
	}
	ss, err := p.Sessions(ctx, s.ID)
	if err != nil || len(ss) != 1 || ss[0].ID != joined.Session.ID || !ss[0].Playing {
		t.Fatalf("sessions: %+v, %v", ss, err)
	}
	if err := p.Kick(ctx, s.ID, "nope"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("kick of an unknown session: %v", err)
	}
	if _, err := p.Sessions(ctx, "s999"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("sessions of an unknown stream: %v", err)
	}
	if err := p.Kick(ctx, s.ID, ss[0].ID); err != nil {
		t.Fatal(err)
	}
	left := wait("reader left", func(ev pluginapi.Event) bool { return ev.Type == pluginapi.EventReaderLeft })
	if left.Session.ID != ss[0].ID {
		t.Errorf("left: %+v", left.Session)
	}
}
