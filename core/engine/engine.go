// Package engine keeps the desired streams running on the plugins: it picks a plugin for each
// stream, starts it, follows its events, and starts it again when the plugin process is
// restarted or a network source fails. The CLI, the service and the GUI all drive one Engine.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Plugin is what the engine needs of a plugin process; *pluginhost.Plugin implements it.
type Plugin interface {
	Platform(ctx context.Context) (pluginapi.Platform, error)
	Info() *pluginapi.Info
}

// Event is a stream event with the engine's stream id.
type Event struct {
	StreamID string
	pluginapi.Event
	// Final says the engine gave the stream up: its error cannot be fixed by starting it again
	// (a server refused the credentials, or has no such path).
	Final bool
	// RetryIn and Attempt come with errors the engine will retry: when, and which attempt.
	RetryIn time.Duration
	Attempt int
	// Ring is set when a view (re)starts: the frame ring its frames now arrive in.
	Ring string
}

// Status is a stream as the engine sees it.
type Status struct {
	ID       string
	Spec     spec.StreamSpec
	Plugin   string
	State    string
	Plan     pluginapi.Plan
	URL      string // where readers find a served stream
	View     *ViewInfo
	Stats    *pluginapi.Stats
	LastErr  string
	Restarts int
}

// ViewInfo is what a running view reads its frames from and how they are decoded.
type ViewInfo struct {
	Ring     string
	Decoder  string
	Hardware bool
	Decoders []pluginapi.ElementStatus
}

// Engine runs streams on plugins.
type Engine struct {
	log     *slog.Logger
	plugins []Plugin
	// RetryMin/RetryMax bound the pause before a failed stream is started again.
	RetryMin, RetryMax time.Duration

	mu      sync.Mutex
	streams map[string]*stream
	subs    map[chan Event]struct{}
	nextID  int
}

type stream struct {
	id     string
	spec   spec.StreamSpec
	plugin Plugin
	name   string

	mu       sync.Mutex
	remoteID string
	state    string
	plan     pluginapi.Plan
	url      string
	view     *spec.ViewSpec // set for views
	viewInfo *ViewInfo
	stats    *pluginapi.Stats
	lastErr  string
	reason   string // of the last error event
	restarts int
	cancel   context.CancelFunc // stops the stream's keeper
	done     chan struct{}
}

// New makes an engine over the given plugins (in order of preference).
func New(log *slog.Logger, plugins []Plugin) *Engine {
	e := &Engine{log: log, plugins: plugins, RetryMin: 500 * time.Millisecond, RetryMax: 10 * time.Second,
		streams: map[string]*stream{}, subs: map[chan Event]struct{}{}}
	return e
}

// Subscribe returns a channel of every stream's events; call the func to stop.
func (e *Engine) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 64)
	e.mu.Lock()
	e.subs[ch] = struct{}{}
	e.mu.Unlock()
	return ch, func() {
		e.mu.Lock()
		if _, ok := e.subs[ch]; ok {
			delete(e.subs, ch)
			close(ch)
		}
		e.mu.Unlock()
	}
}

