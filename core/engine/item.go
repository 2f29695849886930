package engine

import (
	"context"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// item is one piece of kept work. Its keeper goroutine is the only writer of its run state;
// API calls read it through status().
type item struct {
	name string
	kind Kind

	mu       sync.Mutex
	work     Work
	plugin   Plugin
	remoteID string // the plugin's id of what runs now; "" while nothing runs
	state    State
	since    time.Time
	url      string
	launch   string
	encoder  string
	encoders []pluginapi.ElementStatus
	decoder  string
	hardware bool
	decoders []pluginapi.ElementStatus
	ring     string
	stats    *pluginapi.Stats
	lastErr  *Error
	starts   int  // starts that reached the plugin
	played   bool // frames flowed at least once
	attempt  int
	retryIn  time.Duration

	cancel context.CancelFunc // ends the keeper
	done   chan struct{}      // closed when the keeper has ended
}

func newItem(w Work) *item {
	return &item{name: w.Name, kind: w.Kind(), work: w, state: StateStarting, since: time.Now()}
}

func (it *item) status() Status {
	it.mu.Lock()
	defer it.mu.Unlock()
	s := Status{Name: it.name, Kind: it.kind, Origin: it.work.Origin, Stream: it.work.Stream, View: it.work.View,
		State: it.state, Since: it.since, URL: it.url, Launch: it.launch,
		Encoder: it.encoder, Encoders: it.encoders, Decoder: it.decoder, Hardware: it.hardware, Decoders: it.decoders,
		Ring: it.ring, Stats: it.stats, LastErr: it.lastErr, Restarts: max(0, it.starts-1)}
	if it.plugin != nil && it.plugin.Info() != nil {
		s.Plugin = it.plugin.Info().Name
	}
	if it.state == StateRetrying {
		s.Attempt, s.RetryIn = it.attempt, it.retryIn
	}
	return s
}

func (it *item) stateOf() State {
	it.mu.Lock()
	defer it.mu.Unlock()
	return it.state
}

// setStateLocked moves to s; it.mu is held.
func (it *item) setStateLocked(s State) {
	if it.state != s {
		it.state, it.since = s, time.Now()
	}
}

func (it *item) setState(s State) {
	it.mu.Lock()
	it.setStateLocked(s)
	it.mu.Unlock()
}

// resetForStart prepares stopped or failed work for a new first start.
func (it *item) resetForStart() {
	it.mu.Lock()
	it.setStateLocked(StateStarting)
	it.attempt, it.retryIn = 0, 0
	it.mu.Unlock()
}
