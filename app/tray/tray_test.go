package tray

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/tray/traytest"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

const favConfig = `favorites:
  - {name: Desk, source: "test://smpte?width=320&height=240", serve: desk}
  - {name: Busy, source: "test://ball", serve: busy}
`

// recorder stands in for Fyne: it counts changes and keeps notifications.
type recorder struct {
	mu    sync.Mutex
	notes []string
}

func (r *recorder) changed() {}
func (r *recorder) notify(title, body string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, title+": "+body)
}
func (r *recorder) notifications() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.notes...)
}

func startTray(t *testing.T, b control.Backend, o Options) (*Tray, *recorder) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // start at login reads and writes here
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tr := New(b, o)
	r := &recorder{}
	if err := tr.begin(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := tr.begin(ctx, r); err == nil {
		t.Error("a tray started twice")
	}
	return tr, r
}

// waitMenu waits until the menu satisfies ok.
func waitMenu(t *testing.T, tr *Tray, what string, ok func(Menu) bool) Menu {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := tr.Menu(WindowNone)
		if ok(m) {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s; menu:\n%s", what, m.Text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func has(label string) func(Menu) bool {
	return func(m Menu) bool { return strings.Contains(m.Text(), label) }
}

func item(m Menu, label string) (Item, bool) {
	var walk func([]Item) (Item, bool)
	walk = func(items []Item) (Item, bool) {
		for _, it := range items {
			if it.Label == label {
				return it, true
			}
			if c, ok := walk(it.Children); ok {
				return c, true
			}
		}
		return Item{}, false
	}
	return walk(m.Items)
}

// A favourite from the daemon's config starts with a click (Backend.Add with the config's
// spec, origin gui), shows that it runs, and stops with the next click (Backend.Remove).
func TestFavouriteStartsAndStops(t *testing.T) {
	b := traytest.Backend(t, favConfig)
	var viewed []string
	tr, _ := startTray(t, b, Options{OpenView: func(url string) { viewed = append(viewed, url) }})
	m := waitMenu(t, tr, "favourites listed", has(StartLabel("Desk")))
	if m.Icon != IconIdle {
		t.Errorf("icon %s before anything runs", m.Icon)
	}
	fav, _ := item(m, StartLabel("Desk"))
	tr.Do(fav.Action)
	m = waitMenu(t, tr, "Desk runs", func(m Menu) bool { it, ok := item(m, StopLabel("Desk")); return ok && it.Checked })
	if m.Icon != IconStreaming {
		t.Errorf("icon %s while Desk plays", m.Icon)
	}
	st, err := b.Get(context.Background(), "Desk")
	if err != nil || st.Origin != Origin || st.State != engine.StatePlaying || st.Stream.Output.Mount != "desk" ||
		st.Stream.Source.Width != 320 {
		t.Fatalf("Desk in the engine: %+v %v", st, err)
	}
	view, ok := item(m, LabelView)
	if !ok || view.Action.URL != "rtsp://127.0.0.1:8554/desk" {
		t.Fatalf("view item %+v in\n%s", view, m.Text())
	}
	tr.Do(view.Action)
	if len(viewed) != 1 || viewed[0] != "rtsp://127.0.0.1:8554/desk" {
		t.Errorf("OpenView got %q", viewed)
	}
	stop, _ := item(m, StopLabel("Desk"))
	tr.Do(stop.Action)
	m = waitMenu(t, tr, "Desk stopped", has(StartLabel("Desk")))
	if _, err := b.Get(context.Background(), "Desk"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("Desk after stop: %v", err)
	}
	if m.Icon != IconIdle || !strings.Contains(m.Text(), LabelNoStream) {
		t.Errorf("after stop:\n%s", m.Text())
	}
}

// A favourite that cannot start says why on its item and in a notification, in words, and
// turns the icon red; it can be tried again.
func TestFavouriteThatFails(t *testing.T) {
	b := traytest.Backend(t, favConfig)
	tr, r := startTray(t, b, Options{})
	waitMenu(t, tr, "favourites listed", has(StartLabel("Busy")))
	tr.Do(Action{Kind: ActStartFavorite, Name: "Busy"})
	m := waitMenu(t, tr, "Busy failed", has(StartLabel("Busy")+" — failed: "))
	if !strings.Contains(m.Text(), "address in use") || m.Icon != IconError {
		t.Errorf("failed favourite:\n%s", m.Text())
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(r.notifications()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := r.notifications(); len(n) != 1 || !strings.Contains(n[0], "Busy did not start: ") || !strings.Contains(n[0], "address in use") {
		t.Errorf("notifications %q", n)
	}
	if _, err := b.Get(context.Background(), "Busy"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("a final error keeps nothing: %v", err)
	}
	// Another try clears the error while it runs, and sets it again.
	tr.Do(Action{Kind: ActStartFavorite, Name: "Busy"})
	waitMenu(t, tr, "Busy failed again", has(StartLabel("Busy")+" — failed: "))
}

// Streams started elsewhere are listed with stop; one that retries says why and turns the
// icon red; a stream that fails for good says so, and a notification tells why.
func TestRunningStreams(t *testing.T) {
	b := traytest.Backend(t, "")
	tr, r := startTray(t, b, Options{OpenView: func(string) {}})
	waitMenu(t, tr, "idle", has("gstcast: idle"))
	ctx := context.Background()
	for _, req := range []struct{ name, source, mount string }{{"cam", "test://smpte", "cam"},
		{"flaky", "rtsp://cam.local/live", traytest.MountFlaky}, {"relay", "test://ball", "relay"}} {
		s := mustSpec(t, req.source, req.mount)
		if _, err := b.Add(ctx, engine.Work{Name: req.name, Origin: "api", Stream: &s}); err != nil {
			t.Fatal(err)
		}
	}
	m := waitMenu(t, tr, "both listed", func(m Menu) bool {
		return strings.Contains(m.Text(), "cam — playing") && strings.Contains(m.Text(), "flaky — retrying")
	})
	if m.Icon != IconError || !strings.Contains(m.Text(), "Error: rtspsrc: could not connect to the camera: connection refused") {
		t.Errorf("retrying stream:\n%s", m.Text())
	}
	// A stream that fails for good: it says so, and a notification tells why.
	if err := b.Fail("relay", "rtspsrc: the camera refused the password", pluginapi.ReasonUnauthorized); err != nil {
		t.Fatal(err)
	}
	m = waitMenu(t, tr, "relay failed", has("relay — failed"))
	if !strings.Contains(m.Text(), "Error: rtspsrc: the camera refused the password") {
		t.Errorf("failed stream:\n%s", m.Text())
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(r.notifications()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := r.notifications(); len(n) != 1 || !strings.HasPrefix(n[0], "gstcast: relay failed: rtspsrc: the camera refused the password") {
		t.Errorf("notifications %q", n)
	}
	cam, _ := item(m, "cam — playing")
	var stop Action
	for _, c := range cam.Children {
		if c.Label == LabelStop {
			stop = c.Action
		}
	}
	tr.Do(stop)
	waitMenu(t, tr, "cam stopped", func(m Menu) bool { return !strings.Contains(m.Text(), "cam — ") })
	if _, err := b.Get(ctx, "cam"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("cam after stop: %v", err)
	}
}

// Favourites follow the daemon's config; a bad config says why; an engine of the app's own
// (no daemon) has none and says nothing about it.
func TestFavouritesFollowTheConfig(t *testing.T) {
	b := traytest.Backend(t, favConfig)
	tr, _ := startTray(t, b, Options{})
	waitMenu(t, tr, "favourites listed", has(StartLabel("Desk")))
	b.SetConfig("favorites:\n  - {name: Yard, source: test://ball, serve: yard}\n")
	tr.Reload()
	m := waitMenu(t, tr, "new favourites", has(StartLabel("Yard")))
	if strings.Contains(m.Text(), "Desk") {
		t.Errorf("old favourite kept:\n%s", m.Text())
	}
	b.SetConfig("favorites:\n  - {source: test://ball, serve: yard}\n")
	tr.Reload()
	m = waitMenu(t, tr, "bad config", has("Favourites could not be read: "))
	if !strings.Contains(m.Text(), "line 2: favorite #1: needs a name") || m.Icon != IconError {
		t.Errorf("bad config:\n%s", m.Text())
	}

	own := control.NewLocal(engine.New(nil, nil, engine.Options{}), control.About{})
	tr2, _ := startTray(t, own, Options{})
	m = waitMenu(t, tr2, "own engine", has("gstcast: idle"))
	if strings.Contains(m.Text(), "Favourites") || m.Icon != IconIdle {
		t.Errorf("own engine:\n%s", m.Text())
	}
}

// The daemon goes away: the headline says so and the icon is red; it comes back by itself
// when the daemon is there again (here: the same backend served anew is another test).
func TestDaemonGoesAway(t *testing.T) {
	b := traytest.Backend(t, favConfig)
	sock, stop := traytest.ServeAPI(t, b)
	c := control.NewClient(control.Endpoint{Kind: control.KindUser, Network: "unix", Address: sock}, "")
	tr, _ := startTray(t, c, Options{})
	waitMenu(t, tr, "favourites over the API", has(StartLabel("Desk")))
	tr.Do(Action{Kind: ActStartFavorite, Name: "Desk"})
	waitMenu(t, tr, "Desk runs over the API", has(StopLabel("Desk")))
	if st, err := b.Get(context.Background(), "Desk"); err != nil || st.Origin != Origin {
		t.Fatalf("Desk through the client: %+v %v", st, err)
	}
	stop()
	m := waitMenu(t, tr, "not connected", has("gstcast: not connected: "))
	if m.Icon != IconError {
		t.Errorf("icon %s without a daemon", m.Icon)
	}
}

// Show/hide and quit call the app; start at login is offered and toggles the autostart entry.
func TestAppActions(t *testing.T) {
	shown, quit := true, false
	tr, _ := startTray(t, traytest.Backend(t, ""), Options{
		ShowMain: func() { shown = true }, HideMain: func() { shown = false },
		MainShown: func() bool { return shown }, Quit: func() { quit = true }})
	m := tr.Menu(WindowShown)
	if _, ok := item(m, LabelHideMain); !ok {
		t.Fatalf("no hide item:\n%s", m.Text())
	}
	tr.Do(Action{Kind: ActHideMain})
	tr.Do(Action{Kind: ActQuit})
	if shown || !quit {
		t.Errorf("shown %v quit %v", shown, quit)
	}
	login, ok := item(m, LabelLogin)
	if !ok || login.Checked {
		t.Fatalf("start at login item %+v", login)
	}
	tr.Do(login.Action)
	if on, err := Autostart(); err != nil || !on {
		t.Fatalf("autostart after the click: %v %v", on, err)
	}
	if login, _ := item(tr.Menu(WindowHidden), LabelLogin); !login.Checked {
		t.Error("start at login not checked after turning it on")
	}
	tr.Do(login.Action)
	if on, _ := Autostart(); on {
		t.Error("autostart still on after the second click")
	}
}

func mustSpec(t *testing.T, source, mount string) spec.StreamSpec {
	t.Helper()
	s, err := spec.Request{Source: source, Serve: mount}.Spec(spec.RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
