//go:build nogui

// Package harness is the tray's test app; this build has no GUI.
package harness

import (
	"fmt"
	"io"

	"github.com/gstcast/gstcast/app/tray"
)

// Main says this build has no GUI.
func Main(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, tray.ErrNoGUI)
	return 1
}
