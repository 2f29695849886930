// Package session opens what every engine host needs, in order, and closes it in the reverse
// order: the plugin processes, then an engine over them. The CLI's own-engine commands, the
// daemon (`gstcast serve`, the service) and the desktop app all open one Session; none of them
// wires plugins and engine together itself.
package session

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginhost"
)

// Options say which plugins to run.
type Options struct {
	Log *slog.Logger
	// Only, when set, starts only the plugin with this name.
	Only string
	// Dirs are the plugin folders (default pluginhost.SearchDirs()).
	Dirs []string
	// Engine is passed to the engine (its retry policy); Unstarted is filled in here.
	Engine engine.Options
	// AllowNone opens a session even when no plugin runs (`gstcast plugins` lists why).
	AllowNone bool
}

// Session is plugins plus the engine over them.
type Session struct {
	Engine *engine.Engine
	host   *pluginhost.Host
	log    *slog.Logger
}

// Open starts the plugins and an engine over them. Plugins that fail to start are logged and
// listed by the engine's Plugins; Open fails only when none runs.
func Open(ctx context.Context, o Options) (*Session, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	var ho pluginhost.Options
	ho.Dirs = o.Dirs
	if o.Only != "" {
		ho.Only = []string{o.Only}
	}
	h, err := pluginhost.Start(ctx, o.Log, ho)
	if err != nil {
		return nil, err
	}
	dirs := o.Dirs
	if dirs == nil {
		dirs = pluginhost.SearchDirs()
	}
	eo := o.Engine
	for _, f := range h.Failed() {
		o.Log.Warn("plugin not started", "plugin", f.Name, "err", f.Err)
		eo.Unstarted = append(eo.Unstarted, engine.PluginStatus{Name: f.Name, Path: f.Path, Err: f.Err.Error()})
	}
	if len(h.Plugins()) == 0 && !o.AllowNone {
		h.Close()
		if f := h.Failed(); len(f) > 0 {
			return nil, f[0].Err
		}
		if o.Only != "" {
			return nil, fmt.Errorf("no plugin named %q found in %s", o.Only, strings.Join(dirs, ", "))
		}
		return nil, fmt.Errorf("no plugins found in %s: install gstcast-plugin-* there or set %s",
			strings.Join(dirs, ", "), pluginhost.PathEnv)
	}
	var ps []engine.Plugin
	for _, p := range h.Plugins() {
		ps = append(ps, p)
	}
	return &Session{Engine: engine.New(o.Log, ps, eo), host: h, log: o.Log}, nil
}

// Close stops every stream and view (EOS, then NULL, in their plugins), then the plugin
// processes. It returns within a few seconds even when a plugin does not answer.
func (s *Session) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	s.Engine.Close(ctx)
	s.host.Close()
}