func (e *Engine) publish(ev Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for ch := range e.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// pick chooses the first supported plugin that takes the source's kind.
func (e *Engine) pick(kind spec.SourceKind) (Plugin, error) {
	var reasons []string
	for _, p := range e.plugins {
		info := p.Info()
		if info == nil {
			continue
		}
		if !info.Supported {
			reasons = append(reasons, info.Name+": "+info.Reason)
			continue
		}
		for _, k := range info.SourceKinds {
			if k == string(kind) {
				return p, nil
			}
		}
		reasons = append(reasons, info.Name+": no "+string(kind)+" sources")
	}
	if len(e.plugins) == 0 {
		return nil, errors.New("no plugins found: install gstcast-plugin-* next to gstcast or set GSTCAST_PLUGIN_PATH (see `gstcast plugins`)")
	}
	return nil, fmt.Errorf("no plugin can take %s sources (%v): %w", kind, reasons, pluginapi.ErrUnsupported)
}

// Plan returns the pipeline a spec would run, without running it.
func (e *Engine) Plan(ctx context.Context, s spec.StreamSpec) (*pluginapi.Plan, string, error) {
	p, err := e.pick(s.Source.Kind)
	if err != nil {
		return nil, "", err
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		return nil, "", err
	}
	plan, err := pl.Pipeline(ctx, "", &s)
	return plan, p.Info().Name, err
}

// StartStream starts a stream and keeps it running until StopStream. The first start's error
// is returned as is (bad input must fail loudly); later failures are retried with backoff.
func (e *Engine) StartStream(ctx context.Context, s spec.StreamSpec) (Status, error) {
	p, err := e.pick(s.Source.Kind)
	if err != nil {
		return Status{}, err
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		return Status{}, err
	}
	started, err := pl.StartStream(ctx, &s)
	if err != nil {
		return Status{}, err
	}
	e.mu.Lock()
	e.nextID++
	id := "stream" + strconv.Itoa(e.nextID)
	kctx, cancel := context.WithCancel(context.Background())
	st := &stream{id: id, spec: s, plugin: p, name: p.Info().Name, remoteID: started.ID, state: pluginapi.StatePlaying,
		plan: started.Plan, url: started.URL, cancel: cancel, done: make(chan struct{})}
	e.streams[id] = st
	e.mu.Unlock()
	go e.keep(kctx, st)
	return st.status(), nil
}

// start starts st (a stream or a view) on pl and records what the plugin answered.
func (e *Engine) start(ctx context.Context, pl pluginapi.Platform, st *stream) error {
	if st.view != nil {
		v, err := pl.StartView(ctx, st.view)
		if err != nil {
			return err
		}
		st.mu.Lock()
		st.remoteID, st.state = v.ID, pluginapi.StatePlaying
		st.plan = pluginapi.Plan{Launch: v.Launch, Encoder: v.Decoder, Encoders: v.Decoders}
		st.viewInfo = &ViewInfo{Ring: v.Ring, Decoder: v.Decoder, Hardware: v.Hardware, Decoders: v.Decoders}
		st.mu.Unlock()
		return nil
	}
	started, err := pl.StartStream(ctx, &st.spec)
	if err != nil {
		return err
	}
	st.mu.Lock()
	st.remoteID, st.plan, st.url, st.state = started.ID, started.Plan, started.URL, pluginapi.StatePlaying
	st.mu.Unlock()
	return nil
}

// Retryable says whether an error may go away by itself (a source that is down, a plugin that
// restarts), as opposed to a mistake in what was asked.
func Retryable(err error) bool {
	for _, e := range []error{pluginapi.ErrInvalidSpec, pluginapi.ErrPortInUse, pluginapi.ErrUnsupported,
		pluginapi.ErrFileNotFound, pluginapi.ErrNoEncoder, pluginapi.ErrNoDecoder, pluginapi.ErrUnauthorized, pluginapi.ErrRemoteNotFound,
		pluginapi.ErrDeviceNotFound} {
		if errors.Is(err, e) {
			return false
		}
	}
	return true
}

// StartView opens a view: a stream decoded by a plugin into a frame ring. Unlike StartStream it
// returns at once when the source is merely unreachable: the view is kept and retried with
// backoff (its events say so), so a window can show "reconnecting" instead of failing. Errors
// that retrying cannot fix (bad spec, refused credentials, unknown path) are returned.
func (e *Engine) StartView(ctx context.Context, v spec.ViewSpec) (Status, error) {
	if err := v.Validate(); err != nil {
		return Status{}, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	p, err := e.pick(v.Source.Kind)
	if err != nil {
		return Status{}, err
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		return Status{}, err
	}
	e.mu.Lock()
	e.nextID++
	id := "view" + strconv.Itoa(e.nextID)
	e.mu.Unlock()
	vs := v
	st := &stream{id: id, spec: spec.StreamSpec{Name: v.Name, Source: v.Source}, view: &vs, plugin: p, name: p.Info().Name,
		state: pluginapi.StateStarting, done: make(chan struct{})}
	if err := e.start(ctx, pl, st); err != nil {
		if !Retryable(err) || ctx.Err() != nil {
			return Status{}, err
		}
		st.setErr(err.Error())
		st.state = pluginapi.StateFailed
	}
	kctx, cancel := context.WithCancel(context.Background())
	st.cancel = cancel
	e.mu.Lock()
	e.streams[id] = st
	e.mu.Unlock()
	go e.keep(kctx, st)
	return st.status(), nil
}

// keep follows a stream's events and starts it again whenever it stops without being asked:
// the plugin process died (it is restarted by the host) or the pipeline failed.
func (e *Engine) keep(ctx context.Context, st *stream) {
	defer close(st.done)
	backoff := e.RetryMin
	attempt := 0
	for ctx.Err() == nil {
		st.mu.Lock()
		remote := st.remoteID
		st.mu.Unlock()
		if remote != "" {
			played := e.follow(ctx, st, remote)
			if played {
				backoff = e.RetryMin
			}
			if ctx.Err() != nil {
				return
			}
			if e.hopeless(st, played) {
				return
			}
			st.mu.Lock()
			ended := st.state == pluginapi.StateEnded
			st.remoteID = ""
			st.mu.Unlock()
			if ended {
				return
			}
			e.log.Warn("stream stopped unexpectedly; starting it again", "stream", st.id, "in", backoff.String(), "err", st.lastErrText())
			attempt++
			e.publish(Event{StreamID: st.id, RetryIn: backoff, Attempt: attempt, Event: pluginapi.Event{Type: pluginapi.EventState,
				State: pluginapi.StateRetrying, Message: st.lastErrText(), Time: time.Now()}})
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(backoff*2, e.RetryMax)
		}
		pl, err := st.plugin.Platform(ctx) // waits while the plugin restarts
		if err != nil {
			continue
		}
		attempt++
		err = e.start(ctx, pl, st)
		if err != nil {
			st.setErr(err.Error())
			e.publish(Event{StreamID: st.id, RetryIn: backoff, Attempt: attempt, Event: pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed,
				Message: err.Error(), Reason: pluginapi.Reason(err), Time: time.Now()}})
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(backoff*2, e.RetryMax)
			continue
		}
		attempt = 0
		st.mu.Lock()
		st.restarts++
		ring := ""
		if st.viewInfo != nil {
			ring = st.viewInfo.Ring
		}
		st.mu.Unlock()
		e.log.Info("stream started again", "stream", st.id, "restarts", st.restarts)
		e.publish(Event{StreamID: st.id, Ring: ring, Event: pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying, Message: "restarted", Time: time.Now()}})
	}
}

