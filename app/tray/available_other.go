//go:build !(linux || freebsd || openbsd || netbsd) && !nogui

package tray

// Available is nil: Windows and macOS always have a notification area.
func Available() error { return nil }

func holdSessionBus() error { return nil }
