package tray

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/backoff"
	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// Origin marks the streams the tray starts (engine.Work.Origin).
const Origin = "gui"

// Options are what the app shell gives the tray. Every func is called on Fyne's main
// goroutine (from a menu click, or while the menu is built); any may be nil.
type Options struct {
	// ShowMain shows and raises the main window, HideMain hides it; MainShown says whether it
	// is shown now. Without ShowMain the menu has no show/hide item.
	ShowMain  func()
	HideMain  func()
	MainShown func() bool
	// OpenView opens a viewer window on a stream's RTSP URL; without it there is no "View".
	OpenView func(url string)
	// Quit ends the app; nil: fyne.App.Quit.
	Quit func()
	// Icons for idle, streaming and error; DefaultIcons fill in what is nil.
	Icons Icons
	Log   *slog.Logger
}

// How long the tray waits for the engine, and how often it reads the config again: the API
// has no event for a config change, and favourites may change with a reload (Reload asks at
// once, for the app's own edits).
const (
	callTimeout = 2 * time.Minute
	configEvery = 10 * time.Second
)

// Tray keeps the menu's State from the backend's events and the daemon's config, and does
// what the menu's items say. Start (Fyne builds) shows it; New does not touch the GUI.
type Tray struct {
	b   control.Backend
	o   Options
	log *slog.Logger

	reload chan struct{}

	mu         sync.Mutex
	started    bool
	ctx        context.Context
	r          renderer
	connecting bool
	problem    string
	streams    map[string]engine.Status
	favs       []Favorite
	cfgText    string
	cfgRead    bool
	cfgProblem string
	busy       map[string]string
	failed     map[string]string
	autostart  *bool
}

// renderer shows the menu: Fyne's tray in Start, a recorder in tests.
type renderer interface {
	// changed says the state changed; the renderer builds the menu again (Tray.Menu) on its
	// own thread, as often as it likes.
	changed()
	// notify shows a desktop notification.
	notify(title, body string)
}

// New makes a tray for b. Nothing happens until Start.
func New(b control.Backend, o Options) *Tray {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Tray{b: b, o: o, log: log, reload: make(chan struct{}, 1), connecting: true,
		streams: map[string]engine.Status{}, busy: map[string]string{}, failed: map[string]string{}}
}

// begin starts following the backend with r showing the menu.
func (t *Tray) begin(ctx context.Context, r renderer) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started {
		return errors.New("the tray is started already")
	}
	t.started, t.ctx, t.r = true, ctx, r
	switch on, err := Autostart(); {
	case errors.Is(err, ErrUnsupported):
	case err != nil:
		t.log.Warn("tray: start at login", "err", err)
		t.autostart = new(bool)
	default:
		t.autostart = &on
	}
	go t.watch(ctx)
	go t.watchConfig(ctx)
	return nil
}

// Reload reads the favourites from the daemon's config again now (the app calls it after it
// changed the config; otherwise the tray looks every few seconds).
func (t *Tray) Reload() {
	select {
	case t.reload <- struct{}{}:
	default:
	}
}

// Refresh shows the menu again, e.g. after the main window was shown or hidden.
func (t *Tray) Refresh() {
	t.mu.Lock()
	r := t.r
	t.mu.Unlock()
	if r != nil {
		r.changed()
	}
}

// State is what the menu is built from now (Window left to the caller).
func (t *Tray) State() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := State{Connecting: t.connecting && t.problem == "", Problem: t.problem, Favorites: t.favs,
		ConfigProblem: t.cfgProblem, CanView: t.o.OpenView != nil, Busy: map[string]string{}, Failed: map[string]string{}}
	for _, st := range t.streams {
		s.Streams = append(s.Streams, st)
	}
	for k, v := range t.busy {
		s.Busy[k] = v
	}
	for k, v := range t.failed {
		s.Failed[k] = v
	}
	if t.autostart != nil {
		on := *t.autostart
		s.Autostart = &on
	}
	return s
}

// Menu is the menu now, with the main window as w says.
func (t *Tray) Menu(w Window) Menu {
	s := t.State()
	s.Window = w
	return Build(s)
}

