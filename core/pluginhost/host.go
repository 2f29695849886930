package pluginhost

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/gstcast/gstcast/core/backoff"
)

// Host owns every plugin process of a gstcast host.
type Host struct {
	log     *slog.Logger
	mu      sync.Mutex
	plugins []*Plugin
	failed  []Failed
}

// Failed is a plugin that was found but could not be started, and why.
type Failed struct {
	Candidate
	Err error
}

// Options tune a Host.
type Options struct {
	Dirs []string // default SearchDirs()
	// Restart is the backoff between restarts of a plugin that died (backoff.Default when zero).
	Restart backoff.Policy
	// Only, when set, starts only the plugins with these names.
	Only []string
}

// Start discovers plugins and starts each one. A plugin that fails to start is reported in
// Failed and does not stop the others.
func Start(ctx context.Context, log *slog.Logger, o Options) (*Host, error) {
	if o.Dirs == nil {
		o.Dirs = SearchDirs()
	}
	cands, err := Discover(o.Dirs)
	if err != nil {
		return nil, err
	}
	h := &Host{log: log}
	var wg sync.WaitGroup
	for _, c := range cands {
		if len(o.Only) > 0 && !contains(o.Only, c.Name) {
			continue
		}
		p := &Plugin{Candidate: c, log: log, ready: make(chan struct{}), done: make(chan struct{}), restart: o.Restart}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.start(ctx); err != nil {
				h.mu.Lock()
				h.failed = append(h.failed, Failed{Candidate: c, Err: err})
				h.mu.Unlock()
				return
			}
			go p.supervise()
			h.mu.Lock()
			h.plugins = append(h.plugins, p)
			h.mu.Unlock()
		}()
	}
	wg.Wait()
	// Keep discovery order (start order is random).
	order := map[string]int{}
	for i, c := range cands {
		order[c.Name] = i
	}
	sortBy(h.plugins, func(p *Plugin) int { return order[p.Name] })
	return h, nil
}

// Plugins are the running plugins, in discovery order.
func (h *Host) Plugins() []*Plugin {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]*Plugin{}, h.plugins...)
}

// Failed are the plugins that could not be started.
func (h *Host) Failed() []Failed {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Failed{}, h.failed...)
}

// Get finds a running plugin by name.
func (h *Host) Get(name string) (*Plugin, error) {
	for _, p := range h.Plugins() {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no plugin named %q is running", name)
}

// Close stops every plugin.
func (h *Host) Close() {
	var wg sync.WaitGroup
	for _, p := range h.Plugins() {
		wg.Add(1)
		go func() { defer wg.Done(); p.Close() }()
	}
	wg.Wait()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortBy(ps []*Plugin, key func(*Plugin) int) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && key(ps[j]) < key(ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
