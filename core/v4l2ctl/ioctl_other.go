//go:build !linux

package v4l2ctl

import (
	"errors"
	"runtime"
)

var errNotLinux = errors.New("V4L2 devices exist on Linux only, not on " + runtime.GOOS)

// QueryCap asks a device node what it is; V4L2 exists on Linux only.
func QueryCap(path string) (Capability, error) { return Capability{}, errNotLinux }

// List enumerates a device node's controls; V4L2 exists on Linux only.
func List(path string) ([]Control, error) { return nil, errNotLinux }
