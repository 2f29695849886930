package gui

import (
	"context"
	"sync"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// lateBackend is a Backend that becomes the real one once the engine is open. The tray must be
// created before the Fyne app runs (Fyne 2.7.1 starts its tray with the event loop), but the
// engine — a daemon's API, or the app's own daemon with its plugins — comes up behind the
// window a second later. Calls wait for it (or for their context); the tray makes them from
// its own goroutines, never the UI thread.
type lateBackend struct {
	once  sync.Once
	ready chan struct{}
	b     control.Backend
}

func newLateBackend() *lateBackend { return &lateBackend{ready: make(chan struct{})} }

// set hands over the engine (nil when none could be had: calls then fail with the reason).
func (l *lateBackend) set(b control.Backend) {
	l.once.Do(func() {
		l.b = b
		close(l.ready)
	})
}

var _ control.Backend = (*lateBackend)(nil)

func (l *lateBackend) get(ctx context.Context) (control.Backend, error) {
	select {
	case <-l.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if l.b == nil {
		return nil, control.ErrNoDaemon
	}
	return l.b, nil
}

func (l *lateBackend) About(ctx context.Context) (control.About, error) {
	b, err := l.get(ctx)
	if err != nil {
		return control.About{}, err
	}
	return b.About(ctx)
}

func (l *lateBackend) List(ctx context.Context) ([]engine.Status, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.List(ctx)
}

func (l *lateBackend) Get(ctx context.Context, name string) (engine.Status, error) {
	b, err := l.get(ctx)
	if err != nil {
		return engine.Status{}, err
	}
	return b.Get(ctx, name)
}

func (l *lateBackend) Add(ctx context.Context, w engine.Work) (engine.Status, error) {
	b, err := l.get(ctx)
	if err != nil {
		return engine.Status{}, err
	}
	return b.Add(ctx, w)
}

func (l *lateBackend) Replace(ctx context.Context, w engine.Work) (engine.Status, error) {
	b, err := l.get(ctx)
	if err != nil {
		return engine.Status{}, err
	}
	return b.Replace(ctx, w)
}

func (l *lateBackend) Remove(ctx context.Context, name string) error {
	b, err := l.get(ctx)
	if err != nil {
		return err
	}
	return b.Remove(ctx, name)
}

func (l *lateBackend) Stop(ctx context.Context, name string) error {
	b, err := l.get(ctx)
	if err != nil {
		return err
	}
	return b.Stop(ctx, name)
}

func (l *lateBackend) Start(ctx context.Context, name string) (engine.Status, error) {
	b, err := l.get(ctx)
	if err != nil {
		return engine.Status{}, err
	}
	return b.Start(ctx, name)
}

func (l *lateBackend) Watch(ctx context.Context) (<-chan engine.Event, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Watch(ctx)
}

func (l *lateBackend) Plan(ctx context.Context, s spec.StreamSpec) (engine.Plan, error) {
	b, err := l.get(ctx)
	if err != nil {
		return engine.Plan{}, err
	}
	return b.Plan(ctx, s)
}

func (l *lateBackend) Plugins(ctx context.Context) ([]engine.PluginStatus, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Plugins(ctx)
}

func (l *lateBackend) RestartPlugin(ctx context.Context, name string) error {
	b, err := l.get(ctx)
	if err != nil {
		return err
	}
	return b.RestartPlugin(ctx, name)
}

func (l *lateBackend) Devices(ctx context.Context, follow bool) (<-chan engine.DeviceEvent, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Devices(ctx, follow)
}

func (l *lateBackend) Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]engine.ProbeResult, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Probe(ctx, plugin, deviceID, hw)
}

func (l *lateBackend) Config(ctx context.Context) (control.ConfigFile, error) {
	b, err := l.get(ctx)
	if err != nil {
		return control.ConfigFile{}, err
	}
	return b.Config(ctx)
}

func (l *lateBackend) PutConfig(ctx context.Context, text string) (control.ReloadResult, error) {
	b, err := l.get(ctx)
	if err != nil {
		return control.ReloadResult{}, err
	}
	return b.PutConfig(ctx, text)
}

func (l *lateBackend) Logs(ctx context.Context, last int, follow bool) (<-chan control.LogLine, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Logs(ctx, last, follow)
}

func (l *lateBackend) Sessions(ctx context.Context, name string) ([]pluginapi.Session, error) {
	b, err := l.get(ctx)
	if err != nil {
		return nil, err
	}
	return b.Sessions(ctx, name)
}

func (l *lateBackend) Kick(ctx context.Context, name, sessionID string) error {
	b, err := l.get(ctx)
	if err != nil {
		return err
	}
	return b.Kick(ctx, name, sessionID)
}
