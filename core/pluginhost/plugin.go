package pluginhost

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"regexp"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/backoff"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// ErrVersion says a plugin speaks a protocol version this host does not.
var ErrVersion = errors.New("incompatible plugin protocol version")

// Plugin is one plugin process, kept running by its supervisor.
type Plugin struct {
	Candidate
	log *slog.Logger

	mu       sync.Mutex
	client   *plugin.Client
	platform pluginapi.Platform
	info     *pluginapi.Info
	restarts int
	closed   bool
	ready    chan struct{} // closed while a connected platform is available
	onUp     []func(p *Plugin)
	onDown   []func(p *Plugin)
	done     chan struct{}
	restart  backoff.Policy
}

// Info is what the plugin said about itself at its last start.
func (p *Plugin) Info() *pluginapi.Info {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.info
}

// Restarts is how many times the plugin was restarted after dying.
func (p *Plugin) Restarts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.restarts
}

// PID of the plugin process, 0 when none is running.
func (p *Plugin) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client == nil {
		return 0
	}
	if rc := p.client.ReattachConfig(); rc != nil && rc.Pid != 0 {
		return rc.Pid
	}
	return 0
}

// Platform waits until the plugin is connected (it may be restarting) and returns it.
func (p *Plugin) Platform(ctx context.Context) (pluginapi.Platform, error) {
	for {
		p.mu.Lock()
		ready, pl, closed := p.ready, p.platform, p.closed
		p.mu.Unlock()
		if closed {
			return nil, fmt.Errorf("plugin %s: closed: %w", p.Name, pluginapi.ErrUnavailable)
		}
		select {
		case <-ready:
			if pl != nil {
				return pl, nil
			}
		case <-ctx.Done():
			return nil, fmt.Errorf("plugin %s is not running (restarting?): %w", p.Name, ctx.Err())
		}
	}
}

// OnUp registers f to run each time the plugin (re)connects, after its first start.
// OnDown registers f to run when the process dies unexpectedly.
func (p *Plugin) OnUp(f func(*Plugin))   { p.mu.Lock(); p.onUp = append(p.onUp, f); p.mu.Unlock() }
func (p *Plugin) OnDown(f func(*Plugin)) { p.mu.Lock(); p.onDown = append(p.onDown, f); p.mu.Unlock() }

// start launches the process and connects to it.
func (p *Plugin) start(ctx context.Context) error {
	hash := sha256.New()
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  pluginapi.Handshake,
		VersionedPlugins: pluginapi.HostPlugins(),
		Cmd:              exec.Command(p.Path),
		SecureConfig:     &plugin.SecureConfig{Checksum: p.SHA256, Hash: hash},
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Logger:           newHCLog(p.log, p.Name),
		StartTimeout:     20 * time.Second,
		SyncStderr:       nil,
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return explainStartError(p, err)
	}
	raw, err := rpc.Dispense(pluginapi.PluginName)
	if err != nil {
		client.Kill()
		return fmt.Errorf("plugin %s: dispense: %w", p.Name, err)
	}
	pl := raw.(pluginapi.Platform)
	ictx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := pl.Info(ictx)
	if err != nil {
		client.Kill()
		return fmt.Errorf("plugin %s: info: %w", p.Name, err)
	}
	p.mu.Lock()
	p.client, p.platform, p.info = client, pl, info
	close(p.ready)
	p.mu.Unlock()
	return nil
}

var versionRE = regexp.MustCompile(`Plugin version: (\d+)`)

// explainStartError turns go-plugin's start errors into messages a user can act on.
func explainStartError(p *Plugin, err error) error {
	msg := err.Error()
	if m := versionRE.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("plugin %s (%s) speaks plugin protocol version %s, but this gstcast speaks version %d: install a matching plugin: %w",
			p.Name, p.Path, m[1], pluginapi.ProtocolVersion, ErrVersion)
	}
	if errors.Is(err, plugin.ErrChecksumsDoNotMatch) {
		return fmt.Errorf("plugin %s (%s) changed on disk after it was found: refusing to start it", p.Name, p.Path)
	}
	return fmt.Errorf("plugin %s (%s) did not start: %w", p.Name, p.Path, err)
}

// supervise restarts the plugin whenever its process dies, with the backoff policy (which
// resets once a start has lasted a while). Runs until Close.
func (p *Plugin) supervise() {
	defer close(p.done)
	b := backoff.New(p.restart)
	started := time.Now()
	for {
		p.mu.Lock()
		client, closed := p.client, p.closed
		p.mu.Unlock()
		if closed {
			return
		}
		if client != nil && !client.Exited() {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		// The process is gone and nobody asked for it: mark unavailable, tell the engine, restart.
		p.mu.Lock()
		p.platform, p.client = nil, nil
		p.ready = make(chan struct{})
		downs := append([]func(*Plugin){}, p.onDown...)
		p.mu.Unlock()
		b.Ran(time.Since(started))
		wait, _ := b.Next()
		if client != nil {
			p.log.Warn("plugin exited unexpectedly; restarting", "plugin", p.Name, "in", wait.String())
			for _, f := range downs {
				f(p)
			}
		}
		if !p.sleep(wait) {
			return
		}
		if err := p.start(context.Background()); err != nil {
			p.log.Error("plugin restart failed", "plugin", p.Name, "err", err)
			continue
		}
		started = time.Now()
		p.mu.Lock()
		p.restarts++
		ups := append([]func(*Plugin){}, p.onUp...)
		p.mu.Unlock()
		p.log.Info("plugin restarted", "plugin", p.Name, "restarts", p.Restarts())
		for _, f := range ups {
			f(p)
		}
	}
}

func (p *Plugin) sleep(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		p.mu.Lock()
		closed := p.closed
		p.mu.Unlock()
		if closed {
			return false
		}
		time.Sleep(min(50*time.Millisecond, time.Until(deadline)))
	}
	return true
}

// Restart stops the plugin process (gracefully, as Close does) and lets the supervisor start it
// again at once, as if it had died: its streams and views are started again by the engine.
// For a plugin that hangs or leaks, without restarting the daemon.
func (p *Plugin) Restart() error {
	p.mu.Lock()
	client, closed := p.client, p.closed
	p.mu.Unlock()
	if closed {
		return fmt.Errorf("plugin %s: closed: %w", p.Name, pluginapi.ErrUnavailable)
	}
	if client == nil {
		return fmt.Errorf("plugin %s is restarting already: %w", p.Name, pluginapi.ErrUnavailable)
	}
	p.log.Info("restarting plugin on request", "plugin", p.Name)
	client.Kill()
	return nil
}

// Close stops the plugin process (gracefully: go-plugin asks it to exit, then kills it).
func (p *Plugin) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	client := p.client
	p.mu.Unlock()
	if client != nil {
		client.Kill()
	}
	<-p.done
}
