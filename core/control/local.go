package control

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/gstcast/gstcast/core/buildinfo"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Local is the Backend of an engine in this process, secrets masked like any other.
type Local struct {
	eng   *engine.Engine
	about About
	// Daemon is what a daemon adds (config, logs); nil for a client's own engine.
	Daemon Daemon
}

// Daemon is what a daemon process adds to its engine's Backend.
type Daemon interface {
	Config(ctx context.Context) (ConfigFile, error)
	PutConfig(ctx context.Context, text string) (ReloadResult, error)
	Logs(ctx context.Context, last int, follow bool) (<-chan LogLine, error)
}

func (l *Local) noDaemon(what string) error {
	return fmt.Errorf("%s: gstcast's own engine has no daemon (start one with `gstcast serve`): %w", what, pluginapi.ErrUnsupported)
}

func (l *Local) Config(ctx context.Context) (ConfigFile, error) {
	if l.Daemon == nil {
		return ConfigFile{}, l.noDaemon("config")
	}
	return l.Daemon.Config(ctx)
}

func (l *Local) PutConfig(ctx context.Context, text string) (ReloadResult, error) {
	if l.Daemon == nil {
		return ReloadResult{}, l.noDaemon("config")
	}
	return l.Daemon.PutConfig(ctx, text)
}

func (l *Local) Logs(ctx context.Context, last int, follow bool) (<-chan LogLine, error) {
	if l.Daemon == nil {
		return nil, l.noDaemon("logs")
	}
	return l.Daemon.Logs(ctx, last, follow)
}

var _ Backend = (*Local)(nil)

// NewLocal wraps an engine. about says what it is; Kind defaults to KindOwn and the version,
// pid, user and start time are filled in.
func NewLocal(eng *engine.Engine, about About) *Local {
	if about.Kind == "" {
		about.Kind = KindOwn
	}
	about.Version = buildinfo.Version
	about.PID = os.Getpid()
	if u, err := user.Current(); err == nil {
		about.User = u.Username
	}
	if about.Started.IsZero() {
		about.Started = time.Now()
	}
	return &Local{eng: eng, about: about}
}

// Engine is the engine behind it (for the daemon's own use: config reloads call Ensure).
func (l *Local) Engine() *engine.Engine { return l.eng }

func (l *Local) About(context.Context) (About, error) { return l.about, nil }

func (l *Local) List(context.Context) ([]engine.Status, error) {
	all := l.eng.List()
	for i := range all {
		all[i] = RedactStatus(all[i])
	}
	return all, nil
}

func (l *Local) Get(_ context.Context, name string) (engine.Status, error) {
	s, err := l.eng.Get(name)
	return RedactStatus(s), err
}

func (l *Local) Add(ctx context.Context, w engine.Work) (engine.Status, error) {
	s, err := l.eng.Add(ctx, w)
	return RedactStatus(s), err
}

func (l *Local) Replace(ctx context.Context, w engine.Work) (engine.Status, error) {
	cur, err := l.eng.Get(w.Name)
	if err != nil {
		return engine.Status{}, err
	}
	if (w.Stream == nil) != (cur.Stream == nil) {
		return engine.Status{}, fmt.Errorf("%q is a %s: %w", w.Name, cur.Kind, pluginapi.ErrInvalidSpec)
	}
	if w.Stream != nil {
		s := spec.KeepSecrets(*w.Stream, *cur.Stream)
		w.Stream = &s
	}
	if w.View != nil {
		v := *w.View
		v.Source = spec.KeepSourceSecrets(v.Source, cur.View.Source)
		w.View = &v
	}
	if w.Origin == "" {
		w.Origin = cur.Origin
	}
	s, err := l.eng.Ensure(ctx, w)
	return RedactStatus(s), err
}

func (l *Local) Remove(ctx context.Context, name string) error { return l.eng.Remove(ctx, name) }
func (l *Local) Stop(ctx context.Context, name string) error   { return l.eng.Stop(ctx, name) }

func (l *Local) Start(ctx context.Context, name string) (engine.Status, error) {
	s, err := l.eng.Start(ctx, name)
	return RedactStatus(s), err
}

func (l *Local) Watch(ctx context.Context) (<-chan engine.Event, error) {
	sub := l.eng.Subscribe()
	out := make(chan engine.Event)
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			select {
			case ev, ok := <-sub.Events():
				if !ok {
					return
				}
				select {
				case out <- RedactEvent(ev):
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

func (l *Local) Plan(ctx context.Context, s spec.StreamSpec) (engine.Plan, error) {
	return l.eng.Plan(ctx, s)
}

func (l *Local) Plugins(context.Context) ([]engine.PluginStatus, error) { return l.eng.Plugins(), nil }

func (l *Local) RestartPlugin(_ context.Context, name string) error { return l.eng.RestartPlugin(name) }

func (l *Local) Devices(ctx context.Context, follow bool) (<-chan engine.DeviceEvent, error) {
	return l.eng.Devices(ctx, follow)
}

func (l *Local) Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]engine.ProbeResult, error) {
	return l.eng.Probe(ctx, plugin, deviceID, hw)
}

func (l *Local) Sessions(ctx context.Context, name string) ([]pluginapi.Session, error) {
	return l.eng.Sessions(ctx, name)
}

func (l *Local) Kick(ctx context.Context, name, sessionID string) error {
	return l.eng.Kick(ctx, name, sessionID)
}
