package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginhost"
)

// startHost starts the plugins and an engine over them. Plugins that fail to start are logged;
// the caller gets an error only when none runs.
func startHost(ctx context.Context, a *app, only string) (*pluginhost.Host, *engine.Engine, error) {
	var opts pluginhost.Options
	if only != "" {
		opts.Only = []string{only}
	}
	h, err := pluginhost.Start(ctx, a.log, opts)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range h.Failed() {
		a.log.Warn("plugin not started", "plugin", f.Name, "err", f.Err)
	}
	if len(h.Plugins()) == 0 {
		h.Close()
		if f := h.Failed(); len(f) > 0 {
			return nil, nil, f[0].Err
		}
		if only != "" {
			return nil, nil, fmt.Errorf("no plugin named %q found in %s", only, strings.Join(pluginhost.SearchDirs(), ", "))
		}
		return nil, nil, fmt.Errorf("no plugins found in %s: install gstcast-plugin-* there or set %s",
			strings.Join(pluginhost.SearchDirs(), ", "), pluginhost.PathEnv)
	}
	var ps []engine.Plugin
	for _, p := range h.Plugins() {
		ps = append(ps, p)
	}
	return h, engine.New(a.log, ps), nil
}

// session is what stream, serve and view share: a context that Ctrl-C and SIGTERM cancel, the
// plugins and an engine over them, and the engine's events. close undoes it all.
type session struct {
	ctx    context.Context
	eng    *engine.Engine
	events <-chan engine.Event
	close  func()
}

func startSession(a *app, plugin string) (*session, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	host, eng, err := startHost(ctx, a, plugin)
	if err != nil {
		stop()
		return nil, err
	}
	events, unsubscribe := eng.Subscribe()
	return &session{ctx: ctx, eng: eng, events: events, close: func() {
		unsubscribe()
		host.Close()
		stop()
	}}, nil
}
