package tray

import "errors"

var (
	// ErrNoSessionBus says there is no D-Bus session bus: no tray can be made (Fyne's would
	// panic when the app quits, fyne-io/fyne#6403).
	ErrNoSessionBus = errors.New("no D-Bus session bus")
	// ErrNoTrayHost says the session has no tray host (org.kde.StatusNotifierWatcher): a tray
	// can be made, and shows once a host appears, but the user does not see it now.
	ErrNoTrayHost = errors.New("no system tray host")
	// ErrNoGUI says this build has no GUI (-tags nogui).
	ErrNoGUI = errors.New("gstcast was built without GUI (-tags nogui)")
	// ErrUnsupported says this platform has no such thing (a tray, start at login).
	ErrUnsupported = errors.New("not supported on this platform")
)
