// Package engine keeps the work that clients ask for running on the plugins: streams and views,
// each under the caller's name, as desired state. One keep-alive path starts a piece of work,
// follows its events and starts it again when its source fails or its plugin process is
// restarted; the first start and every restart are the same code. Errors that starting again
// cannot fix (a bad spec, a port in use, refused credentials) end the work at once; everything
// else is retried with the one backoff policy (core/backoff), from the first try.
//
// The engine also answers for the plugins: their status, their devices, encoder probes and
// plans. Its clients (the CLI, the daemon's control API, the desktop app) reach it through
// core/control's Backend, never around it.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/backoff"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Plugin is what the engine needs of a plugin process; *pluginhost.Plugin implements it.
type Plugin interface {
	// Platform waits until the plugin is connected (it may be restarting) and returns it.
	Platform(ctx context.Context) (pluginapi.Platform, error)
	// Info is what the plugin said about itself at its last start.
	Info() *pluginapi.Info
	// Restarts counts the restarts of the process after it died.
	Restarts() int
	// PID is the process id, 0 while none runs.
	PID() int
}

// ErrExists says a name is taken (Add of a name that is already kept).
var ErrExists = errors.New("already exists")

// Options configure an Engine.
type Options struct {
	// Retry is the backoff between starts of failed work (backoff.Default when zero).
	Retry backoff.Policy
	// Unstarted lists plugins that were found but could not be started, for Plugins().
	Unstarted []PluginStatus
}

// Engine keeps streams and views running on plugins.
type Engine struct {
	log     *slog.Logger
	plugins []Plugin
	opts    Options

	mu     sync.Mutex
	items  map[string]*item
	order  []string // names in the order they were added (List, snapshots)
	subs   map[*Subscription]struct{}
	nextID map[Kind]int
	closed bool
}

// New makes an engine over the given plugins, in order of preference.
func New(log *slog.Logger, plugins []Plugin, o Options) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{log: log, plugins: plugins, opts: o, items: map[string]*item{},
		subs: map[*Subscription]struct{}{}, nextID: map[Kind]int{}}
}

// Add starts new work under w.Name (a name is made up when it is empty: stream-1, view-1).
// It returns once the first start has been tried: an error that starting again cannot fix is
// returned and nothing is kept; any other failure is kept and retried in the background, and
// the returned status says so (State retrying, LastErr). A name already kept gives ErrExists.
func (e *Engine) Add(ctx context.Context, w Work) (Status, error) {
	return e.put(ctx, w, false)
}

// Ensure makes w.Name run w: new work is added as by Add; work under that name with the same
// spec is left running untouched (its readers stay connected); work with another spec is
// stopped and started again with w. This is what a config reload calls for each entry.
func (e *Engine) Ensure(ctx context.Context, w Work) (Status, error) {
	return e.put(ctx, w, true)
}

func (e *Engine) put(ctx context.Context, w Work, replace bool) (Status, error) {
	if (w.Stream == nil) == (w.View == nil) {
		return Status{}, fmt.Errorf("work %q: give a stream or a view: %w", w.Name, pluginapi.ErrInvalidSpec)
	}
	if err := validate(w); err != nil {
		return Status{}, err
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return Status{}, fmt.Errorf("engine is shutting down: %w", pluginapi.ErrUnavailable)
	}
	if w.Name == "" {
		w.Name = e.newNameLocked(w.Kind())
	}
	old, exists := e.items[w.Name]
	e.mu.Unlock()
	if exists {
		if !replace {
			return Status{}, fmt.Errorf("%s %q: %w", old.kind, w.Name, ErrExists)
		}
		if old.sameWork(w) && old.stateOf().Running() {
			return old.status(), nil
		}
		if err := e.Remove(ctx, w.Name); err != nil && !errors.Is(err, pluginapi.ErrNotFound) {
			return Status{}, err
		}
	}
	it := newItem(w)
	e.mu.Lock()
	if _, taken := e.items[w.Name]; taken { // another caller got there first
		e.mu.Unlock()
		return Status{}, fmt.Errorf("%s %q: %w", it.kind, w.Name, ErrExists)
	}
	e.items[w.Name] = it
	e.order = append(e.order, w.Name)
	e.mu.Unlock()
	e.publish(Event{Type: EventState, Name: w.Name, Status: ptr(it.status())})

	first := e.run(it)
	select {
	case err := <-first:
		if err != nil {
			e.forget(it)
			return Status{}, err
		}
	case <-ctx.Done():
		e.stopItem(context.Background(), it)
		e.forget(it)
		return Status{}, ctx.Err()
	}
	return it.status(), nil
}