// update changes the state under the lock, then has the menu shown again.
func (t *Tray) update(f func()) {
	t.mu.Lock()
	f()
	r := t.r
	t.mu.Unlock()
	if r != nil {
		r.changed()
	}
}

func (t *Tray) notify(title, body string) {
	t.mu.Lock()
	r := t.r
	t.mu.Unlock()
	t.log.Info("tray: notification", "title", title, "body", body)
	if r != nil {
		r.notify(title, body)
	}
}

// watch follows the backend's events; when the engine goes away it says so and watches
// again, with the engine's one backoff policy.
func (t *Tray) watch(ctx context.Context) {
	bo := backoff.New(backoff.Policy{Min: time.Second, Max: 10 * time.Second})
	for ctx.Err() == nil {
		events, err := t.b.Watch(ctx)
		if err == nil {
			if t.follow(ctx, events) {
				bo.Reset()
			}
			if ctx.Err() != nil {
				return
			}
			err = errors.New("lost the connection to the gstcast engine")
		}
		t.log.Warn("tray: engine", "err", err)
		t.update(func() { t.problem = oneLine(err) })
		d, _ := bo.Next()
		select {
		case <-ctx.Done():
			return
		case <-time.After(d):
		}
	}
}

// follow applies events until the channel closes; it says whether a snapshot came.
func (t *Tray) follow(ctx context.Context, events <-chan engine.Event) bool {
	got := false
	for {
		select {
		case <-ctx.Done():
			return got
		case ev, ok := <-events:
			if !ok {
				return got
			}
			if ev.Type == engine.EventSnapshot {
				got = true
				t.Reload() // the daemon may be another one, or have a new config
			}
			t.apply(ev)
		}
	}
}

func (t *Tray) apply(ev engine.Event) {
	var note string
	t.update(func() {
		switch ev.Type {
		case engine.EventSnapshot:
			t.connecting, t.problem = false, ""
			t.streams = map[string]engine.Status{}
			for _, st := range ev.Snapshot {
				t.streams[st.Name] = st
			}
		case engine.EventRemoved:
			delete(t.streams, ev.Name)
		default:
			if ev.Status == nil {
				return
			}
			st := *ev.Status
			t.streams[st.Name] = st
			if st.State == engine.StatePlaying { // it was started after all (elsewhere)
				delete(t.failed, st.Name)
			}
			// A favourite the tray is starting, or just failed to, is told of by startFavorite.
			told := t.busy[st.Name] == "starting" || t.failed[st.Name] != ""
			if ev.Type == engine.EventError && ev.Final && st.Kind == engine.KindStream && !told {
				msg := "it stopped"
				if ev.Error != nil {
					msg = ev.Error.Message
				}
				note = fmt.Sprintf("%s failed: %s", st.Name, oneLine(errors.New(msg)))
			}
		}
	})
	if note != "" {
		t.notify("gstcast", note)
	}
}

// watchConfig reads the favourites now, every configEvery, and when asked.
func (t *Tray) watchConfig(ctx context.Context) {
	tick := time.NewTicker(configEvery)
	defer tick.Stop()
	for {
		t.loadConfig(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-t.reload:
		}
	}
}

func (t *Tray) loadConfig(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cf, err := t.b.Config(cctx)
	if ctx.Err() != nil {
		return
	}
	t.mu.Lock()
	same := err == nil && t.cfgRead && cf.Text == t.cfgText
	t.mu.Unlock()
	if same {
		return
	}
	var favs []Favorite
	problem := ""
	switch {
	case errors.Is(err, pluginapi.ErrUnsupported):
		// An engine of the app's own: no daemon config, no favourites.
	case err != nil:
		t.mu.Lock()
		offline := t.problem != "" || t.connecting
		t.mu.Unlock()
		if offline {
			return // the headline says it already; keep what was read
		}
		problem = "the daemon's config: " + oneLine(err)
	default:
		favs, err = FavoritesOf(cf)
		if err != nil {
			problem = oneLine(err)
		}
	}
	t.update(func() {
		t.favs, t.cfgProblem = favs, problem
		t.cfgText, t.cfgRead = cf.Text, err == nil && problem == ""
	})
}

