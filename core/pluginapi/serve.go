package pluginapi

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"
)

// Serve runs a plugin: call it from main with your Platform. It returns when the host has
// closed the plugin or is gone (see ServeOptions.HostGone); stop everything the plugin runs
// before main returns. Logs go to stderr as hclog JSON, which the host re-levels into its log.
func Serve(impl Platform) {
	ServeWith(impl, ServeOptions{})
}

// ServeVersion serves impl as protocol version v. Plugins use Serve; this exists so tests can
// build a plugin of another version and check that the host refuses it clearly.
func ServeVersion(v int, impl Platform) {
	ServeWith(impl, ServeOptions{Version: v})
}

// DefaultConnectTimeout is how long a plugin waits for its host to connect.
const DefaultConnectTimeout = time.Minute

// ServeOptions say how ServeWith runs a plugin; the zero value is what Serve does.
type ServeOptions struct {
	// Logger takes go-plugin's own messages (default NewLogger("")).
	Logger hclog.Logger
	// HostGone is called once, with the reason, when the host is gone without having closed
	// the plugin: its connection ended (the host was killed or crashed) or no host connected
	// within ConnectTimeout. ServeWith returns after it returns. When the host closes the
	// plugin (go-plugin's Client.Kill) ServeWith returns without calling it.
	HostGone func(reason string)
	// ConnectTimeout bounds the wait for the host's connection (default DefaultConnectTimeout):
	// a host that dies between starting the plugin and connecting to it leaves no connection
	// whose end could be noticed.
	ConnectTimeout time.Duration
	// Version is the protocol version served (default ProtocolVersion); tests only.
	Version int
}

// ServeWith runs a plugin like Serve, with options.
//
// Why the host's connection and not the parent process: go-plugin's host makes exactly one
// gRPC connection to its plugin (the plugin, the broker, stdio and the controller all share
// it) and keeps streams open on it for its whole life (the broker's and stdio's), so the
// connection is never idle and ends only when the host closes the plugin or dies, on every OS.
// A parent-process check cannot see a dead host on Windows, where a process keeps its parent id.
func ServeWith(impl Platform, o ServeOptions) {
	if o.Version == 0 {
		o.Version = ProtocolVersion
	}
	if o.Logger == nil {
		o.Logger = NewLogger("")
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	// Once the host is gone, stderr is a pipe nobody reads: a Go write to it would kill the
	// process with SIGPIPE before it stops its streams. Asking for SIGPIPE turns that into an
	// EPIPE write error, which loggers ignore. (On Windows there is no SIGPIPE; this is a no-op.)
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	w := &hostWatch{gone: o.HostGone, connectTimeout: o.ConnectTimeout, log: o.Logger}
	hs := Handshake
	hs.ProtocolVersion = uint(o.Version)
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  hs,
		VersionedPlugins: map[int]plugin.PluginSet{o.Version: {PluginName: &GRPCPlugin{Impl: impl}}},
		GRPCServer:       w.newServer,
		Logger:           o.Logger,
	})
	w.wait()
}

// controllerShutdown is go-plugin's own RPC by which the host closes a plugin (Client.Kill).
const controllerShutdown = "/plugin.GRPCController/Shutdown"

// hostWatch notices that the host is gone: the end of the first connection (the host's; with
// AutoMTLS nobody else can complete the handshake, and without it nobody else knows the
// address before the host has dialled), unless the host asked to shut down first.
type hostWatch struct {
	gone           func(reason string)
	connectTimeout time.Duration
	log            hclog.Logger

	closing atomic.Bool // the host called Shutdown: the connection's end is expected

	mu        sync.Mutex
	srv       *grpc.Server
	host      *connTag // the host's connection, once it began
	connTimer *time.Timer
	fired     bool
	done      chan struct{} // closed once HostGone has returned
}

type connTag struct{}

type connKey struct{}

// newServer is go-plugin's GRPCServer factory: the server it serves on, watched.
func (w *hostWatch) newServer(opts []grpc.ServerOption) *grpc.Server {
	opts = append(opts, grpc.StatsHandler(w), grpc.ChainUnaryInterceptor(w.intercept))
	srv := grpc.NewServer(opts...)
	w.mu.Lock()
	w.srv = srv
	w.connTimer = time.AfterFunc(w.connectTimeout, w.noHost)
	w.mu.Unlock()
	return srv
}

// noHost is the connect timeout: the host died before it connected, unless it connected just now.
func (w *hostWatch) noHost() {
	w.mu.Lock()
	connected := w.host != nil
	w.mu.Unlock()
	if !connected {
		w.hostGone("no host connected within " + w.connectTimeout.String())
	}
}

// intercept marks the host's Shutdown before go-plugin handles it (by stopping the server,
// which ends the host's connection), so that end is not taken for the host's death.
func (w *hostWatch) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if info.FullMethod == controllerShutdown {
		w.closing.Store(true)
	}
	return h(ctx, req)
}

// TagConn gives every connection its own tag, to tell the host's from any other.
func (w *hostWatch) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return context.WithValue(ctx, connKey{}, &connTag{})
}

// HandleConn sees connections begin (after the TLS handshake) and end.
func (w *hostWatch) HandleConn(ctx context.Context, s stats.ConnStats) {
	tag, _ := ctx.Value(connKey{}).(*connTag)
	switch s.(type) {
	case *stats.ConnBegin:
		w.mu.Lock()
		if w.host == nil {
			w.host = tag
			w.connTimer.Stop()
		}
		w.mu.Unlock()
	case *stats.ConnEnd:
		w.mu.Lock()
		host := w.host == tag
		w.mu.Unlock()
		if host && !w.closing.Load() {
			w.hostGone("the host's connection ended without the host closing the plugin")
		}
	}
}

func (w *hostWatch) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (w *hostWatch) HandleRPC(context.Context, stats.RPCStats)                       {}

// hostGone calls HostGone once, then stops the server, which makes go-plugin's Serve return.
// It runs apart from the caller: HandleConn is called by the server's connection goroutine,
// which Stop waits for.
func (w *hostWatch) hostGone(reason string) {
	w.mu.Lock()
	if w.fired || w.closing.Load() {
		w.mu.Unlock()
		return
	}
	w.fired = true
	w.done = make(chan struct{})
	srv := w.srv
	w.mu.Unlock()
	go func() {
		defer srv.Stop()
		defer close(w.done)
		w.log.Warn("host is gone; the plugin stops", "reason", reason)
		if w.gone != nil {
			w.gone(reason)
		}
	}()
}

// wait returns once HostGone, if it was called, has returned: Serve must not return to a main
// that exits while the plugin is still stopping its streams.
func (w *hostWatch) wait() {
	w.mu.Lock()
	if w.connTimer != nil {
		w.connTimer.Stop()
	}
	// Closing now, whatever ends the server from here on is the plugin's own exit.
	w.closing.Store(true)
	done := w.done
	w.mu.Unlock()
	if done != nil {
		<-done
	}
}

// NewLogger is the logger a plugin should use: JSON on stderr, level from GSTCAST_LOG_LEVEL.
func NewLogger(name string) hclog.Logger {
	lvl := hclog.LevelFromString(os.Getenv("GSTCAST_LOG_LEVEL"))
	if lvl == hclog.NoLevel {
		lvl = hclog.Info
	}
	return hclog.New(&hclog.LoggerOptions{Name: name, Level: lvl, Output: os.Stderr, JSONFormat: true})
}
