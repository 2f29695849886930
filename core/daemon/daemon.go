// Package daemon is the engine's long-lived home: the plugins and the engine (core/session),
// the RTSP server's mounts and streams from the config file (with hot reload), the control API
// on its socket or loopback port, metrics and the log. `gstcast serve`, the system or user
// service and the desktop app (when no daemon runs) all run this one program.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/logs"
	"github.com/gstcast/gstcast/core/pluginhost"
	"github.com/gstcast/gstcast/core/session"
	"github.com/gstcast/gstcast/core/spec"
)

// Options say how a daemon runs.
type Options struct {
	// ConfigPath is the config file; "" runs Default (a test signal at /test) with no file.
	ConfigPath string
	// System is the system service: its socket is SystemSocket (group gstcast), it serves no
	// views (rings are per user) and its files live under /etc/gstcast and /var/log/gstcast.
	System bool
	// Plugin, when set, runs only that plugin.
	Plugin string
	// Address and Port override the config's rtsp section (serve's flags).
	Address string
	Port    int
	// Socket overrides the API socket's path; NoSocket runs without one (tests, Windows).
	Socket   string
	NoSocket bool
	// Console gets the log as text (a terminal); nil for none.
	Console io.Writer
	// ConsoleLevel is what the console shows; the file, system log and API keep the config's
	// log.level (default info), or ConsoleLevel when that is lower (serve --debug).
	ConsoleLevel slog.Level
	// SystemLog is the service's system logger (journal, Event Log), or nil.
	SystemLog slog.Handler
	// LogFile overrides the config's log.file; "-" for no file.
	LogFile string
}

// Daemon is a running daemon.
type Daemon struct {
	opts    Options
	log     *slog.Logger
	logs    *logs.Logs
	level   *slog.LevelVar
	ss      *session.Session
	backend *control.Local
	api     *control.Server

	mu        sync.Mutex
	cfg       config.File
	cfgText   []byte
	endpoints []control.Endpoint
	servers   []*http.Server
	cleanup   []func()
	started   time.Time
	closed    bool
	done      chan struct{}
	// Startup are the entries that failed to start when the daemon started.
	Startup map[string]error
}

// Start opens everything and returns once the API listens and the config's streams have been
// started (or are being retried). A config that does not parse, a socket another daemon
// answers on, or no plugin at all is an error; a stream that fails is reported in Startup.
func Start(ctx context.Context, o Options) (*Daemon, error) {
	d := &Daemon{opts: o, level: new(slog.LevelVar), started: time.Now(), done: make(chan struct{}), Startup: map[string]error{}}
	text, cfg, err := d.readConfig()
	if err != nil {
		return nil, err
	}
	d.cfg, d.cfgText = cfg, text
	if err := d.openLog(cfg); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			d.Close()
		}
	}()
	// Check everything before starting anything.
	entries, err := d.cfgEntries(cfg)
	if err != nil {
		return nil, err
	}
	ss, err := session.Open(ctx, session.Options{Log: d.log, Only: o.Plugin, Dirs: d.pluginDirs(cfg)})
	if err != nil {
		return nil, err
	}
	d.ss = ss
	kind := control.KindUser
	if o.System {
		kind = control.KindSystem
	}
	d.backend = control.NewLocal(ss.Engine, control.About{Kind: kind, Config: o.ConfigPath, Started: d.started})
	d.backend.Daemon = daemonHooks{d}
	srv, _ := cfg.Server(d.configDir())
	d.api = &control.Server{Backend: d.backend, RTSP: d.override(srv), NoViews: o.System, Log: d.log, Metrics: d.metricsHandler()}
	if err := d.listen(cfg); err != nil {
		return nil, err
	}
	for _, e := range entries {
		if _, err := d.ss.Engine.Ensure(ctx, d.work(e)); err != nil {
			d.Startup[e.Name] = err
			d.log.Error("not started", "name", e.Name, "err", err)
		}
	}
	d.watchConfig()
	ok = true
	d.log.Info("gstcast daemon running", "api", d.Endpoints(), "config", o.ConfigPath, "entries", len(entries))
	return d, nil
}

// Run starts a daemon and runs it until ctx ends.
func Run(ctx context.Context, o Options) error {
	d, err := Start(ctx, o)
	if err != nil {
		return err
	}
	<-ctx.Done()
	d.Close()
	return nil
}

