package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// PluginStatus is one plugin as the engine sees it.
type PluginStatus struct {
	Name     string          `json:"name"`
	Path     string          `json:"path,omitempty"`
	Info     *pluginapi.Info `json:"info,omitempty"`
	Up       bool            `json:"up"`       // its process runs and answers
	Restarts int             `json:"restarts"` // restarts after it died
	PID      int             `json:"pid,omitempty"`
	Err      string          `json:"error,omitempty"` // why it could not be started
}

// Plugins lists the plugins, running ones first in order of preference, then those that could
// not be started.
func (e *Engine) Plugins() []PluginStatus {
	var out []PluginStatus
	for _, p := range e.plugins {
		ps := PluginStatus{Info: p.Info(), Restarts: p.Restarts(), PID: p.PID()}
		ps.Up = ps.PID != 0
		if ps.Info != nil {
			ps.Name = ps.Info.Name
		}
		out = append(out, ps)
	}
	return append(out, e.opts.Unstarted...)
}

// restarter is a plugin that can be restarted on request (*pluginhost.Plugin).
type restarter interface{ Restart() error }

// RestartPlugin restarts a plugin process; the work that ran on it is started again by its
// keepers, as after a crash.
func (e *Engine) RestartPlugin(name string) error {
	for _, p := range e.plugins {
		if info := p.Info(); info != nil && info.Name == name {
			r, ok := p.(restarter)
			if !ok {
				return fmt.Errorf("plugin %s cannot be restarted: %w", name, pluginapi.ErrUnsupported)
			}
			return r.Restart()
		}
	}
	return fmt.Errorf("no running plugin named %q: %w", name, pluginapi.ErrNotFound)
}

// pick chooses the plugin for a source, by the rule docs/PLUGINS.md documents: among the
// plugins that are supported here and take the source's kind, the one of highest Info.Priority,
// and among equals the first found (GSTCAST_PLUGIN_PATH, then the executable's folder, then the
// user's plugin folder; alphabetical within a folder). A plugin://NAME source goes to the
// plugin named NAME, which must take "plugin" sources.
func (e *Engine) pick(src spec.Source) (Plugin, error) {
	kind := src.Kind
	if kind == spec.SourcePlugin {
		return e.pickByName(src.Plugin)
	}
	infos := make([]*pluginapi.Info, len(e.plugins))
	for i, p := range e.plugins {
		infos[i] = p.Info()
	}
	if i := Choose(infos, kind); i >= 0 {
		return e.plugins[i], nil
	}
	var reasons []string
	for _, info := range infos {
		switch {
		case info == nil:
		case !info.Supported:
			reasons = append(reasons, info.Name+": "+info.Reason)
		default:
			reasons = append(reasons, info.Name+": no "+string(kind)+" sources")
		}
	}
	if len(e.plugins) == 0 {
		return nil, fmt.Errorf("no plugins running: install gstcast-plugin-* next to gstcast or set GSTCAST_PLUGIN_PATH (see `gstcast plugins`): %w", pluginapi.ErrUnsupported)
	}
	return nil, fmt.Errorf("no plugin can take %s sources (%v): %w", kind, reasons, pluginapi.ErrUnsupported)
}

// Choose applies the rule to plugins in discovery order: the index of the supported plugin of
// highest priority that takes kind (the first among equals), or -1. The CLI shows it with it.
func Choose(infos []*pluginapi.Info, kind spec.SourceKind) int {
	best := -1
	for i, info := range infos {
		if info == nil || !info.Supported || !takes(info, kind) {
			continue
		}
		if best < 0 || info.Priority > infos[best].Priority {
			best = i
		}
	}
	return best
}

func takes(info *pluginapi.Info, kind spec.SourceKind) bool {
	for _, k := range info.SourceKinds {
		if k == string(kind) {
			return true
		}
	}
	return false
}

// pickByName finds the plugin a plugin://NAME source names.
func (e *Engine) pickByName(name string) (Plugin, error) {
	for _, p := range e.plugins {
		info := p.Info()
		if info == nil || info.Name != name {
			continue
		}
		switch {
		case !info.Supported:
			return nil, fmt.Errorf("plugin %s does not work here (%s): %w", name, info.Reason, pluginapi.ErrUnsupported)
		case !takes(info, spec.SourcePlugin):
			return nil, fmt.Errorf("plugin %s takes no plugin:// sources: %w", name, pluginapi.ErrUnsupported)
		}
		return p, nil
	}
	return nil, fmt.Errorf("no plugin named %q is running (see `gstcast plugins`): %w", name, pluginapi.ErrUnsupported)
}

// Choice is which plugin a source kind goes to, and which others take it too.
type Choice struct {
	Kind   string   `json:"kind"`
	Plugin string   `json:"plugin"`
	Also   []string `json:"also,omitempty"` // other supported plugins that take it, after it by the rule
}

