package gui

import (
	"context"

	"github.com/gstcast/gstcast/app/viewmodel"
	"github.com/gstcast/gstcast/core/engine"
)

// viewEvents turns the backend's events about view name into the window's events, and points
// the feed at each ring the view's frames arrive in (a new one after a restart or growth).
func viewEvents(ctx context.Context, name string, events <-chan engine.Event, feed *ringFeed, out chan<- viewmodel.Event) {
	defer close(out)
	send := func(ev viewmodel.Event) {
		select {
		case out <- ev:
		case <-ctx.Done():
		}
	}
	var undecodable noPicture
	for {
		var ev engine.Event
		var ok bool
		select {
		case <-ctx.Done():
			return
		case ev, ok = <-events:
		}
		if !ok {
			send(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StateError, Message: "lost the connection to the gstcast engine"}})
			return
		}
		st := ev.Status
		if ev.Type == engine.EventSnapshot {
			st = nil
			for i := range ev.Snapshot {
				if ev.Snapshot[i].Name == name {
					st = &ev.Snapshot[i]
				}
			}
			if st == nil {
				send(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StateEnded, Message: "the view was stopped"}})
				continue
			}
		} else if ev.Name != name {
			continue
		}
		if ev.Type == engine.EventRemoved {
			send(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StateEnded, Message: "the view was stopped"}})
			continue
		}
		if st == nil {
			continue
		}
		if st.Ring != "" {
			feed.SetRing(st.Ring)
		}
		stats := &viewmodel.Stats{Decoder: st.Decoder, Hardware: st.Hardware}
		if s := st.Stats; s != nil {
			stats.FPS, stats.BitrateBps, stats.Width, stats.Height = s.FPS, int64(s.BitrateBps), s.Width, s.Height
		}
		if ev.Type == engine.EventStats {
			out := viewmodel.Event{Stats: stats}
			if st.Stats != nil {
				if msg, changed := undecodable.update(st.Stats); changed {
					out.Status = &viewmodel.Status{State: viewmodel.StatePlaying, Message: msg}
				}
			}
			send(out)
			continue
		}
		if ev.Type == engine.EventWarning {
			continue
		}
		send(viewmodel.Event{Status: windowStatus(*st, ev), Stats: stats})
	}
}

// windowStatus is what the window says about a view's state.
func windowStatus(st engine.Status, ev engine.Event) *viewmodel.Status {
	msg := ""
	if st.LastErr != nil {
		msg = st.LastErr.Message
	}
	if ev.Error != nil {
		msg = ev.Error.Message
	}
	switch st.State {
	case engine.StatePlaying:
		return &viewmodel.Status{State: viewmodel.StatePlaying}
	case engine.StateRetrying:
		return &viewmodel.Status{State: viewmodel.StateReconnecting, Message: msg, Attempt: st.Attempt, Backoff: st.RetryIn}
	case engine.StateFailed:
		return &viewmodel.Status{State: viewmodel.StateError, Message: msg}
	case engine.StateEnded:
		return &viewmodel.Status{State: viewmodel.StateEnded, Message: "end of stream"}
	case engine.StateStopped:
		return &viewmodel.Status{State: viewmodel.StateEnded, Message: "the view was stopped"}
	}
	return &viewmodel.Status{State: viewmodel.StateConnecting}
}