// Backend is the daemon's engine as its clients see it.
func (d *Daemon) Backend() *control.Local { return d.backend }

// Log is the daemon's logger.
func (d *Daemon) Log() *slog.Logger { return d.log }

// Endpoints are where the API listens.
func (d *Daemon) Endpoints() []control.Endpoint {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]control.Endpoint(nil), d.endpoints...)
}

// Done is closed once Close has finished.
func (d *Daemon) Done() <-chan struct{} { return d.done }

// Close stops the API, every stream (EOS, then NULL) and every plugin, within a few seconds.
func (d *Daemon) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	servers, cleanup := d.servers, d.cleanup
	d.mu.Unlock()
	for _, s := range servers {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = s.Shutdown(ctx) // event streams do not end by themselves: Close after a second
		cancel()
		_ = s.Close()
	}
	for i := len(cleanup) - 1; i >= 0; i-- {
		cleanup[i]()
	}
	if d.ss != nil {
		d.ss.Close()
	}
	if d.log != nil {
		d.log.Info("gstcast daemon stopped")
	}
	if d.logs != nil {
		_ = d.logs.Close()
	}
	close(d.done)
}

func (d *Daemon) configDir() string {
	if d.opts.ConfigPath != "" {
		return filepath.Dir(d.opts.ConfigPath)
	}
	if d.opts.System {
		return SystemConfigDir()
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return os.TempDir()
	}
	return filepath.Join(dir, "gstcast")
}

// pluginDirs are the config's plugin folders before the usual ones, or nil for the usual ones.
func (d *Daemon) pluginDirs(cfg config.File) []string {
	dirs := cfg.PluginDirs(d.configDir())
	if len(dirs) == 0 {
		return nil
	}
	return append(dirs, pluginhost.SearchDirs()...)
}

// readConfig reads the config file (or the default config without one).
func (d *Daemon) readConfig() ([]byte, config.File, error) {
	if d.opts.ConfigPath == "" {
		return nil, config.Default(), nil
	}
	text, err := os.ReadFile(d.opts.ConfigPath)
	if err != nil {
		return nil, config.File{}, err
	}
	f, err := config.Parse(text)
	if err != nil {
		return nil, config.File{}, fmt.Errorf("%s: %w", d.opts.ConfigPath, err)
	}
	return text, f, nil
}

// override applies serve's --address/--port.
func (d *Daemon) override(s spec.RTSPServer) spec.RTSPServer {
	if d.opts.Address != "" {
		s.Address = d.opts.Address
	}
	if d.opts.Port != 0 {
		s.Port = d.opts.Port
	}
	return s
}

// cfgEntries checks a config and returns its entries, with serve's overrides applied.
func (d *Daemon) cfgEntries(f config.File) ([]config.Entry, error) {
	if d.opts.Address != "" {
		f.RTSP.Address = d.opts.Address
	}
	if d.opts.Port != 0 {
		f.RTSP.Port = d.opts.Port
	}
	es, err := f.Entries(d.configDir())
	if err != nil && d.opts.ConfigPath != "" {
		return nil, fmt.Errorf("%s: %w", d.opts.ConfigPath, err)
	}
	return es, err
}

func (d *Daemon) work(e config.Entry) engine.Work {
	s := e.Spec
	return engine.Work{Name: e.Name, Origin: originConfig, Stream: &s}
}

// originConfig marks the work a config file asked for; a reload touches only that.
const originConfig = "config"

// openLog opens the log: console, rotated file, system logger and the ring the API serves.
func (d *Daemon) openLog(cfg config.File) error {
	d.level.Set(min(slog.LevelInfo, d.opts.ConsoleLevel))
	if cfg.Log.Level != "" {
		var l slog.Level
		if err := l.UnmarshalText([]byte(cfg.Log.Level)); err == nil {
			d.level.Set(l)
		}
	}
	file := cfg.Log.File
	if d.opts.LogFile != "" {
		file = d.opts.LogFile
	}
	if file == "" {
		file = d.defaultLogFile()
	}
	if file == "-" {
		file = ""
	}
	l, err := logs.New(logs.Options{Level: d.level, ConsoleLevel: d.opts.ConsoleLevel, Console: d.opts.Console, File: file,
		MaxSizeMB: cmpOr(cfg.Log.MaxSizeMB, 10), MaxFiles: cmpOr(cfg.Log.MaxFiles, 5), System: d.opts.SystemLog})
	if err != nil {
		return err
	}
	d.logs, d.log = l, l.Logger()
	return nil
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

func (d *Daemon) defaultLogFile() string {
	if d.opts.System {
		if runtime.GOOS == "windows" {
			return filepath.Join(os.Getenv("ProgramData"), "gstcast", "gstcast.log")
		}
		return "/var/log/gstcast/gstcast.log"
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "gstcast", "gstcast.log")
	}
	return ""
}

