//go:build !nogui && (windows || darwin)

package gui

// trayHost: Windows and macOS always have a notification area / menu bar.
func trayHost() (bool, string) { return true, "" }
