package service

import (
	"io"
	"log/slog"
	"os"
	"runtime"

	kservice "github.com/kardianos/service"

	"github.com/gstcast/gstcast/core/daemon"
)

// RunOptions say how the service process runs (`gstcast service run`).
type RunOptions struct {
	Spec Spec
	// LogFile overrides the config's log.file ("-" for none); "" keeps the daemon's default
	// (/var/log/gstcast/gstcast.log for the system service, the user cache folder otherwise).
	LogFile string
	// Stderr is the console when the program runs in a terminal (not under the service manager).
	Stderr io.Writer
}

// Run runs the daemon as the service until the service manager (or SIGTERM, or Ctrl-C in a
// terminal) stops it. Under the service manager the log goes to the system's logger (the
// journal, the Event Log) and the daemon's rotated file; in a terminal to the console and the
// file. A daemon that cannot start ends Run with its error, so that the service manager
// restarts it (systemd Restart=on-failure, the SCM's recovery actions).
func Run(o RunOptions) error {
	sp, err := o.Spec.resolved()
	if err != nil {
		return err
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	// The level is the config's log.level (default info).
	p := &Program{Options: daemon.Options{ConfigPath: sp.Config, System: !sp.User, LogFile: o.LogFile}}
	s, err := newService(p, sp.kconfig(kservice.KeyValue{"RunWait": p.wait}))
	if err != nil {
		return err
	}
	var h slog.Handler
	if kservice.Interactive() {
		p.Options.Console = o.Stderr
		h = slog.NewTextHandler(o.Stderr, nil)
	} else if l, err := s.SystemLogger(nil); err == nil {
		sh := NewSystemHandler(l, nil)
		p.Options.SystemLog = sh
		h = sh
	} else {
		// No syslog socket: stderr, which systemd's journal keeps as well.
		p.Options.Console = o.Stderr
		h = slog.NewTextHandler(o.Stderr, nil)
		slog.New(h).Warn("no system logger; logging to stderr", "err", err)
	}
	p.Log = slog.New(h)
	if runtime.GOOS == "windows" {
		// The SCM's loop (and kardianos's console loop there) waits only for a stop request:
		// a daemon that could not start ends the process with an error, and the recovery
		// actions start it again.
		go func() {
			<-p.Failed()
			os.Exit(1)
		}()
	}
	if err := s.Run(); err != nil {
		return err
	}
	select {
	case <-p.Failed():
		return p.Err()
	default:
	}
	return nil
}