// follow forwards a stream's events until its watch ends. It reports whether the stream played.
// hopeless gives a stream up after an error that starting it again cannot fix: credentials
// refused, or a path the server does not have (unless the stream had played before, as a camera
// rebooting can answer 404 for a while).
func (e *Engine) hopeless(st *stream, played bool) bool {
	st.mu.Lock()
	reason, msg := st.reason, st.lastErr
	st.reason = ""
	giveUp := reason == pluginapi.ReasonUnauthorized || (reason == pluginapi.ReasonRemoteNotFound && !played && st.restarts == 0)
	if giveUp {
		st.state = pluginapi.StateFailed
	}
	st.mu.Unlock()
	if !giveUp {
		return false
	}
	e.log.Error("stream failed for good", "stream", st.id, "err", msg)
	e.publish(Event{StreamID: st.id, Final: true, Event: pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed,
		Reason: reason, Message: msg + " (not retrying)", Time: time.Now()}})
	return true
}

func (e *Engine) follow(ctx context.Context, st *stream, remote string) bool {
	pl, err := st.plugin.Platform(ctx)
	if err != nil {
		return false
	}
	ch, err := pl.Watch(ctx, remote)
	if err != nil {
		st.setErr(err.Error())
		return false
	}
	played := false
	for {
		var ev pluginapi.Event
		var ok bool
		select {
		case ev, ok = <-ch:
		case <-ctx.Done():
			return played
		}
		if !ok {
			return played
		}
		st.mu.Lock()
		if ev.State != "" && ev.Type != pluginapi.EventStats {
			st.state = ev.State
		}
		if ev.Stats != nil {
			st.stats = ev.Stats
			played = played || ev.Stats.Frames > 0
		}
		if ev.Type == pluginapi.EventError {
			st.lastErr = ev.Message
			st.reason = ev.Reason
		}
		if ev.Ring != "" && st.viewInfo != nil {
			vi := *st.viewInfo
			vi.Ring = ev.Ring
			st.viewInfo = &vi
		}
		st.mu.Unlock()
		e.publish(Event{StreamID: st.id, Event: ev, Ring: ev.Ring})
	}
}

func (st *stream) setErr(s string) {
	st.mu.Lock()
	st.lastErr = s
	st.state = pluginapi.StateFailed
	st.mu.Unlock()
}

func (st *stream) lastErrText() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.lastErr
}

func (st *stream) status() Status {
	st.mu.Lock()
	defer st.mu.Unlock()
	return Status{ID: st.id, Spec: st.spec, Plugin: st.name, State: st.state, Plan: st.plan, URL: st.url, View: st.viewInfo, Stats: st.stats,
		LastErr: st.lastErr, Restarts: st.restarts}
}

// Status returns a stream's status.
func (e *Engine) Status(id string) (Status, bool) {
	e.mu.Lock()
	st, ok := e.streams[id]
	e.mu.Unlock()
	if !ok {
		return Status{}, false
	}
	return st.status(), true
}

// StopStream stops a stream and forgets it.
func (e *Engine) StopStream(ctx context.Context, id string) error {
	e.mu.Lock()
	st, ok := e.streams[id]
	delete(e.streams, id)
	e.mu.Unlock()
	if !ok {
		return fmt.Errorf("stream %q: %w", id, pluginapi.ErrNotFound)
	}
	st.cancel()
	<-st.done
	st.mu.Lock()
	remote := st.remoteID
	st.mu.Unlock()
	if remote == "" {
		return nil
	}
	pl, err := st.plugin.Platform(ctx)
	if err != nil {
		return nil // plugin gone: nothing left running
	}
	if err := pl.Stop(ctx, remote); err != nil && !errors.Is(err, pluginapi.ErrNotFound) {
		return fmt.Errorf("stop %s: %w", id, err)
	}
	return nil
}

// Close stops every stream.
func (e *Engine) Close(ctx context.Context) {
	e.mu.Lock()
	ids := make([]string, 0, len(e.streams))
	for id := range e.streams {
		ids = append(ids, id)
	}
	e.mu.Unlock()
	for _, id := range ids {
		if err := e.StopStream(ctx, id); err != nil {
			e.log.Warn("stop stream", "stream", id, "err", err)
		}
	}
}
