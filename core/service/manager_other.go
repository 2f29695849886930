//go:build !linux && !windows

package service

import (
	"fmt"

	kservice "github.com/kardianos/service"
)

// Elsewhere (macOS, BSD) gstcast has no service yet: gstcast serve runs the daemon.

type host struct{}

func defaultHost() host { return host{} }

func newService(i kservice.Interface, c *kservice.Config) (kservice.Service, error) {
	return kservice.New(i, c)
}

var errHere = errorf(ErrUnsupported, "gstcast installs services on Linux (systemd) and Windows; run gstcast serve instead")

// UnitPath: none here.
func (m *Manager) UnitPath() string { return "" }

// Install is not supported here.
func (m *Manager) Install() error { return errHere }

// Uninstall is not supported here.
func (m *Manager) Uninstall() error { return errHere }

// Start is not supported here.
func (m *Manager) Start() error { return errHere }

// Stop is not supported here.
func (m *Manager) Stop() error { return errHere }

// Restart is not supported here.
func (m *Manager) Restart() error { return errHere }

// Status says there is no service here.
func (m *Manager) Status() State { return State{Spec: m.Spec, Err: errHere} }
