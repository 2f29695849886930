package service

import (
	"fmt"
	"io"
)

// Manager installs, removes, starts, stops and reports on one service (what `gstcast service`
// does). Its methods say what they did on Out and return errors that say what to do.
type Manager struct {
	Spec Spec
	// Out gets what happens, for people.
	Out io.Writer

	host host // the OS's checks, replaced in tests
}

// NewManager returns the manager of the service sp names.
func NewManager(sp Spec, out io.Writer) *Manager {
	if out == nil {
		out = io.Discard
	}
	return &Manager{Spec: sp, Out: out, host: defaultHost()}
}

func (m *Manager) say(format string, args ...any) { fmt.Fprintf(m.Out, format+"\n", args...) }
