//go:build windows

package service

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	kservice "github.com/kardianos/service"
	"golang.org/x/sys/windows"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/daemon"
)

// On Windows the service is the Service Control Manager's: one system-wide service, running as
// LocalSystem, started at boot, restarted by the SCM's recovery actions when it fails. Nothing
// here has run on a Windows machine yet (see docs/SERVICE.md).

type host struct {
	elevated func() bool
}

func defaultHost() host {
	return host{elevated: func() bool { return windows.GetCurrentProcessToken().IsElevated() }}
}

func newService(i kservice.Interface, c *kservice.Config) (kservice.Service, error) {
	return kservice.New(i, c)
}

// Recovery: kardianos/service v1.3.0 registers recovery actions only when OnFailure is set.
// One action, restart after 5 s, which Windows repeats for every later failure; the failure
// count resets after a day without one.
func windowsOptions() kservice.KeyValue {
	return kservice.KeyValue{
		"StartType":              "automatic",
		"DelayedAutoStart":       true, // after the network and the camera drivers
		"OnFailure":              "restart",
		"OnFailureDelayDuration": "5s",
		"OnFailureResetPeriod":   86400,
	}
}

// UnitPath: Windows services have no unit file.
func (m *Manager) UnitPath() string { return "" }

func (m *Manager) ready(verb string) (Spec, error) {
	if m.Spec.User {
		return Spec{}, errorf(ErrUnsupported, "Windows services are system-wide (no --user): for a daemon of your own, run gstcast serve or the desktop app")
	}
	if !m.host.elevated() {
		return Spec{}, errorf(ErrNeedRoot, "to %s the gstcast service, run gstcast from an Administrator prompt", verb)
	}
	return m.Spec.resolved()
}

func (m *Manager) service(sp Spec) (kservice.Service, error) {
	return newService(nop{}, sp.kconfig(windowsOptions()))
}

func (m *Manager) installed(s kservice.Service) bool {
	_, err := s.Status()
	return !errors.Is(err, kservice.ErrNotInstalled)
}

// Install registers the service with the SCM (automatic start, recovery actions, an Event Log
// source), writes a commented config when there is none, and starts it.
func (m *Manager) Install() error {
	sp, err := m.ready("install")
	if err != nil {
		return err
	}
	s, err := m.service(sp)
	if err != nil {
		return err
	}
	if m.installed(s) {
		return errorf(ErrAlreadyInstalled, "the gstcast service is already installed: gstcast service restart runs it again, gstcast service uninstall removes it")
	}
	if err := os.MkdirAll(filepath.Dir(sp.Config), 0o755); err != nil {
		return fmt.Errorf("config folder: %w", err)
	}
	if text, err := os.ReadFile(sp.Config); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(sp.Config, []byte(DefaultConfigText), 0o640); err != nil {
			return fmt.Errorf("config: %w", err)
		}
		m.say("wrote a commented config to %s: it serves nothing until you add mounts", sp.Config)
	} else if err != nil {
		return fmt.Errorf("config: %w", err)
	} else if _, _, err := config.Check(text, filepath.Dir(sp.Config)); err != nil {
		return fmt.Errorf("%s: %w (fix it first: the service would not start with it)", sp.Config, err)
	}
	if err := s.Install(); err != nil {
		return fmt.Errorf("install the gstcast service: %w", err)
	}
	m.say("installed the gstcast service (Service Control Manager: starts at boot, restarted 5 s after a failure)")
	if err := s.Start(); err != nil {
		return fmt.Errorf("the gstcast service is installed but did not start: %w; see the Event Log (source gstcast) and %s", err, filepath.Join(daemon.SystemConfigDir(), "gstcast.log"))
	}
	m.say("started it: gstcast status shows what it serves")
	m.say("config: %s (saved changes apply at once)", sp.Config)
	m.say("logs:   Event Log (Application, source gstcast), %s, gstcast logs -f", filepath.Join(daemon.SystemConfigDir(), "gstcast.log"))
	return nil
}

// Uninstall stops the service and removes it; the config and the logs stay.
func (m *Manager) Uninstall() error {
	sp, err := m.ready("uninstall")
	if err != nil {
		return err
	}
	s, err := m.service(sp)
	if err != nil {
		return err
	}
	if !m.installed(s) {
		return errorf(ErrNotInstalled, "the gstcast service is not installed (gstcast service install sets it up)")
	}
	_ = s.Stop()
	if err := s.Uninstall(); err != nil {
		return fmt.Errorf("uninstall the gstcast service: %w", err)
	}
	m.say("removed the gstcast service; kept %s", filepath.Dir(sp.Config))
	return nil
}

// Start starts the installed service.
func (m *Manager) Start() error { return m.control("start", kservice.Service.Start) }

// Stop stops it.
func (m *Manager) Stop() error { return m.control("stop", kservice.Service.Stop) }

// Restart stops and starts it.
func (m *Manager) Restart() error { return m.control("restart", kservice.Service.Restart) }

func (m *Manager) control(verb string, do func(kservice.Service) error) error {
	sp, err := m.ready(verb)
	if err != nil {
		return err
	}
	s, err := m.service(sp)
	if err != nil {
		return err
	}
	if !m.installed(s) {
		return errorf(ErrNotInstalled, "the gstcast service is not installed (gstcast service install sets it up)")
	}
	if err := do(s); err != nil {
		return fmt.Errorf("%s the gstcast service: %w; see the Event Log (source gstcast)", verb, err)
	}
	past := map[string]string{"start": "started", "stop": "stopped", "restart": "restarted"}[verb]
	m.say("%s the gstcast service", past)
	return nil
}

// Status says whether the service is installed and running (needs no administrator rights).
func (m *Manager) Status() State {
	st := State{Spec: m.Spec}
	if m.Spec.User {
		st.Err = errorf(ErrUnsupported, "Windows services are system-wide (no --user)")
		return st
	}
	sp, err := m.Spec.resolved()
	if err != nil {
		st.Err = err
		return st
	}
	st.Spec = sp
	s, err := m.service(sp)
	if err != nil {
		st.Err = err
		return st
	}
	status, err := s.Status()
	switch {
	case errors.Is(err, kservice.ErrNotInstalled):
	case err != nil:
		st.Installed = true
		st.Err = err
	default:
		st.Installed = true
		st.Running = status == kservice.StatusRunning
	}
	return st
}
