package tray

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func favorites(t *testing.T, names ...string) []Favorite {
	t.Helper()
	var out []Favorite
	for _, n := range names {
		s, err := spec.Request{Source: "test://smpte", Serve: strings.ToLower(n)}.Spec(spec.RTSPServer{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Favorite{Name: n, Spec: s})
	}
	return out
}

func served(name string, state engine.State) engine.Status {
	return engine.Status{Name: name, Kind: engine.KindStream, State: state, Since: time.Unix(0, 0),
		URL: "rtsp://127.0.0.1:8554/" + name, Encoder: "x264enc"}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if got != string(want) {
		t.Errorf("%s: menu differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

func on(b bool) *bool { return &b }

// Idle: favourites to start, no streams, the grey icon.
func TestMenuIdle(t *testing.T) {
	m := Build(State{Favorites: favorites(t, "Desk", "Lobby"), CanView: true, Window: WindowShown, Autostart: on(false)})
	if m.Icon != IconIdle {
		t.Errorf("icon %s, want idle", m.Icon)
	}
	golden(t, "idle", m.Text())
}

// Streaming: a favourite that runs is checked and offers stop; running streams have a
// submenu with their URL, view and stop; the green icon.
func TestMenuStreaming(t *testing.T) {
	sent := engine.Status{Name: "out", Kind: engine.KindStream, State: engine.StatePlaying,
		Stream: &spec.StreamSpec{Output: spec.Output{Kind: spec.OutputRTP, URI: "rtp://10.0.0.5:5000"}}}
	view := engine.Status{Name: "view-1", Kind: engine.KindView, State: engine.StatePlaying}
	m := Build(State{Favorites: favorites(t, "Desk", "Lobby"), CanView: true, Window: WindowHidden, Autostart: on(true),
		Streams: []engine.Status{served("Desk", engine.StatePlaying), sent, view, served("cam", engine.StateStarting)}})
	if m.Icon != IconStreaming {
		t.Errorf("icon %s, want streaming", m.Icon)
	}
	golden(t, "streaming", m.Text())
	desk := find(t, m.Items, StopLabel("Desk"))
	if !desk.Checked || desk.Action != (Action{Kind: ActStopFavorite, Name: "Desk"}) {
		t.Errorf("running favourite: %+v", desk)
	}
	if lobby := find(t, m.Items, StartLabel("Lobby")); lobby.Checked || lobby.Action.Kind != ActStartFavorite {
		t.Errorf("favourite that is off: %+v", lobby)
	}
	if strings.Contains(m.Text(), "view-1") {
		t.Error("views are listed among the streams")
	}
	// View only where there is an RTSP URL.
	out := find(t, m.Items, "out — playing")
	for _, c := range out.Children {
		if c.Action.Kind == ActView {
			t.Errorf("View on an RTP stream: %+v", out)
		}
	}
}

// Error: a favourite that did not start says why on its item, a stream that retries and one
// that failed say so; the red icon. A favourite that is being started is not clickable.
func TestMenuError(t *testing.T) {
	retrying := served("flaky", engine.StateRetrying)
	retrying.URL, retrying.Attempt = "", 3
	retrying.LastErr = &engine.Error{Message: "rtspsrc: could not connect to the camera: connection refused"}
	failed := served("gone", engine.StateFailed)
	failed.LastErr = &engine.Error{Message: "v4l2src: /dev/video9: no such device\nmore detail"}
	m := Build(State{Favorites: favorites(t, "Busy", "Desk", "Slow"),
		Failed:  map[string]string{"Busy": "rtsp server on 127.0.0.1:8554: address in use"},
		Busy:    map[string]string{"Slow": "starting"},
		Streams: []engine.Status{retrying, failed}, CanView: true})
	if m.Icon != IconError {
		t.Errorf("icon %s, want error", m.Icon)
	}
	golden(t, "error", m.Text())
	busy := find(t, m.Items, StartLabel("Busy")+" — failed: rtsp server on 127.0.0.1:8554: address in use")
	if busy.Action.Kind != ActStartFavorite {
		t.Errorf("a failed favourite can be started again: %+v", busy)
	}
	if slow := find(t, m.Items, "Slow: starting…"); !slow.Disabled {
		t.Errorf("a favourite being started: %+v", slow)
	}
}

// The engine out of reach: the headline says why and the icon is red; a config that cannot be
// read says so where the favourites would be.
func TestMenuNotConnected(t *testing.T) {
	m := Build(State{Problem: "gstcast daemon at /run/user/1000/gstcast/api.sock: connection refused"})
	if m.Icon != IconError || !strings.HasPrefix(m.Items[0].Label, "gstcast: not connected: ") {
		t.Errorf("not connected:\n%s", m.Text())
	}
	m = Build(State{ConfigProblem: "line 4: favorite desk: needs a name (the tray shows it)"})
	if m.Icon != IconError || !strings.Contains(m.Text(), "Favourites could not be read: line 4: favorite desk") {
		t.Errorf("config problem:\n%s", m.Text())
	}
	m = Build(State{Connecting: true})
	if m.Icon != IconIdle || m.Items[0].Label != "gstcast: connecting…" {
		t.Errorf("connecting:\n%s", m.Text())
	}
	// Without a main window, no show/hide; without start at login, no such item; quit last.
	for _, it := range m.Items {
		if it.Action.Kind == ActShowMain || it.Action.Kind == ActHideMain || it.Action.Kind == ActAutostart {
			t.Errorf("unexpected %+v", it)
		}
	}
	if last := m.Items[len(m.Items)-1]; last.Label != LabelQuit || last.Action.Kind != ActQuit {
		t.Errorf("last item %+v", last)
	}
}

func TestShort(t *testing.T) {
	long := strings.Repeat("x", 100)
	if got := short(long); len([]rune(got)) != 72 || !strings.HasSuffix(got, "…") {
		t.Errorf("short(100×x) = %q", got)
	}
	if got := short("  first line\nsecond"); got != "first line" {
		t.Errorf("short = %q", got)
	}
}

func find(t *testing.T, items []Item, label string) Item {
	t.Helper()
	for _, it := range items {
		if it.Label == label {
			return it
		}
		for _, c := range it.Children {
			if c.Label == label {
				return c
			}
		}
	}
	var b strings.Builder
	writeItems(&b, items, "")
	t.Fatalf("no item %q in:\n%s", label, b.String())
	return Item{}
}