// FavoritesOf reads the favourites of a daemon's config file, checked as the daemon checks
// them (config.File.FavoriteEntries), in the file's order.
func FavoritesOf(cf control.ConfigFile) ([]Favorite, error) {
	f, err := config.Parse([]byte(cf.Text))
	if err != nil {
		return nil, err
	}
	dir := ""
	if cf.Path != "" {
		dir = filepath.Dir(cf.Path)
	}
	es, err := f.FavoriteEntries(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Favorite, len(es))
	for i, e := range es {
		out[i] = Favorite{Name: e.Name, Spec: e.Spec}
	}
	return out, nil
}

// oneLine is an error as one line of words.
func oneLine(err error) string {
	return short(err.Error())
}

// Do carries out an item's action. Menu clicks come here (on Fyne's main goroutine): what
// touches windows runs at once, what asks the engine runs in its own goroutine.
func (t *Tray) Do(a Action) {
	switch a.Kind {
	case ActStartFavorite:
		t.startFavorite(a.Name)
	case ActStopFavorite, ActStopStream:
		t.stop(a.Name)
	case ActView:
		if t.o.OpenView != nil {
			t.o.OpenView(a.URL)
		}
	case ActShowMain:
		if t.o.ShowMain != nil {
			t.o.ShowMain()
		}
		t.Refresh()
	case ActHideMain:
		if t.o.HideMain != nil {
			t.o.HideMain()
		}
		t.Refresh()
	case ActAutostart:
		t.toggleAutostart()
	case ActQuit:
		if t.o.Quit != nil {
			t.o.Quit()
		}
	}
}

func (t *Tray) ctxOrBackground() context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ctx != nil {
		return t.ctx
	}
	return context.Background()
}

func (t *Tray) startFavorite(name string) {
	var fav *Favorite
	t.update(func() {
		if t.busy[name] != "" {
			return
		}
		if _, running := t.streams[name]; running {
			return
		}
		for i := range t.favs {
			if t.favs[i].Name == name {
				f := t.favs[i]
				fav = &f
			}
		}
		if fav != nil {
			t.busy[name] = "starting"
			delete(t.failed, name)
		}
	})
	if fav == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(t.ctxOrBackground(), callTimeout)
		defer cancel()
		s := fav.Spec
		st, err := t.b.Add(ctx, engine.Work{Name: fav.Name, Origin: Origin, Stream: &s})
		t.update(func() {
			delete(t.busy, name)
			if err != nil {
				t.failed[name] = oneLine(err)
				return
			}
			if _, seen := t.streams[name]; !seen { // events may have told more already
				t.streams[name] = st
			}
		})
		if err != nil {
			t.log.Warn("tray: start favourite", "name", name, "err", err)
			t.notify("gstcast", fmt.Sprintf("%s did not start: %s", name, oneLine(err)))
			return
		}
		t.log.Info("tray: started favourite", "name", name, "state", st.State, "url", st.URL)
	}()
}

func (t *Tray) stop(name string) {
	ok := false
	t.update(func() {
		if _, known := t.streams[name]; known && t.busy[name] == "" {
			t.busy[name], ok = "stopping", true
		}
	})
	if !ok {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(t.ctxOrBackground(), callTimeout)
		defer cancel()
		err := t.b.Remove(ctx, name)
		t.update(func() {
			delete(t.busy, name)
			if err == nil || errors.Is(err, pluginapi.ErrNotFound) {
				delete(t.streams, name)
			}
		})
		if err != nil && !errors.Is(err, pluginapi.ErrNotFound) {
			t.log.Warn("tray: stop", "name", name, "err", err)
			t.notify("gstcast", fmt.Sprintf("%s did not stop: %s", name, oneLine(err)))
			return
		}
		t.log.Info("tray: stopped", "name", name)
	}()
}

func (t *Tray) toggleAutostart() {
	t.mu.Lock()
	on := t.autostart == nil || !*t.autostart
	t.mu.Unlock()
	if err := SetAutostart(on); err != nil {
		t.log.Warn("tray: start at login", "on", on, "err", err)
		t.notify("gstcast", "Could not change start at login: "+oneLine(err))
		return
	}
	got, err := Autostart()
	if err != nil {
		got = on
	}
	t.update(func() { t.autostart = &got })
}
