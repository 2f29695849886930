package traytest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Mounts the scripted plugin treats specially.
const (
	MountBusy  = "busy"  // its server's port is taken: a final error (PORT_IN_USE)
	MountFlaky = "flaky" // its source is down: retried for ever
)

// Fake is an engine in the test's process whose one plugin plays every stream at once
// (rtsp://127.0.0.1:8554/MOUNT), except MountBusy and MountFlaky, behind a control.Local
// whose daemon has a config file.
type Fake struct {
	*control.Local
	d *daemon
	p *player
}

// Backend makes a Fake with config as its daemon's config file.
func Backend(t testing.TB, config string) *Fake {
	t.Helper()
	p := &player{watches: map[string]chan pluginapi.Event{}, mounts: map[string]string{}}
	eng := engine.New(nil, []engine.Plugin{plugin{p.mock()}}, engine.Options{})
	t.Cleanup(func() { eng.Close(context.Background()) })
	l := control.NewLocal(eng, control.About{Kind: control.KindUser})
	d := &daemon{path: filepath.Join(t.TempDir(), "gstcast.yaml"), text: config}
	l.Daemon = d
	return &Fake{Local: l, d: d, p: p}
}

// SetConfig changes the config the daemon answers with.
func (f *Fake) SetConfig(text string) {
	f.d.mu.Lock()
	defer f.d.mu.Unlock()
	f.d.text = text
}

// Fail makes the plugin report an error on the stream of mount and end it, as a pipeline
// whose bus posted an error does (reason: a pluginapi reason; UNAUTHORIZED is not retried).
func (f *Fake) Fail(mount, message, reason string) error {
	p := f.p
	p.mu.Lock()
	defer p.mu.Unlock()
	id, ok := p.mounts[mount]
	if !ok {
		return fmt.Errorf("no stream on mount %s: %w", mount, pluginapi.ErrNotFound)
	}
	ch := p.watches[id]
	ch <- pluginapi.Event{Type: pluginapi.EventError, ID: id, Message: message, Reason: reason}
	close(ch)
	delete(p.watches, id)
	delete(p.mounts, mount)
	return nil
}

type daemon struct {
	mu         sync.Mutex
	path, text string
}

func (d *daemon) Config(context.Context) (control.ConfigFile, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return control.ConfigFile{Path: d.path, Text: d.text}, nil
}

func (d *daemon) PutConfig(context.Context, string) (control.ReloadResult, error) {
	return control.ReloadResult{}, fmt.Errorf("test daemon: %w", pluginapi.ErrUnsupported)
}

func (d *daemon) Logs(context.Context, int, bool) (<-chan control.LogLine, error) {
	return nil, fmt.Errorf("test daemon: %w", pluginapi.ErrUnsupported)
}

// ServeAPI serves b's control API on a Unix socket, as a daemon does, and returns the socket
// (for GSTCAST_API) and a func that stops serving (the daemon goes away).
func ServeAPI(t testing.TB, b control.Backend) (sock string, stop func()) {
	t.Helper()
	dir, err := os.MkdirTemp("", "gt") // socket paths must be short
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock = filepath.Join(dir, "api.sock")
	l, err := control.ListenUnix(sock, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := &control.Server{Backend: b, RTSP: spec.RTSPServer{Address: "127.0.0.1", Port: 8554}}
	hs := &http.Server{Handler: srv.Handler(true)}
	go hs.Serve(l)
	t.Cleanup(func() { hs.Close() })
	return sock, func() { hs.Close() }
}

type plugin struct{ m *pluginapi.Mock }

func (p plugin) Platform(context.Context) (pluginapi.Platform, error) { return p.m, nil }
func (p plugin) Info() *pluginapi.Info {
	return &pluginapi.Info{Name: "mock", Supported: true, SourceKinds: []string{"test", "rtsp", "rtp", "v4l2", "file"}}
}
func (p plugin) Restarts() int { return 0 }
func (p plugin) PID() int      { return 1 }

// player is a plugin whose streams run until stopped.
type player struct {
	mu      sync.Mutex
	n       int
	watches map[string]chan pluginapi.Event // each stream's events, by id
	mounts  map[string]string               // the id of the stream on each mount
}

func (p *player) mock() *pluginapi.Mock {
	return &pluginapi.Mock{
		StartStreamFunc: func(_ context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
			switch s.Output.Mount {
			case MountBusy:
				return nil, fmt.Errorf("rtsp server on 127.0.0.1:8554: address in use: %w", pluginapi.ErrPortInUse)
			case MountFlaky:
				return nil, fmt.Errorf("rtspsrc: could not connect to the camera: connection refused")
			}
			p.mu.Lock()
			defer p.mu.Unlock()
			p.n++
			id := fmt.Sprint("s", p.n)
			p.watches[id] = make(chan pluginapi.Event, 8)
			url := ""
			if s.Output.Mount != "" {
				url = "rtsp://127.0.0.1:8554/" + s.Output.Mount
				p.mounts[s.Output.Mount] = id
			}
			return &pluginapi.Started{ID: id, URL: url, Plan: pluginapi.Plan{Encoder: "x264enc", Launch: "gst-launch-1.0 videotestsrc ! x264enc ! …"}}, nil
		},
		WatchFunc: func(_ context.Context, id string) (<-chan pluginapi.Event, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			w, ok := p.watches[id]
			if !ok {
				return nil, fmt.Errorf("stream %s: %w", id, pluginapi.ErrNotFound)
			}
			return w, nil
		},
		StopFunc: func(_ context.Context, id string) error {
			p.mu.Lock()
			defer p.mu.Unlock()
			if w, ok := p.watches[id]; ok {
				close(w)
				delete(p.watches, id)
			}
			for m, mid := range p.mounts {
				if mid == id {
					delete(p.mounts, m)
				}
			}
			return nil
		},
		PipelineFunc: func(context.Context, string, *pluginapi.StreamSpec) (*pluginapi.Plan, error) {
			return &pluginapi.Plan{Launch: "gst-launch-1.0 videotestsrc ! x264enc ! …", Encoder: "x264enc"}, nil
		},
	}
}
