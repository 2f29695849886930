//go:build !(linux || freebsd || openbsd || netbsd || windows)

package tray

// SetAutostart is not offered here (macOS login items need a signed app bundle).
func SetAutostart(on bool) error { return ErrUnsupported }

// Autostart is not offered here.
func Autostart() (bool, error) { return false, ErrUnsupported }
