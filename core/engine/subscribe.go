package engine

import (
	"sync"
	"time"
)

// subscriberQueueMax is how many events may wait for one subscriber. Stats events replace the
// waiting stats of the same stream, so only a subscriber that has stopped reading reaches it;
// it then gets a fresh snapshot instead of the backlog, so state changes and final errors are
// never lost, only folded into the snapshot.
const subscriberQueueMax = 1024

// Subscription delivers the engine's events, starting with a snapshot.
type Subscription struct {
	c    chan Event
	e    *Engine
	mu   sync.Mutex
	q    []Event
	wake chan struct{}
	done chan struct{}
	once sync.Once
}

// Events is the channel of events; it is closed by Close.
func (s *Subscription) Events() <-chan Event { return s.c }

// Close ends the subscription and closes its channel.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.e.mu.Lock()
		delete(s.e.subs, s)
		s.e.mu.Unlock()
		close(s.done)
	})
}

// Subscribe returns a subscription whose first event is a snapshot of every stream and view.
// Events after it are those that happened after the snapshot was taken.
func (e *Engine) Subscribe() *Subscription {
	s := &Subscription{c: make(chan Event), e: e, wake: make(chan struct{}, 1), done: make(chan struct{})}
	e.mu.Lock()
	s.q = append(s.q, e.snapshotLocked())
	e.subs[s] = struct{}{}
	e.mu.Unlock()
	s.signal()
	go s.pump()
	return s
}

// snapshotLocked builds a snapshot event; e.mu is held.
func (e *Engine) snapshotLocked() Event {
	all := make([]Status, 0, len(e.items))
	for _, name := range e.order {
		if it, ok := e.items[name]; ok {
			all = append(all, it.status())
		}
	}
	return Event{Type: EventSnapshot, Time: time.Now(), Snapshot: all}
}

// enqueue adds an event without blocking; e.mu is held (so snapshots and events stay in order).
func (s *Subscription) enqueue(ev Event, e *Engine) {
	s.mu.Lock()
	switch {
	case ev.Type == EventStats && s.replaceStats(ev):
	case len(s.q) >= subscriberQueueMax:
		s.q = append(s.q[:0], e.snapshotLocked())
	default:
		s.q = append(s.q, ev)
	}
	s.mu.Unlock()
	s.signal()
}

// replaceStats puts ev in the place of a waiting stats event of the same stream.
func (s *Subscription) replaceStats(ev Event) bool {
	for i := len(s.q) - 1; i >= 0; i-- {
		if s.q[i].Name != ev.Name {
			continue
		}
		if s.q[i].Type == EventStats {
			s.q[i] = ev
			return true
		}
		return false // a newer event of another kind is waiting: keep the order
	}
	return false
}

func (s *Subscription) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pump hands queued events to the reader, one at a time, until Close.
func (s *Subscription) pump() {
	defer close(s.c)
	for {
		s.mu.Lock()
		var ev Event
		ok := len(s.q) > 0
		if ok {
			ev = s.q[0]
			s.q[0] = Event{}
			s.q = s.q[1:]
		}
		s.mu.Unlock()
		if !ok {
			select {
			case <-s.wake:
				continue
			case <-s.done:
				return
			}
		}
		select {
		case s.c <- ev:
		case <-s.done:
			return
		}
	}
}

// publish hands ev to every subscriber.
func (e *Engine) publish(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.subs {
		s.enqueue(ev, e)
	}
}
