//go:build !nogui

package viewer

import (
	"errors"
	"os"
	"runtime"
)

// checkDisplay fails early and clearly where no window can open: Fyne's X11 driver would
// otherwise abort deep inside GLFW on a headless box.
func checkDisplay() error {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return nil
	}
	if os.Getenv("DISPLAY") == "" {
		return errors.New("no display: DISPLAY is not set (the viewer needs a desktop session; " +
			"on a headless machine use gstcast serve)")
	}
	return nil
}

// CheckDisplay says, before anything is started, whether a window can open here (the main
// window checks it too): nil, or an error that names the missing display.
func CheckDisplay() error { return checkDisplay() }
