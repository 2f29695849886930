package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	kservice "github.com/kardianos/service"

	"github.com/gstcast/gstcast/core/daemon"
)

// DefaultStopTimeout bounds Stop: well inside the 20 s the Windows Service Control Manager
// waits, and systemd's TimeoutStopSec in the unit.
const DefaultStopTimeout = 10 * time.Second

// Program is the service's run loop, kardianos/service's Interface around the daemon. Start
// returns at once: the daemon starts in a goroutine (plugins take seconds to start, and the
// service manager waits for Start). Stop closes the daemon (every stream EOS then NULL, every
// plugin process) and returns within StopTimeout whatever happens, saying so when it gave up.
type Program struct {
	Options daemon.Options
	// StopTimeout bounds Stop; 0 is DefaultStopTimeout.
	StopTimeout time.Duration
	// Log gets the program's own lines (a start that failed, a stop that took too long); the
	// daemon has its own log, which does not exist when its start failed.
	Log *slog.Logger

	// start starts the daemon (daemon.Start; tests put a fake here).
	start func(ctx context.Context, o daemon.Options) (closer, error)

	once    sync.Once
	cancel  context.CancelFunc
	ready   chan struct{} // closed once the start has ended, well or not
	failed  chan struct{} // closed when the daemon could not start (not when Stop cancelled it)
	mu      sync.Mutex
	running closer
	err     error
	begun   bool
}

// closer is a started daemon.
type closer interface{ Close() }

func (p *Program) init() {
	p.once.Do(func() {
		p.ready = make(chan struct{})
		p.failed = make(chan struct{})
		if p.StopTimeout <= 0 {
			p.StopTimeout = DefaultStopTimeout
		}
		if p.Log == nil {
			p.Log = slog.New(slog.DiscardHandler)
		}
		if p.start == nil {
			p.start = func(ctx context.Context, o daemon.Options) (closer, error) {
				d, err := daemon.Start(ctx, o)
				if err != nil {
					return nil, err
				}
				return d, nil
			}
		}
	})
}

// Start starts the daemon in a goroutine and returns at once.
func (p *Program) Start(kservice.Service) error {
	p.init()
	p.mu.Lock()
	if p.begun {
		p.mu.Unlock()
		return errors.New("the gstcast service program was started twice")
	}
	p.begun = true
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.mu.Unlock()
	go func() {
		defer close(p.ready)
		c, err := p.start(ctx, p.Options)
		p.mu.Lock()
		p.running, p.err = c, err
		p.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			p.Log.Error("gstcast service could not start the daemon", "config", p.Options.ConfigPath, "err", err)
			close(p.failed)
		}
	}()
	return nil
}

// Stop stops the daemon and returns within StopTimeout. A start still under way is cancelled.
func (p *Program) Stop(kservice.Service) error {
	p.init()
	p.mu.Lock()
	begun, cancel := p.begun, p.cancel
	p.mu.Unlock()
	if !begun {
		return nil
	}
	deadline := time.NewTimer(p.StopTimeout)
	defer deadline.Stop()
	select {
	case <-p.ready:
	default:
		cancel() // plugins still starting: give up on them
	}
	select {
	case <-p.ready:
	case <-deadline.C:
		p.Log.Error("gstcast service: the daemon was still starting after the stop deadline; exiting anyway", "timeout", p.StopTimeout)
		return fmt.Errorf("the daemon did not stop within %s", p.StopTimeout)
	}
	p.mu.Lock()
	c := p.running
	p.mu.Unlock()
	defer cancel()
	if c == nil {
		return nil
	}
	done := make(chan struct{})
	go func() {
		c.Close()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-deadline.C:
		p.Log.Error("gstcast service: the daemon did not stop within the deadline; exiting anyway (the service manager ends what is left)", "timeout", p.StopTimeout)
		return fmt.Errorf("the daemon did not stop within %s", p.StopTimeout)
	}
}

// Ready is closed once the daemon's start has ended, well or not (see Err).
func (p *Program) Ready() <-chan struct{} { p.init(); return p.ready }

// Failed is closed when the daemon could not start: the service must end, with an error, so
// that the service manager restarts it.
func (p *Program) Failed() <-chan struct{} { p.init(); return p.failed }

// Err is why the daemon did not start (after Ready), or nil.
func (p *Program) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Daemon is the running daemon (after Ready), or nil.
func (p *Program) Daemon() *daemon.Daemon {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, _ := p.running.(*daemon.Daemon)
	return d
}

// logger is the running daemon's log (console or system log, file, and the API's ring), else Log.
func (p *Program) logger() *slog.Logger {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.running.(interface{ Log() *slog.Logger }); ok {
		return d.Log()
	}
	return p.Log
}

// wait is kardianos's RunWait on Unix: it returns on SIGTERM or Ctrl-C, or when the daemon
// could not start.
func (p *Program) wait() {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(ch)
	select {
	case sig := <-ch:
		p.logger().Info("gstcast service stopping", "signal", sig.String())
	case <-p.Failed():
	}
}