func validate(w Work) error {
	var err error
	if w.Stream != nil {
		err = w.Stream.Validate()
	} else {
		err = w.View.Validate()
	}
	if err != nil {
		return fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	return nil
}

func (e *Engine) newNameLocked(k Kind) string {
	for {
		e.nextID[k]++
		name := string(k) + "-" + strconv.Itoa(e.nextID[k])
		if _, taken := e.items[name]; !taken {
			return name
		}
	}
}

// run starts it's keeper and returns the channel that gets the first start's outcome: nil
// when it plays or will be retried, the error when it cannot work.
func (e *Engine) run(it *item) <-chan error {
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	it.mu.Lock()
	it.cancel, it.done = cancel, make(chan struct{})
	done := it.done
	it.mu.Unlock()
	go func() {
		defer close(done)
		e.keep(ctx, it, first)
	}()
	return first
}

// forget drops it from the table (its keeper has ended) and tells subscribers.
func (e *Engine) forget(it *item) {
	e.mu.Lock()
	if e.items[it.name] != it {
		e.mu.Unlock()
		return
	}
	delete(e.items, it.name)
	for i, n := range e.order {
		if n == it.name {
			e.order = append(e.order[:i], e.order[i+1:]...)
			break
		}
	}
	e.mu.Unlock()
	e.publish(Event{Type: EventRemoved, Name: it.name})
}

func (e *Engine) get(name string) (*item, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	it, ok := e.items[name]
	if !ok {
		return nil, fmt.Errorf("no stream or view named %q: %w", name, pluginapi.ErrNotFound)
	}
	return it, nil
}

// Get returns the status of the work under name.
func (e *Engine) Get(name string) (Status, error) {
	it, err := e.get(name)
	if err != nil {
		return Status{}, err
	}
	return it.status(), nil
}

// List returns every stream and view, in the order they were added.
func (e *Engine) List() []Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshotLocked().Snapshot
}

// Remove stops the work under name (EOS, then NULL in the plugin) and forgets it.
func (e *Engine) Remove(ctx context.Context, name string) error {
	it, err := e.get(name)
	if err != nil {
		return err
	}
	err = e.stopItem(ctx, it)
	e.forget(it)
	return err
}

// Stop stops the work under name but keeps it, in state stopped, for Start.
func (e *Engine) Stop(ctx context.Context, name string) error {
	it, err := e.get(name)
	if err != nil {
		return err
	}
	err = e.stopItem(ctx, it)
	it.setState(StateStopped)
	e.publish(Event{Type: EventState, Name: name, Status: ptr(it.status())})
	return err
}

// Start runs stopped (or failed, or ended) work again, as its first start: an error that cannot
// heal is returned (the work stays, failed), anything else is retried.
func (e *Engine) Start(ctx context.Context, name string) (Status, error) {
	it, err := e.get(name)
	if err != nil {
		return Status{}, err
	}
	if it.stateOf().Running() {
		return it.status(), nil
	}
	it.resetForStart()
	e.publish(Event{Type: EventState, Name: name, Status: ptr(it.status())})
	select {
	case err := <-e.run(it):
		if err != nil {
			return it.status(), err
		}
	case <-ctx.Done():
		e.stopItem(context.Background(), it)
		it.setState(StateStopped)
		return it.status(), ctx.Err()
	}
	return it.status(), nil
}

// stopItem ends it's keeper and stops what runs in the plugin.
func (e *Engine) stopItem(ctx context.Context, it *item) error {
	it.mu.Lock()
	cancel, done := it.cancel, it.done
	it.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	it.mu.Lock()
	remote, p := it.remoteID, it.plugin
	it.remoteID = ""
	it.mu.Unlock()
	if remote == "" || p == nil {
		return nil
	}
	sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
	defer scancel()
	pl, err := p.Platform(sctx)
	if err != nil {
		return nil // the plugin is gone, and what ran in it with it
	}
	if err := pl.Stop(sctx, remote); err != nil && !errors.Is(err, pluginapi.ErrNotFound) {
		return fmt.Errorf("stop %s %q: %w", it.kind, it.name, err)
	}
	return nil
}

// Close stops every stream and view, and refuses new work. Views go first: they are the
// user's windows, and their plugin may also serve the streams they show.
func (e *Engine) Close(ctx context.Context) {
	e.mu.Lock()
	e.closed = true
	var views, streams []*item
	for _, n := range e.order {
		it := e.items[n]
		if it.kind == KindView {
			views = append(views, it)
		} else {
			streams = append(streams, it)
		}
	}
	e.mu.Unlock()
	var wg sync.WaitGroup
	for _, group := range [][]*item{views, streams} {
		for _, it := range group {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := e.stopItem(ctx, it); err != nil {
					e.log.Warn("stop", "name", it.name, "err", err)
				}
				e.forget(it)
			}()
		}
		wg.Wait()
	}
}

func ptr[T any](v T) *T { return &v }

// sameWork says whether w asks for exactly what it runs.
func (it *item) sameWork(w Work) bool {
	it.mu.Lock()
	defer it.mu.Unlock()
	return reflect.DeepEqual(it.work.Stream, w.Stream) && reflect.DeepEqual(it.work.View, w.View)
}

// Plan returns the pipeline a stream spec would run, without running it.
func (e *Engine) Plan(ctx context.Context, s spec.StreamSpec) (Plan, error) {
	p, err := e.pick(s.Source)
	if err != nil {
		return Plan{}, err
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		return Plan{}, err
	}
	plan, err := pl.Pipeline(ctx, "", &s)
	if err != nil {
		return Plan{}, err
	}
	return Plan{Plugin: p.Info().Name, Launch: plan.Launch, Encoder: plan.Encoder, Encoders: plan.Encoders}, nil
}