// Choices says, for every source kind a supported plugin takes, which plugin the host picks
// (plugin:// sources are picked by name and left out).
func Choices(infos []*pluginapi.Info) []Choice {
	var kinds []string
	seen := map[string]bool{}
	for _, info := range infos {
		if info == nil || !info.Supported {
			continue
		}
		for _, k := range info.SourceKinds {
			if !seen[k] && k != string(spec.SourcePlugin) {
				seen[k] = true
				kinds = append(kinds, k)
			}
		}
	}
	var out []Choice
	for _, k := range kinds {
		i := Choose(infos, spec.SourceKind(k))
		c := Choice{Kind: k, Plugin: infos[i].Name}
		for j, info := range infos {
			if j != i && info != nil && info.Supported && takes(info, spec.SourceKind(k)) {
				c.Also = append(c.Also, info.Name)
			}
		}
		out = append(out, c)
	}
	return out
}

// Choices of the engine's plugins.
func (e *Engine) Choices() []Choice {
	infos := make([]*pluginapi.Info, len(e.plugins))
	for i, p := range e.plugins {
		infos[i] = p.Info()
	}
	return Choices(infos)
}

// usable are the plugins that work on this machine.
func (e *Engine) usable() []Plugin {
	var out []Plugin
	for _, p := range e.plugins {
		if info := p.Info(); info != nil && info.Supported {
			out = append(out, p)
		}
	}
	return out
}

// DeviceEvent is one entry of the merged device list of every plugin.
type DeviceEvent struct {
	Type   pluginapi.DeviceEventType `json:"type"`
	Plugin string                    `json:"plugin,omitempty"`
	Device pluginapi.Device          `json:"device"`
	// Err says a plugin stopped before it finished its list (Type is DeviceSnapshotDone then).
	Err string `json:"error,omitempty"`
}

// Devices sends every usable plugin's capture devices (DeviceSnapshot events), then one
// DeviceSnapshotDone once all have listed theirs; with follow, DeviceAdded/DeviceRemoved after
// that until ctx ends. The channel is closed when nothing more comes.
func (e *Engine) Devices(ctx context.Context, follow bool) (<-chan DeviceEvent, error) {
	plugins := e.usable()
	type source struct {
		name string
		ch   <-chan pluginapi.DeviceEvent
	}
	var srcs []source
	for _, p := range plugins {
		pl, err := p.Platform(ctx)
		if err != nil {
			return nil, err
		}
		ch, err := pl.Devices(ctx, follow)
		if err != nil {
			if errors.Is(err, pluginapi.ErrUnsupported) {
				continue
			}
			return nil, fmt.Errorf("devices of %s: %w", p.Info().Name, err)
		}
		srcs = append(srcs, source{p.Info().Name, ch})
	}
	out := make(chan DeviceEvent, 8)
	var snapshots sync.WaitGroup
	var all sync.WaitGroup
	send := func(ev DeviceEvent) {
		select {
		case out <- ev:
		case <-ctx.Done():
		}
	}
	var warnMu sync.Mutex
	var warnings []string
	for _, s := range srcs {
		snapshots.Add(1)
		all.Add(1)
		go func() {
			defer all.Done()
			done := false
			for ev := range s.ch {
				if ev.Type == pluginapi.DeviceSnapshotDone {
					if !done {
						done = true
						snapshots.Done()
					}
					continue
				}
				if ev.Type == pluginapi.DeviceSnapshot && done {
					ev.Type = pluginapi.DeviceAdded
				}
				send(DeviceEvent{Type: ev.Type, Plugin: s.name, Device: ev.Device})
			}
			if !done {
				if ctx.Err() == nil {
					warnMu.Lock()
					warnings = append(warnings, "plugin "+s.name+" stopped before it finished listing devices")
					warnMu.Unlock()
				}
				snapshots.Done()
			}
		}()
	}
	go func() {
		snapshots.Wait()
		warnMu.Lock()
		msg := ""
		for i, w := range warnings {
			if i > 0 {
				msg += "; "
			}
			msg += w
		}
		warnMu.Unlock()
		send(DeviceEvent{Type: pluginapi.DeviceSnapshotDone, Err: msg})
		all.Wait()
		close(out)
	}()
	return out, nil
}

// ProbeResult is one plugin's answer to a probe.
type ProbeResult struct {
	Plugin       string                  `json:"plugin"`
	Capabilities *pluginapi.Capabilities `json:"capabilities,omitempty"`
	Err          string                  `json:"error,omitempty"`
}

// Probe asks a plugin ("" for every usable one) for a device's formats (deviceID may be empty)
// and the test results of its encoders under the hardware preference.
func (e *Engine) Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]ProbeResult, error) {
	var out []ProbeResult
	found := false
	for _, p := range e.usable() {
		name := p.Info().Name
		if plugin != "" && name != plugin {
			continue
		}
		found = true
		pl, err := p.Platform(ctx)
		if err != nil {
			return nil, err
		}
		caps, err := pl.Probe(ctx, deviceID, hw)
		r := ProbeResult{Plugin: name, Capabilities: caps}
		if err != nil {
			r.Err = err.Error()
		}
		out = append(out, r)
	}
	if plugin != "" && !found {
		return nil, fmt.Errorf("no usable plugin named %q: %w", plugin, pluginapi.ErrNotFound)
	}
	return out, nil
}
