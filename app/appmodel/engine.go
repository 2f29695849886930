package appmodel

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/control"
)

// EngineChoice says which engine the window drives. The window always shows it: a user who
// stops a stream must know whether that was the system service, a daemon, or the app's own.
type EngineChoice struct {
	// Kind is control.KindSystem, control.KindUser (a daemon or another app), or control.KindOwn
	// for the daemon this app started inside itself because none was running.
	Kind    string
	Address string // the socket or URL of a daemon
	Config  string // the config file the engine runs from
	PID     int
	// ViewsHere says views run in an engine of this app's own (the system service serves no
	// views: its frame rings are not this user's to map).
	ViewsHere bool
	// Notes are things the user must hear at start: a config file set aside, a socket this user
	// may not use.
	Notes []string
	// Err is why no engine could be had at all ("" when there is one).
	Err string
	// Starting says the engine is being looked for or started.
	Starting bool
}

// Text is the one line the window's header shows.
func (e EngineChoice) Text() string {
	var t string
	switch {
	case e.Starting:
		return "Engine: starting (looking for a running daemon, else starting gstcast's own)…"
	}
	switch e.Kind {
	case control.KindOwn:
		t = "Engine: gstcast's own, inside this app (no daemon was running); it stops when the app quits"
	case control.KindSystem:
		t = "Engine: the system service at " + e.Address
		if e.ViewsHere {
			t += " (viewer windows decode in this app)"
		}
	case control.KindUser:
		t = "Engine: the gstcast daemon at " + e.Address
		if e.PID != 0 {
			t += fmt.Sprintf(" (pid %d)", e.PID)
		}
	default:
		t = "Engine: none"
	}
	if e.Err != "" {
		t += ": " + e.Err
	}
	return t
}

// ConfigText names the config file the streams are saved in.
func (e EngineChoice) ConfigText() string {
	if e.Config == "" {
		return "This engine has no config file: streams added here last until it stops."
	}
	return "Streams and settings are saved in " + e.Config
}

// NoteText is every note in one paragraph.
func (e EngineChoice) NoteText() string { return strings.Join(e.Notes, "\n") }
