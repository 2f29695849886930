// Package service runs the gstcast daemon as a system service or a user service, and installs,
// removes, starts, stops and reports on that service, with github.com/kardianos/service:
// systemd on Linux (a system unit running as the dedicated user gstcast, or a user unit),
// the Service Control Manager on Windows (with recovery actions).
//
// The service process is `gstcast service run --system|--user --config FILE`: Program runs
// core/daemon under kardianos's Interface (Start returns at once, Stop closes the daemon within
// a deadline). Manager is what `gstcast service install|uninstall|start|stop|restart|status`
// calls. The unit file is rendered here (SystemdUnit), not by kardianos's default template,
// which hard-codes RestartSec=120 and WantedBy=multi-user.target (a user manager never reaches
// that target).
package service

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	kservice "github.com/kardianos/service"

	"github.com/gstcast/gstcast/core/daemon"
)

// Name is the service's name: the unit gstcast.service, the Windows service gstcast.
const Name = "gstcast"

// Account is the system service's user and group on Linux; members of the group may drive it
// through its API socket.
const Account = "gstcast"

// Errors a user can act on; the messages that wrap them say what to do.
var (
	ErrNeedRoot         = errors.New("needs administrator rights")
	ErrNotInstalled     = errors.New("not installed")
	ErrAlreadyInstalled = errors.New("already installed")
	ErrNoServiceManager = errors.New("no service manager")
	ErrUnsupported      = errors.New("not supported here")
)

// kindError is an error that says what to do in its own words and is one of the errors above
// to errors.Is.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

func errorf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// Spec names one service: the system service or this user's, its config file and binary.
type Spec struct {
	// User is this user's own service (systemd --user) rather than the system-wide one.
	User bool
	// Config is the config file; "" is DefaultConfig(User).
	Config string
	// Executable is the gstcast binary the service runs; "" is this executable.
	Executable string
}

// Scope is "system" or "user".
func (s Spec) Scope() string {
	if s.User {
		return "user"
	}
	return "system"
}

// What is the service in words: "the gstcast system service".
func (s Spec) What() string { return "the gstcast " + s.Scope() + " service" }

// DefaultConfig is where the service's config lives: /etc/gstcast/gstcast.yaml
// (%ProgramData%\gstcast\gstcast.yaml on Windows) for the system service, the user config
// folder's gstcast/gstcast.yaml for a user service.
func DefaultConfig(user bool) (string, error) {
	if !user {
		return filepath.Join(daemon.SystemConfigDir(), "gstcast.yaml"), nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config folder: %w", err)
	}
	return filepath.Join(dir, "gstcast", "gstcast.yaml"), nil
}

// resolved fills in the defaults and makes the paths absolute (a unit needs them so).
func (s Spec) resolved() (Spec, error) {
	if s.Config == "" {
		c, err := DefaultConfig(s.User)
		if err != nil {
			return s, err
		}
		s.Config = c
	}
	c, err := filepath.Abs(s.Config)
	if err != nil {
		return s, err
	}
	s.Config = c
	if s.Executable == "" {
		exe, err := os.Executable()
		if err != nil {
			return s, fmt.Errorf("where is this gstcast binary: %w", err)
		}
		s.Executable = exe
	}
	if real, err := filepath.EvalSymlinks(s.Executable); err == nil {
		s.Executable = real
	}
	if s.Executable, err = filepath.Abs(s.Executable); err != nil {
		return s, err
	}
	return s, nil
}

// Args are the service process's arguments after the executable.
func (s Spec) Args() []string {
	scope := "--system"
	if s.User {
		scope = "--user"
	}
	return []string{"service", "run", scope, "--config", s.Config}
}

// kconfig is kardianos's Config for the service; opts are the OS's options.
func (s Spec) kconfig(opts kservice.KeyValue) *kservice.Config {
	desc := "gstcast: cameras, screens and files served over RTSP and sent as RTP"
	if opts == nil {
		opts = kservice.KeyValue{}
	}
	opts["UserService"] = s.User
	return &kservice.Config{
		Name:        Name,
		DisplayName: "gstcast",
		Description: desc,
		Executable:  s.Executable,
		Arguments:   s.Args(),
		Option:      opts,
	}
}

// State is what Status found.
type State struct {
	Spec      Spec
	Installed bool
	Running   bool
	// Failed: installed, not running, and the service manager says it failed.
	Failed bool
	// Unit is the unit file (Linux); empty where there is none (Windows).
	Unit string
	// Err says why the state is not (fully) known: no service manager, a systemctl that failed.
	Err error
}

// Word is the state in one word or two.
func (st State) Word() string {
	switch {
	case st.Running:
		return "running"
	case st.Failed:
		return "failed"
	case st.Installed:
		return "stopped"
	case errors.Is(st.Err, ErrNoServiceManager):
		return "unavailable here"
	case st.Err != nil:
		return "unknown"
	}
	return "not installed"
}

// LogHint says where the service's log is, for people.
func (s Spec) LogHint() string {
	file := ""
	switch {
	case runtime.GOOS == "windows":
		return "Event Log (Application, source gstcast), " + filepath.Join(daemon.SystemConfigDir(), "gstcast.log") + ", gstcast logs -f"
	case !s.User:
		return "journalctl -u gstcast, " + filepath.Join(LogDir, "gstcast.log") + ", gstcast logs -f"
	}
	if dir, err := os.UserCacheDir(); err == nil {
		file = ", " + filepath.Join(dir, "gstcast", "gstcast.log")
	}
	return "journalctl --user -u gstcast" + file + ", gstcast logs -f"
}

// nop is the Interface of a service that is only installed or controlled, never run here.
type nop struct{}

func (nop) Start(kservice.Service) error { return nil }
func (nop) Stop(kservice.Service) error  { return nil }
