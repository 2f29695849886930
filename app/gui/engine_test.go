package gui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/daemon"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// A missing config is created; a bad one is set aside (renamed, never deleted) with a note
// naming its line, and an empty one takes its place.
func TestPrepareConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gstcast", "gstcast.yaml")
	if note, err := prepareConfig(path, nil); err != nil || note != "" {
		t.Fatalf("new file: %q %v", note, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("created: %v %v", fi, err)
	}
	bad := "mounts:\n  - {name: a, source: \"test://smpte\"}\n  - {name: b, source: \"nope://x\"}\n"
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 15, 4, 5, 0, time.Local)
	note, err := prepareConfig(path, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	aside := path + ".bad-20261202-150405"
	if got, err := os.ReadFile(aside); err != nil || string(got) != bad {
		t.Fatalf("the bad file was not kept: %v", err)
	}
	if !strings.Contains(note, "line 3") || !strings.Contains(note, aside) {
		t.Fatalf("note %q", note)
	}
	if got, _ := os.ReadFile(path); string(got) != emptyConfig {
		t.Fatalf("fresh file %q", got)
	}
	// Garbage that is not even YAML.
	os.WriteFile(path, []byte("rtsp: [\n"), 0o600)
	if note, _ := prepareConfig(path, func() time.Time { return at.Add(time.Second) }); !strings.Contains(note, "line") {
		t.Fatalf("garbage note %q", note)
	}
}

// No daemon: the app starts its own with the user's config; when even that fails, the window
// still opens and says why.
func TestOpenEngine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gstcast.yaml")
	var started daemon.Options
	e := openEngine(context.Background(), openOptions{ConfigPath: path,
		Dial: func(context.Context) (*control.Client, error) { return nil, control.ErrNoDaemon },
		Start: func(_ context.Context, o daemon.Options) (*daemon.Daemon, error) {
			started = o
			return nil, errors.New("no plugins found in /x")
		}})
	if started.ConfigPath != path || e.Backend != nil || !strings.Contains(e.Choice.Text(), "none: no plugins found") {
		t.Fatalf("engine %+v, started %+v", e.Choice, started)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal("the config file was not created")
	}
	denied := openEngine(context.Background(), openOptions{ConfigPath: path,
		Dial: func(context.Context) (*control.Client, error) {
			return nil, errors.Join(control.ErrPermission, errors.New("add yourself to group gstcast"))
		},
		Start: func(context.Context, daemon.Options) (*daemon.Daemon, error) { return nil, errors.New("stop here") }})
	if !strings.Contains(denied.Choice.NoteText(), "group gstcast") {
		t.Fatalf("permission note: %q", denied.Choice.NoteText())
	}
}

// An engine without a config file gets the stream through Add, and says it will not last.
func TestSaveWithoutConfig(t *testing.T) {
	b := newFake()
	b.noCfg = true
	f := appmodel.NewForm(nil)
	f.Mount = "bars"
	r, s, err := f.Check(spec.RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	where, err := saveStream(context.Background(), b, r, s)
	if err != nil || where != savedInEngine || len(b.added) != 1 || b.added[0].Origin != appmodel.OriginGUI {
		t.Fatalf("%v %v %+v", where, err, b.added)
	}
	// Removing a config entry edits the config; anything else is removed from the engine.
	b2 := newFake()
	b2.cfg.Text = "mounts:\n  - {name: bars, source: \"test://smpte\"}\n"
	if err := removeStream(context.Background(), b2, appmodel.Row{Name: "bars", FromConfig: true}); err != nil || strings.Contains(b2.cfg.Text, "bars") {
		t.Fatalf("remove config entry: %v %q", err, b2.cfg.Text)
	}
	if err := removeStream(context.Background(), b2, appmodel.Row{Name: "x"}); err != nil || len(b2.removed) != 1 {
		t.Fatalf("remove: %v %q", err, b2.removed)
	}
}

func TestStartupFailures(t *testing.T) {
	got := startupFailures(map[string]error{"cam": errors.Join(errors.New("camera /dev/video9: no such device"), pluginapi.ErrDeviceNotFound)})
	if !strings.Contains(got["cam"], "no such device") {
		t.Fatalf("%q", got)
	}
}
