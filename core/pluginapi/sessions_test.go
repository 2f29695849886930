package pluginapi

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// onlyPlatform hides a Mock's Sessions: a plugin built without them.
type onlyPlatform struct{ Platform }

// Sessions, Kick, reader events and the mount's stats cross the wire whole; a plugin without
// them answers ErrUnsupported, and errors keep their identity.
func TestSessionsCrossTheWire(t *testing.T) {
	want := []Session{
		{ID: "a1", Address: "127.0.0.1:4000", User: "alice", Transport: TransportTCP, Playing: true,
			Since: time.Unix(100, 5), Bytes: 1 << 20, Packets: 900, Report: true, FractionLost: 0.25, PacketsLost: -1, JitterMS: 1.5},
		{ID: "p1", Address: "10.0.0.2:5000", Transport: TransportUDP, Publisher: true},
	}
	var kicked [2]string
	stats := &Stats{Frames: 5, Readers: 2, Publishers: 1, SessionsOpened: 7, SessionsFailed: 3, HubDropped: 4,
		ReaderReports: []ReaderReport{{ID: "a1", FractionLost: 0.25, PacketsLost: 2, JitterMS: 1.5}}}
	mock := &Mock{
		SessionsFunc: func(_ context.Context, id string) ([]Session, error) {
			if id != "s1" {
				return nil, ErrNotFound
			}
			return want, nil
		},
		KickFunc: func(_ context.Context, id, sid string) error {
			kicked = [2]string{id, sid}
			if sid == "gone" {
				return ErrNotFound
			}
			return nil
		},
		WatchFunc: func(ctx context.Context, id string) (<-chan Event, error) {
			ch := make(chan Event, 3)
			ch <- Event{Type: EventReaderJoined, ID: id, Session: &want[0]}
			ch <- Event{Type: EventStats, ID: id, Stats: stats}
			ch <- Event{Type: EventReaderLeft, ID: id, Session: &want[1]}
			close(ch)
			return ch, nil
		},
	}
	p := dial(t, mock)
	sp, ok := p.(Sessions)
	if !ok {
		t.Fatal("the host's client does not offer Sessions")
	}
	ctx := context.Background()
	got, err := sp.Sessions(ctx, "s1")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Sessions = %+v, %v\nwant %+v", got, err, want)
	}
	if _, err := sp.Sessions(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Sessions of an unknown stream: %v", err)
	}
	if err := sp.Kick(ctx, "s1", "a1"); err != nil || kicked != [2]string{"s1", "a1"} {
		t.Errorf("Kick: %v, plugin got %v", err, kicked)
	}
	if err := sp.Kick(ctx, "s1", "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Kick of an unknown session: %v", err)
	}
	ch, err := p.Watch(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for ev := range ch {
		evs = append(evs, ev)
	}
	if len(evs) != 3 || evs[0].Type != EventReaderJoined || !reflect.DeepEqual(*evs[0].Session, want[0]) ||
		!reflect.DeepEqual(evs[1].Stats, stats) || evs[2].Type != EventReaderLeft || evs[2].Session.ID != "p1" {
		t.Fatalf("events %+v", evs)
	}

	old := dial(t, onlyPlatform{&Mock{}}).(Sessions)
	if _, err := old.Sessions(ctx, "s1"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Sessions of a plugin without them: %v", err)
	}
	if err := old.Kick(ctx, "s1", "a1"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Kick of a plugin without it: %v", err)
	}
	if _, err := (&Mock{}).Sessions(ctx, "s1"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Mock without SessionsFunc: %v", err)
	}
}
