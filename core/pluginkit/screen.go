package pluginkit

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// checkScreenSource finds out before building whether an X screen source's display is there:
// ximagesrc's own error ("Could not open X display for reading") names neither the display
// nor what to do. A display that is missing now is final (a typo, or no X server in the
// service's session); one that exists is opened by ximagesrc.
func checkScreenSource(src spec.Source, getenv func(string) string) error {
	if runtime.GOOS == "windows" || src.Capture != "" && src.Capture != "x11" {
		return nil
	}
	display := src.Display
	if display == "" {
		display = getenv("DISPLAY")
		if display == "" {
			return fmt.Errorf("screen: no X display: this plugin's DISPLAY is not set (a service has none); name one with screen://?display=:0: %w",
				pluginapi.ErrDeviceNotFound)
		}
	}
	if err := dialX(display); err != nil {
		return fmt.Errorf("screen: X display %s is not there (%v): is an X server running on it, and may this user open it?: %w",
			display, err, pluginapi.ErrDeviceNotFound)
	}
	return nil
}

// dialX connects to an X display the way Xlib finds it: ":N" on the local socket (abstract or
// in /tmp/.X11-unix), "HOST:N" on TCP port 6000+N. It only connects and closes.
func dialX(display string) error {
	host, rest, ok := strings.Cut(display, ":")
	if !ok {
		return fmt.Errorf("%q is not an X display name", display)
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil {
		return fmt.Errorf("%q is not an X display name", display)
	}
	var c net.Conn
	if host == "" || host == "unix" {
		path := "/tmp/.X11-unix/X" + num
		if c, err = net.DialTimeout("unix", "@"+path, 2*time.Second); err != nil {
			c, err = net.DialTimeout("unix", path, 2*time.Second)
		}
		if err != nil {
			_, statErr := os.Stat(path)
			if statErr != nil {
				return fmt.Errorf("no %s", path)
			}
			return err
		}
	} else if c, err = net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), 2*time.Second); err != nil {
		return err
	}
	return c.Close()
}
