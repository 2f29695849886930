package tray

import (
	"fmt"
	"os"
)

// AutostartArg is the argument start at login runs gstcast with: `gstcast tray` starts the
// desktop app in the tray, its main window hidden.
const AutostartArg = "tray"

// AutostartCommand is the command start at login runs: this executable, AutostartArg.
func AutostartCommand() ([]string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("start at login: where is gstcast: %w", err)
	}
	return []string{exe, AutostartArg}, nil
}