// listen opens the API's socket and, when configured, its loopback TCP port with a token.
func (d *Daemon) listen(cfg config.File) error {
	kind := control.KindUser
	if d.opts.System {
		kind = control.KindSystem
	}
	if cfg.API.SocketOn() && !d.opts.NoSocket && runtime.GOOS != "windows" {
		path := d.opts.Socket
		if path == "" {
			path = control.UserSocket()
			if d.opts.System {
				path = control.SystemSocket
			}
		}
		l, err := control.ListenUnix(path, d.opts.System)
		if err != nil {
			return err
		}
		d.serve(l, true)
		d.endpoints = append(d.endpoints, control.Endpoint{Kind: kind, Network: "unix", Address: path})
		d.cleanup = append(d.cleanup, func() { os.Remove(path) })
	}
	listen := cfg.API.Listen
	if listen == "" && runtime.GOOS == "windows" {
		listen = "127.0.0.1:0" // Windows clients find the port in the endpoint file
	}
	if listen == "" {
		return nil
	}
	tokenFile := cfg.API.TokenFile
	if tokenFile == "" {
		tokenFile = control.UserTokenFile()
		if d.opts.System {
			tokenFile = control.SystemTokenFile()
		}
	}
	perm := os.FileMode(0o600)
	if d.opts.System {
		perm = 0o640 // root and group gstcast
	}
	token, err := control.LoadOrCreateToken(tokenFile, perm)
	if err != nil {
		return err
	}
	d.api.Token = token
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("api.listen %s: %w", listen, err)
	}
	d.serve(l, false)
	ep := control.Endpoint{Kind: kind, Network: "tcp", Address: l.Addr().String(), TokenFile: tokenFile}
	d.endpoints = append(d.endpoints, ep)
	if dir := endpointDir(d.opts.System); dir != "" {
		if path, err := control.WriteEndpointFile(dir, ep); err == nil {
			d.cleanup = append(d.cleanup, func() { os.Remove(path) })
		} else {
			d.log.Warn("api endpoint file not written; clients must be told the address", "err", err)
		}
	}
	return nil
}

// endpointDir is where clients look for a TCP endpoint: next to the socket (Unix) or in the
// config folder (Windows).
func endpointDir(system bool) string {
	if runtime.GOOS == "windows" {
		if system {
			return filepath.Join(os.Getenv("ProgramData"), "gstcast")
		}
		return filepath.Dir(control.UserTokenFile())
	}
	if system {
		return filepath.Dir(control.SystemSocket)
	}
	return filepath.Dir(control.UserSocket())
}

func (d *Daemon) serve(l net.Listener, trusted bool) {
	hs := &http.Server{Handler: d.api.Handler(trusted), ReadHeaderTimeout: 10 * time.Second}
	d.servers = append(d.servers, hs)
	go func() {
		if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("api listener stopped", "addr", l.Addr().String(), "err", err)
		}
	}()
}

// SystemConfigDir is where the system service's config lives.
func SystemConfigDir() string {
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("ProgramData"), "gstcast")
	}
	return "/etc/gstcast"
}

// daemonHooks give the Backend what only a daemon has.
type daemonHooks struct{ d *Daemon }

func (h daemonHooks) Config(context.Context) (control.ConfigFile, error) {
	h.d.mu.Lock()
	defer h.d.mu.Unlock()
	return control.ConfigFile{Path: h.d.opts.ConfigPath, Text: string(h.d.cfgText)}, nil
}

func (h daemonHooks) PutConfig(ctx context.Context, text string) (control.ReloadResult, error) {
	return h.d.replaceConfig(ctx, []byte(text))
}

func (h daemonHooks) Logs(ctx context.Context, last int, follow bool) (<-chan control.LogLine, error) {
	return h.d.logs.Lines(ctx, last, follow)
}
