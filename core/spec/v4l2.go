package spec

import (
	"net/url"
	"path"
	"strings"
)

// parseV4L2Source reads v4l2:///dev/video0?width=&height=&fps=&format=&ctrl.NAME=VALUE (also
// v4l2:/dev/video0); ctrl.* are V4L2 controls, set in order (see Control).
// The device lives in the path; the host must stay empty, as in file URIs.
func parseV4L2Source(u uri) (Source, error) {
	src := Source{Kind: SourceV4L2}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	if u.hostport != "" {
		return src, bad("host", "%s given, but the device goes in the path: v4l2:///dev/video0 (three slashes)", quote(u.hostport))
	}
	device, err := url.PathUnescape(u.path)
	if err != nil {
		return src, bad("device", "%s has a bad percent-escape", quote(u.path))
	}
	if err := checkDevice(device); err != nil {
		return src, err
	}
	src.Device = device
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeVideoParams(ps, &src, false); err != nil {
		return src, err
	}
	if err := takeControls(ps, &src); err != nil {
		return src, err
	}
	return src, ps.checkAllUsed(cameraParams...)
}

// checkDevice wants a clean absolute path under /dev (udev links such as /dev/v4l/by-id/... too).
// A device path is opened, never interpreted, but "/dev/../etc/x" is still not a camera.
func checkDevice(device string) error {
	switch {
	case device == "":
		return bad("device", "required, e.g. v4l2:///dev/video0")
	case !strings.HasPrefix(device, "/"):
		return bad("device", "%s must be an absolute path such as /dev/video0", quote(device))
	case hasControlOrSpace(device):
		return bad("device", "%s contains a space or control character", quote(device))
	case path.Clean(device) != device:
		return bad("device", "%s is not a clean path (try %s)", quote(device), quote(path.Clean(device)))
	case !strings.HasPrefix(device, "/dev/"):
		return bad("device", "%s is not under /dev", quote(device))
	}
	return nil
}
