//go:build windows

package tray

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"golang.org/x/sys/windows/registry"
)

// The Run key of the user's registry hive: Windows starts each of its values at login.
const (
	runKey   = `Software\Microsoft\Windows\CurrentVersion\Run`
	runValue = "gstcast-tray"
	// approvedKey is where Task Manager's Startup tab records entries the user turned off
	// (first byte odd: disabled).
	approvedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
)

// SetAutostart turns start at login on (the Run value for AutostartCommand) or off.
func SetAutostart(on bool) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE|registry.QUERY_VALUE)
	if err != nil {
		return fmt.Errorf("start at login: HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	if !on {
		if err := k.DeleteValue(runValue); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return fmt.Errorf("start at login: %w", err)
		}
		return nil
	}
	cmd, err := AutostartCommand()
	if err != nil {
		return err
	}
	if err := k.SetStringValue(runValue, commandLine(cmd)); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	// Turned on here means on, even if Task Manager had turned it off.
	if a, err := registry.OpenKey(registry.CURRENT_USER, approvedKey, registry.SET_VALUE); err == nil {
		_ = a.DeleteValue(runValue)
		a.Close()
	}
	return nil
}

// Autostart says whether start at login is on: the Run value is there and Task Manager has
// not turned it off.
func Autostart() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("start at login: %w", err)
	}
	defer k.Close()
	if _, _, err := k.GetStringValue(runValue); errors.Is(err, registry.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("start at login: %w", err)
	}
	if a, err := registry.OpenKey(registry.CURRENT_USER, approvedKey, registry.QUERY_VALUE); err == nil {
		defer a.Close()
		if b, _, err := a.GetBinaryValue(runValue); err == nil && len(b) > 0 && b[0]&1 == 1 {
			return false, nil
		}
	}
	return true, nil
}

// commandLine joins a command as Windows parses it (CommandLineToArgvW rules).
func commandLine(cmd []string) string {
	parts := make([]string, len(cmd))
	for i, a := range cmd {
		parts[i] = syscall.EscapeArg(a)
	}
	if len(parts) > 0 && !strings.HasPrefix(parts[0], `"`) {
		parts[0] = `"` + parts[0] + `"` // the program path is always quoted, as Explorer writes it
	}
	return strings.Join(parts, " ")
}
