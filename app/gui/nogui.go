//go:build nogui

package gui

import (
	"context"
	"errors"

	"github.com/gstcast/gstcast/core/cli"
)

// Main refuses: this build has no window system (-tags nogui, for headless boards).
func (Windows) Main(context.Context, cli.MainOptions) error {
	return errors.New("built without the desktop app (-tags nogui): run gstcast serve, or gstcast --help for the commands")
}
