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
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Where the engine behind a Backend runs.
const (
	KindOwn    = "own"    // inside this process (no daemon was running)
	KindUser   = "user"   // a user's daemon: `gstcast serve`, the user service or a desktop app
	KindSystem = "system" // the system service
)

// OriginCLI marks work a CLI command started for as long as it runs: a daemon removes it when
// the command's event stream ends (Client.WatchHolding), even if the command was killed.
const OriginCLI = "cli"

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
	// Replace gives existing work a new spec (restarting it only when the spec changed). Secrets
	// left as spec.Mask keep their current value, so a client can send back what it was shown.
	Replace(ctx context.Context, w engine.Work) (engine.Status, error)
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
	// RestartPlugin restarts a plugin process; its streams and views come back by themselves.
	RestartPlugin(ctx context.Context, name string) error
	Devices(ctx context.Context, follow bool) (<-chan engine.DeviceEvent, error)
	Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]engine.ProbeResult, error)
	// Sessions lists the RTSP readers and publishers of a served stream (none when it serves no
	// mount or is not running); Kick closes one's connection and ends its session.
	Sessions(ctx context.Context, name string) ([]pluginapi.Session, error)
	Kick(ctx context.Context, name, sessionID string) error

	// What only a daemon has; an engine of a client's own answers ErrUnsupported.

	// Config is the daemon's config file; PutConfig validates a new text, writes it (atomically,
	// keeping a .bak) and applies it, or changes nothing and says why (with the line).
	Config(ctx context.Context) (ConfigFile, error)
	PutConfig(ctx context.Context, text string) (ReloadResult, error)
	// Logs sends the last lines of the daemon's log (host and plugins), then, with follow, new
	// lines until ctx ends.
	Logs(ctx context.Context, last int, follow bool) (<-chan LogLine, error)
}

// ConfigFile is a daemon's config file as it is on disk.
type ConfigFile struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

// ReloadResult says what a config change did.
type ReloadResult struct {
	Added     []string `json:"added,omitempty"`
	Changed   []string `json:"changed,omitempty"`
	Removed   []string `json:"removed,omitempty"`
	Unchanged []string `json:"unchanged,omitempty"`
	// Failed are entries that did not start (the rest of the config is applied).
	Failed map[string]string `json:"failed,omitempty"`
}

// LogLine is one line of a daemon's log.
type LogLine struct {
	Time    time.Time         `json:"time"`
	Level   string            `json:"level"`
	Source  string            `json:"source"` // "gstcast" or the plugin's name
	Message string            `json:"message"`
	Attrs   map[string]string `json:"attrs,omitempty"`
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
