package gui

import (
	"context"
	"errors"
	"sync"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// fakeBackend is an engine in memory: a config file whose mounts "run" as soon as they are
// put, devices and encoders as a test says, and every call recorded.
type fakeBackend struct {
	mu      sync.Mutex
	cfg     control.ConfigFile
	noCfg   bool
	streams map[string]engine.Status
	fail    map[string]string // name → the error its start gives
	devices []engine.DeviceEvent
	probe   []engine.ProbeResult
	puts    []string
	added   []engine.Work
	stopped []string
	removed []string
	plan    engine.Plan
}

func newFake() *fakeBackend {
	return &fakeBackend{cfg: control.ConfigFile{Path: "/home/u/.config/gstcast/gstcast.yaml"}, streams: map[string]engine.Status{}, fail: map[string]string{},
		probe: []engine.ProbeResult{{Plugin: "linux-v4l2", Capabilities: &pluginapi.Capabilities{Encoders: []pluginapi.ElementStatus{
			{Element: "vah264enc", Hardware: true, Reason: "no VA-API device here"}, {Element: "x264enc", Usable: true}}}}},
		plan: engine.Plan{Plugin: "linux-v4l2", Launch: "gst-launch-1.0 videotestsrc ! x264enc ! rtph264pay"}}
}

var _ control.Backend = (*fakeBackend)(nil)

func (f *fakeBackend) About(context.Context) (control.About, error) {
	return control.About{Kind: control.KindUser, Address: "/run/user/1000/gstcast/api.sock", PID: 42, Config: f.cfg.Path}, nil
}

func (f *fakeBackend) List(context.Context) ([]engine.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []engine.Status
	for _, s := range f.streams {
		out = append(out, s)
	}
	return out, nil
}

func (f *fakeBackend) Get(_ context.Context, name string) (engine.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.streams[name]; ok {
		return s, nil
	}
	return engine.Status{}, pluginapi.ErrNotFound
}

func (f *fakeBackend) Add(_ context.Context, w engine.Work) (engine.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.added = append(f.added, w)
	if msg, ok := f.fail[w.Name]; ok {
		return engine.Status{}, errors.New(msg)
	}
	st := engine.Status{Name: w.Name, Kind: w.Kind(), Origin: w.Origin, Stream: w.Stream, View: w.View, State: engine.StatePlaying}
	f.streams[w.Name] = st
	return st, nil
}

func (f *fakeBackend) Replace(context.Context, engine.Work) (engine.Status, error) {
	return engine.Status{}, pluginapi.ErrUnsupported
}

func (f *fakeBackend) Remove(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removed = append(f.removed, name)
	delete(f.streams, name)
	return nil
}

func (f *fakeBackend) Stop(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopped = append(f.stopped, name)
	return nil
}

func (f *fakeBackend) Start(_ context.Context, name string) (engine.Status, error) {
	return f.Get(context.Background(), name)
}

// Watch sends nothing (tests hand the window its events) and ends with ctx.
func (f *fakeBackend) Watch(ctx context.Context) (<-chan engine.Event, error) {
	ch := make(chan engine.Event)
	go func() {
		<-ctx.Done()
		close(ch)
	}()
	return ch, nil
}

func (f *fakeBackend) Plan(context.Context, spec.StreamSpec) (engine.Plan, error) { return f.plan, nil }

func (f *fakeBackend) Plugins(context.Context) ([]engine.PluginStatus, error) {
	return []engine.PluginStatus{{Name: "linux-v4l2", Up: true, Info: &pluginapi.Info{Name: "linux-v4l2", Version: "test", Supported: true, GStreamerVersion: "1.22.0"}}}, nil
}

func (f *fakeBackend) RestartPlugin(context.Context, string) error { return nil }

func (f *fakeBackend) Sessions(context.Context, string) ([]pluginapi.Session, error) { return nil, nil }

func (f *fakeBackend) Kick(context.Context, string, string) error { return nil }

func (f *fakeBackend) Devices(context.Context, bool) (<-chan engine.DeviceEvent, error) {
	ch := make(chan engine.DeviceEvent, len(f.devices)+1)
	for _, d := range f.devices {
		ch <- d
	}
	ch <- engine.DeviceEvent{Type: pluginapi.DeviceSnapshotDone, Plugin: "linux-v4l2"}
	close(ch)
	return ch, nil
}

func (f *fakeBackend) Probe(context.Context, string, string, spec.HWPreference) ([]engine.ProbeResult, error) {
	return f.probe, nil
}

func (f *fakeBackend) Config(context.Context) (control.ConfigFile, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.noCfg {
		return control.ConfigFile{}, pluginapi.ErrUnsupported
	}
	return f.cfg, nil
}

// PutConfig checks the text as the daemon does and "runs" its entries.
func (f *fakeBackend) PutConfig(_ context.Context, text string) (control.ReloadResult, error) {
	_, es, err := config.Check([]byte(text), "")
	if err != nil {
		return control.ReloadResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.puts = append(f.puts, text)
	f.cfg.Text = text
	var res control.ReloadResult
	want := map[string]bool{}
	for _, e := range es {
		want[e.Name] = true
		if msg, bad := f.fail[e.Name]; bad {
			if res.Failed == nil {
				res.Failed = map[string]string{}
			}
			res.Failed[e.Name] = msg
			continue
		}
		s := e.Spec
		if _, ok := f.streams[e.Name]; !ok {
			res.Added = append(res.Added, e.Name)
		}
		f.streams[e.Name] = engine.Status{Name: e.Name, Kind: engine.KindStream, Origin: "config", Stream: &s, State: engine.StatePlaying}
	}
	for n, s := range f.streams {
		if s.Origin == "config" && !want[n] {
			delete(f.streams, n)
			res.Removed = append(res.Removed, n)
		}
	}
	return res, nil
}

func (f *fakeBackend) Logs(context.Context, int, bool) (<-chan control.LogLine, error) {
	ch := make(chan control.LogLine)
	close(ch)
	return ch, nil
}
