package daemon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// A reload reads the whole new config and checks all of it before it touches anything: a file
// that does not parse, or an entry that is wrong, is refused with its line and the running
// config stays as it is (MediaMTX shuts itself down on a failed reload; a camera server at a
// remote site must not). Entries whose spec did not change keep running untouched, so their RTSP
// readers stay connected; changed ones are started again; removed ones are stopped.

// Reload reads the config file again (file change, SIGHUP).
func (d *Daemon) Reload(ctx context.Context) (control.ReloadResult, error) {
	if d.opts.ConfigPath == "" {
		return control.ReloadResult{}, fmt.Errorf("no config file to reload: %w", pluginapi.ErrUnsupported)
	}
	text, err := os.ReadFile(d.opts.ConfigPath)
	if err != nil {
		return control.ReloadResult{}, err
	}
	return d.apply(ctx, text, false)
}

// replaceConfig is PUT /config: check, write (atomically, with .bak), apply.
func (d *Daemon) replaceConfig(ctx context.Context, text []byte) (control.ReloadResult, error) {
	if d.opts.ConfigPath == "" {
		return control.ReloadResult{}, fmt.Errorf("this daemon runs without a config file (start it with gstcast serve FILE): %w", pluginapi.ErrUnsupported)
	}
	return d.apply(ctx, text, true)
}

func (d *Daemon) apply(ctx context.Context, text []byte, write bool) (control.ReloadResult, error) {
	d.mu.Lock()
	if bytes.Equal(text, d.cfgText) && !write {
		d.mu.Unlock()
		return control.ReloadResult{}, nil // our own write, seen again by the watcher
	}
	d.mu.Unlock()
	f, err := config.Parse(text)
	if err == nil {
		_, err = d.cfgEntries(f)
	}
	if err != nil {
		d.log.Error("config refused; the running config stays", "file", d.opts.ConfigPath, "err", err)
		return control.ReloadResult{}, configError(err)
	}
	if write {
		if _, _, err := config.WriteText(d.opts.ConfigPath, text); err != nil {
			return control.ReloadResult{}, configError(err)
		}
	}
	entries, _ := d.cfgEntries(f)
	d.mu.Lock()
	old := d.cfg
	d.cfg, d.cfgText = f, text
	d.mu.Unlock()
	res := d.diff(ctx, entries)
	if f.Log.Level != "" {
		_ = d.level.UnmarshalText([]byte(f.Log.Level))
	}
	if !reflect.DeepEqual(old.API, f.API) {
		d.log.Warn("the api section changed; it takes effect when the daemon restarts")
	}
	if !reflect.DeepEqual(old.Plugins, f.Plugins) {
		d.log.Warn("the plugins section changed; it takes effect when the daemon restarts")
	}
	if srv, err := f.Server(d.configDir()); err == nil {
		d.api.RTSP = d.override(srv)
	}
	d.log.Info("config applied", "added", res.Added, "changed", res.Changed, "removed", res.Removed, "unchanged", len(res.Unchanged), "failed", len(res.Failed))
	return res, nil
}

// diff makes the engine's config work what entries say.
func (d *Daemon) diff(ctx context.Context, entries []config.Entry) control.ReloadResult {
	var res control.ReloadResult
	want := map[string]bool{}
	for _, e := range entries {
		want[e.Name] = true
	}
	eng := d.ss.Engine
	for _, st := range eng.List() {
		if st.Origin == originConfig && !want[st.Name] {
			if err := eng.Remove(ctx, st.Name); err != nil {
				d.log.Warn("remove", "name", st.Name, "err", err)
			}
			res.Removed = append(res.Removed, st.Name)
		}
	}
	for _, e := range entries {
		w := d.work(e)
		cur, err := eng.Get(e.Name)
		switch {
		case err != nil:
			res.Added = append(res.Added, e.Name)
		case cur.Origin != originConfig:
			// A stream the API or a CLI added holds the name; the config's entry replaces it.
			res.Changed = append(res.Changed, e.Name)
		case reflect.DeepEqual(cur.Stream, w.Stream) && cur.State.Running():
			res.Unchanged = append(res.Unchanged, e.Name)
			continue
		default:
			res.Changed = append(res.Changed, e.Name)
		}
		if _, err := eng.Ensure(ctx, w); err != nil {
			if res.Failed == nil {
				res.Failed = map[string]string{}
			}
			res.Failed[e.Name] = err.Error()
			d.log.Error("not started", "name", e.Name, "err", err)
		}
	}
	for _, l := range [][]string{res.Added, res.Changed, res.Removed, res.Unchanged} {
		sort.Strings(l)
	}
	return res
}

// configError gives a config error its line on the wire.
func configError(err error) error {
	var le *config.LineError
	line := 0
	if errors.As(err, &le) {
		line = le.Line
	} else if n := yamlLine(err); n > 0 {
		line = n
	}
	return &control.FieldError{Line: line, Err: fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)}
}

// yamlLine finds "line N" in a YAML decoder's error.
func yamlLine(err error) int {
	var n int
	msg := err.Error()
	for i := 0; i+5 < len(msg); i++ {
		if msg[i:i+5] == "line " {
			if _, e := fmt.Sscanf(msg[i+5:], "%d", &n); e == nil {
				return n
			}
		}
	}
	return 0
}

// watchConfig reloads when the config file changes (editors replace it: the folder is
// watched) and on SIGHUP.
func (d *Daemon) watchConfig() {
	if d.opts.ConfigPath == "" {
		return
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		d.log.Warn("config changes will not be noticed (use SIGHUP or PUT /config)", "err", err)
	} else if err := w.Add(filepath.Dir(d.opts.ConfigPath)); err != nil {
		d.log.Warn("config changes will not be noticed (use SIGHUP or PUT /config)", "err", err)
		w.Close()
		w = nil
	}
	hup, stopHup := hangups()
	stop := make(chan struct{})
	d.cleanup = append(d.cleanup, func() {
		close(stop)
		stopHup()
		if w != nil {
			w.Close()
		}
	})
	var events <-chan fsnotify.Event
	if w != nil {
		events = w.Events
	}
	name := filepath.Clean(d.opts.ConfigPath)
	go func() {
		var debounce <-chan time.Time
		for {
			select {
			case <-stop:
				return
			case ev, ok := <-events:
				if !ok {
					events = nil
					continue
				}
				if filepath.Clean(ev.Name) == name && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
					// Editors write in several steps: wait until the file is quiet.
					debounce = time.After(300 * time.Millisecond)
				}
			case <-hup:
				d.log.Info("SIGHUP: reloading the config")
				debounce = time.After(0)
			case <-debounce:
				debounce = nil
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				_, _ = d.Reload(ctx)
				cancel()
			}
		}
	}()
}
