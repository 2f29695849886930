package cli

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gstcast/gstcast/core/control"
)

// Windows opens gstcast's windows. The CLI declares what it needs and main.go hands it the
// desktop app's implementation (app/gui), because no core package may import the GUI.
type Windows interface {
	// View shows the running view name of b in a window until the window is closed or ctx ends.
	View(ctx context.Context, b control.Backend, name string, o ViewWindow) error
	// Main opens the desktop app's main window (gstcast with no arguments) and returns when the
	// app quits or ctx ends. Without a display it fails at once, saying so.
	Main(ctx context.Context, o MainOptions) error
}

// MainOptions configure the desktop app.
type MainOptions struct {
	Log *slog.Logger
	// ConfigPath is the config file of the engine the app starts when no daemon runs; ""
	// means the user's (os.UserConfigDir()/gstcast/gstcast.yaml).
	ConfigPath string
	// Standalone starts the app's own engine even when a daemon runs.
	Standalone bool
	// Hidden starts with the main window hidden where a tray runs (gstcast tray, at login).
	Hidden bool
}

// ViewWindow configures one viewer window.
type ViewWindow struct {
	URL         string // shown in the title, credentials masked
	SnapshotDir string // "" = the user's Pictures folder
	FullScreen  bool
	Log         *slog.Logger
	// OnShown is called with each frame once it is on the canvas (seq, the sender's capture
	// time in Unix ms or 0, and when it was shown): first-frame and latency reports.
	OnShown func(seq uint64, captureUnixMs int64, at time.Time)
}

// noWindows is what a build without GUI offers.
type noWindows struct{}

func (noWindows) View(context.Context, control.Backend, string, ViewWindow) error {
	return errNoWindows
}

func (noWindows) Main(context.Context, MainOptions) error { return errNoWindows }

var errNoWindows = errors.New("this gstcast has no windows (built with -tags nogui or without the desktop app): use gstcast serve, or gstcast --help for the commands")
