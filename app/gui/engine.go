package gui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/daemon"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/session"
)

// appEngine is what the desktop app drives: the daemon or service that runs (reached through the
// control API), or, when none does, a daemon started inside the app with the user's config
// file, which stops when the app quits. Either way the windows see only a control.Backend.
type appEngine struct {
	Backend control.Backend
	Choice  appmodel.EngineChoice
	log     *slog.Logger
	daemon  *daemon.Daemon // the app's own, or nil
	// startupFailed are the own daemon's config entries that did not start, in plain words.
	startupFailed map[string]string
	client        *control.Client // a daemon's, or nil

	// Views run here: the same engine, except for the system service (whose frame rings are
	// not this user's to map), where an engine of the app's own is opened on first use.
	mu        sync.Mutex
	views     control.Backend
	viewsSess *session.Session
}

// openOptions say how the app finds its engine.
type openOptions struct {
	Log        *slog.Logger
	ConfigPath string // the own engine's config file; "" the user's
	Standalone bool   // skip looking for a daemon
	Dial       func(context.Context) (*control.Client, error)
	Start      func(context.Context, daemon.Options) (*daemon.Daemon, error)
	Now        func() time.Time
}

// UserConfigPath is the user's config file: os.UserConfigDir()/gstcast/gstcast.yaml.
func UserConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gstcast", "gstcast.yaml"), nil
}

// openEngine finds or starts the engine. It fails only when it cannot even say why (an
// engine that cannot be had is an engine with Choice.Err set, so the window can open and say it).
func openEngine(ctx context.Context, o openOptions) *appEngine {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Dial == nil {
		o.Dial = control.Dial
	}
	if o.Start == nil {
		o.Start = daemon.Start
	}
	e := &appEngine{log: o.Log}
	var notes []string
	if !o.Standalone {
		c, err := o.Dial(ctx)
		switch {
		case err == nil:
			about, _ := c.About(ctx)
			kind := c.Endpoint().Kind
			e.client, e.Backend = c, c
			e.Choice = appmodel.EngineChoice{Kind: kind, Address: c.Endpoint().String(), Config: about.Config, PID: about.PID,
				ViewsHere: kind == control.KindSystem}
			if kind != control.KindSystem {
				e.views = c
			}
			o.Log.Info("desktop app: using " + about.Describe())
			return e
		case errors.Is(err, control.ErrPermission):
			notes = append(notes, "A gstcast service runs, but this user may not use it ("+err.Error()+"); the app runs an engine of its own.")
		}
	}
	path := o.ConfigPath
	if path == "" {
		p, err := UserConfigPath()
		if err != nil {
			e.Choice = appmodel.EngineChoice{Err: "no config folder: " + err.Error()}
			return e
		}
		path = p
	}
	note, err := prepareConfig(path, o.Now)
	if note != "" {
		notes = append(notes, note)
	}
	if err != nil {
		e.Choice = appmodel.EngineChoice{Err: err.Error(), Notes: notes}
		return e
	}
	d, err := o.Start(ctx, daemon.Options{ConfigPath: path})
	if err != nil && errors.Is(err, pluginapi.ErrPortInUse) && strings.Contains(err.Error(), "socket") {
		// A daemon started between our look and our start: use it.
		if c, derr := o.Dial(ctx); derr == nil {
			e.client, e.Backend, e.views = c, c, c
			e.Choice = appmodel.EngineChoice{Kind: c.Endpoint().Kind, Address: c.Endpoint().String(), Notes: notes}
			return e
		}
	}
	if err != nil {
		e.Choice = appmodel.EngineChoice{Err: err.Error(), Config: path, Notes: notes}
		return e
	}
	e.startupFailed = startupFailures(d.Startup)
	e.daemon, e.Backend, e.views = d, d.Backend(), d.Backend()
	e.Choice = appmodel.EngineChoice{Kind: control.KindOwn, Config: path, Notes: notes}
	return e
}

// startupFailures are the errors of config entries that did not start, as the engine gave
// them (the engine keeps no entry whose first start failed for good; the window lists them from
// the config, in plain words, with this text as the detail).
func startupFailures(failed map[string]error) map[string]string {
	out := map[string]string{}
	for name, err := range failed {
		out[name] = err.Error()
	}
	return out
}

// prepareConfig makes sure the config file exists and parses. A file that does not is set
// aside (renamed to FILE.bad-YYYYMMDD-HHMMSS, never deleted) and an empty one takes its place;
// the note says so, naming the line. err is for a file that cannot even be written.
func prepareConfig(path string, now func() time.Time) (note string, err error) {
	if now == nil {
		now = time.Now
	}
	text, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", writeEmptyConfig(path)
	case err != nil:
		return "", err
	}
	if _, _, cerr := config.Check(text, filepath.Dir(path)); cerr != nil {
		bad := path + ".bad-" + now().Format("20060102-150405")
		if err := os.Rename(path, bad); err != nil {
			return "", fmt.Errorf("%s: %v; and it could not be set aside: %w", path, cerr, err)
		}
		return fmt.Sprintf("Your config file %s has an error (%v). It was set aside as %s and the app started with an empty one; fix the old file and put it back, or add your streams again.",
			path, cerr, bad), writeEmptyConfig(path)
	}
	return "", nil
}

// emptyConfig is what a new config file holds: nothing to run, a pointer to the docs.
const emptyConfig = "# gstcast's config (docs/CONFIG.md). The desktop app adds the streams you create here.\n"

func writeEmptyConfig(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(emptyConfig), 0o600)
}

// viewBackend is where views run, opened on first use for the system service.
func (e *appEngine) viewBackend(ctx context.Context) (control.Backend, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.views != nil {
		return e.views, nil
	}
	if e.Backend == nil {
		return nil, errors.New("no engine")
	}
	ss, err := session.Open(ctx, session.Options{Log: e.log})
	if err != nil {
		return nil, fmt.Errorf("views need an engine of this app's own (the system service serves none): %w", err)
	}
	e.viewsSess = ss
	e.views = control.NewLocal(ss.Engine, control.About{Kind: control.KindOwn})
	return e.views, nil
}

// Close stops what the app started: its own daemon (every stream, then the plugins) and its
// view engine; a daemon it only talked to keeps running.
func (e *appEngine) Close() {
	e.mu.Lock()
	ss := e.viewsSess
	e.viewsSess = nil
	e.mu.Unlock()
	if ss != nil {
		ss.Close()
	}
	if e.daemon != nil {
		e.daemon.Close()
	}
	if e.client != nil {
		e.client.Close()
	}
}
