// Package control is how clients drive the engine. Backend is the one seam: the CLI, the
// desktop window, the tray and the viewer windows consume only it, and never know whether the
// engine runs in their own process (Local) or in a daemon or the system service behind the
// control API. Whatever crosses the seam has its secrets masked (source and publish passwords,
// RTSP user passwords, TLS keys), as MediaMTX masks credentials before its API answers.
package control

import (
	"context"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// Where the engine behind a Backend runs.
const (
	KindOwn    = "own"    // inside this process (no daemon was running)
	KindUser   = "user"   // a user's daemon: `gstcast serve`, the user service or a desktop app
	KindSystem = "system" // the system service
)

// About says which engine a Backend drives.
type About struct {
	Kind    string    `json:"kind"`              // KindOwn, KindUser, KindSystem
	Address string    `json:"address,omitempty"` // the socket or URL a client reached it at
	Version string    `json:"version"`
	PID     int       `json:"pid"`
	User    string    `json:"user,omitempty"` // whose engine it is
	Started time.Time `json:"started"`
	// Config is the config file the engine runs from, if any.
	Config string `json:"config,omitempty"`
}

// Describe is About in a few words for people ("the system service at /run/gstcast/api.sock").
func (a About) Describe() string {
	switch a.Kind {
	case KindOwn:
		return "gstcast's own engine in this process"
	case KindSystem:
		return "the system service at " + a.Address
	}
	return "the gstcast daemon at " + a.Address
}

// Backend is the engine as every client sees it. Errors wrap pluginapi's sentinels
// (ErrNotFound, ErrInvalidSpec, …) and engine.ErrExists, whichever side of a wire they came from.
type Backend interface {
	About(ctx context.Context) (About, error)
	// List returns every stream and view; Get one of them by name.
	List(ctx context.Context) ([]engine.Status, error)
	Get(ctx context.Context, name string) (engine.Status, error)
	// Add starts new work (see engine.Engine.Add: final errors at once, the rest retried).
	Add(ctx context.Context, w engine.Work) (engine.Status, error)
	// Remove stops and forgets; Stop stops and keeps; Start runs stopped work again.
	Remove(ctx context.Context, name string) error
	Stop(ctx context.Context, name string) error
	Start(ctx context.Context, name string) (engine.Status, error)
	// Watch sends the engine's events, starting with a snapshot, until ctx ends; then, or when
	// the engine goes away, the channel is closed.
	Watch(ctx context.Context) (<-chan engine.Event, error)
	// Plan is the pipeline a spec would run, without running it.
	Plan(ctx context.Context, s spec.StreamSpec) (engine.Plan, error)
	Plugins(ctx context.Context) ([]engine.PluginStatus, error)
	Devices(ctx context.Context, follow bool) (<-chan engine.DeviceEvent, error)
	Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]engine.ProbeResult, error)
}

// RedactStatus masks the secrets in a status.
func RedactStatus(s engine.Status) engine.Status {
	if s.Stream != nil {
		r := s.Stream.Redacted()
		s.Stream = &r
	}
	if s.View != nil {
		r := s.View.Redacted()
		s.View = &r
	}
	return s
}

// RedactEvent masks the secrets in an event.
func RedactEvent(ev engine.Event) engine.Event {
	if ev.Status != nil {
		r := RedactStatus(*ev.Status)
		ev.Status = &r
	}
	if ev.Snapshot != nil {
		all := make([]engine.Status, len(ev.Snapshot))
		for i, s := range ev.Snapshot {
			all[i] = RedactStatus(s)
		}
		ev.Snapshot = all
	}
	return ev
}
