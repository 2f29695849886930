package spec

import (
	"net/url"
	"strconv"
	"strings"
)

// The platform cameras that are not V4L2 device nodes. Their IDs are the ones the platform's
// plugin lists (gstcast devices prints each camera's URI ready to use):
const (
	// SourceArgus is a Jetson CSI sensor through libargus: argus://SENSOR-ID?mode=M&width=…
	SourceArgus SourceKind = "argus"
	// SourceLibcamera is a libcamera camera (Raspberry Pi CSI): libcamera:///base/soc/…/imx708@1a,
	// or libcamera:// for the first camera.
	SourceLibcamera SourceKind = "libcamera"
	// SourceMF is a Windows Media Foundation camera: mf://DEVICE-PATH (percent-encoded; stable
	// across reboots and USB ports) or mf://INDEX (its place in the device list, a fallback).
	SourceMF SourceKind = "mf"
)

// cameraParams are the query parameters every camera takes.
var cameraParams = []string{"width", "height", "fps", "framerate", "format", "ctrl.NAME"}

// maxSensorID bounds Argus sensor ids and modes (nvarguscamerasrc takes 0..255).
const maxSensorID = 255

// IsCamera reports whether a source kind is a capture device listed by `gstcast devices`.
func IsCamera(k SourceKind) bool {
	return k == SourceV4L2 || k == SourceArgus || k == SourceLibcamera || k == SourceMF
}

// parseArgusSource reads argus://0?mode=2&width=1920&height=1080&fps=30&ctrl.wbmode=daylight.
func parseArgusSource(u uri) (Source, error) {
	src := Source{Kind: SourceArgus}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	id := u.hostport
	if id == "" && strings.HasPrefix(u.path, "/") {
		id = u.path[1:] // argus:///0
	} else if u.path != "" && u.path != "/" {
		return src, bad("path", "%s: the sensor id is all an argus URI holds (argus://0)", quote(u.path))
	}
	if id == "" {
		return src, bad("sensor", "required: argus://0 is the first CSI sensor (gstcast devices lists them)")
	}
	n, err := parseWhole("sensor", id, 0, maxSensorID)
	if err != nil {
		return src, err
	}
	src.Device = itoa(n)
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeVideoParams(ps, &src, true); err != nil {
		return src, err
	}
	p, err := ps.take("mode", "sensor-mode")
	if err != nil {
		return src, err
	}
	if p != nil {
		m, err := parseWhole(p.name, p.value, 0, maxSensorID)
		if err != nil {
			return src, err
		}
		src.Mode = itoa(m)
	}
	if err := takeControls(ps, &src); err != nil {
		return src, err
	}
	if err := src.checkArgus(); err != nil {
		return src, err
	}
	return src, ps.checkAllUsed(append([]string{"mode"}, cameraParams...)...)
}

func (s Source) checkArgus() error {
	if _, err := parseWhole("sensor", s.Device, 0, maxSensorID); err != nil {
		return err
	}
	if s.Mode != "" {
		if _, err := parseWhole("mode", s.Mode, 0, maxSensorID); err != nil {
			return err
		}
	}
	if s.Format != "" && s.Format != "NV12" {
		return bad("format", "%s: Argus sensors deliver NV12 only", quote(s.Format))
	}
	return nil
}

// parseLibcameraSource reads libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a?width=…: the camera's
// libcamera id (what libcamerasrc's camera-name takes) is everything after "libcamera://" up to
// the query, percent-decoded; empty means libcamera's first camera.
func parseLibcameraSource(s string) (Source, error) {
	src := Source{Kind: SourceLibcamera}
	rest := s[strings.Index(s, "://")+3:]
	rest, query, _ := strings.Cut(rest, "?")
	name, err := url.PathUnescape(rest)
	if err != nil {
		return src, bad("camera", "%s has a bad percent-escape", quote(rest))
	}
	src.Device = name
	if err := checkCameraID("camera", name, true); err != nil {
		return src, err
	}
	ps, err := parseQuery(query)
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

// parseMFSource reads mf://0 (device index) or mf://%5C%5C%3F%5Cusb%23vid_046d… (the device
// path GstDeviceMonitor reports, with '#' and '?' percent-encoded; backslashes may stay as they are).
func parseMFSource(s string) (Source, error) {
	src := Source{Kind: SourceMF}
	rest := s[strings.Index(s, "://")+3:]
	rest, query, _ := strings.Cut(rest, "?")
	id, err := url.PathUnescape(rest)
	if err != nil {
		return src, bad("device", "%s has a bad percent-escape", quote(rest))
	}
	src.Device = id
	if err := checkCameraID("device", id, false); err != nil {
		return src, err
	}
	ps, err := parseQuery(query)
	if err != nil {
		return src, err
	}
	if err := takeVideoParams(ps, &src, false); err != nil {
		return src, err
	}
	return src, ps.checkAllUsed(cameraParams[:5]...)
}

// checkCameraID wants a printable id of sane length; it is only ever a property value.
func checkCameraID(part, id string, emptyOK bool) error {
	switch {
	case id == "" && emptyOK:
		return nil
	case id == "":
		return bad(part, "required: mf://0 is the first camera, or give the device path gstcast devices prints")
	case len(id) > 512:
		return bad(part, "longer than 512 characters")
	case hasControl(id):
		return bad(part, "%s contains a control character", quote(id))
	}
	return nil
}

// MFDeviceURI writes the source URI of a Media Foundation camera: its device path with the
// characters a URI cannot hold percent-encoded.
func MFDeviceURI(id string) string { return "mf://" + escapeCameraID(id) }

// LibcameraURI writes the source URI of a libcamera camera.
func LibcameraURI(id string) string { return "libcamera://" + escapeCameraID(id) }

// ArgusURI writes the source URI of an Argus sensor.
func ArgusURI(sensorID int) string { return "argus://" + itoa(sensorID) }

func escapeCameraID(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("#?%\"<>^`{|}", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(hex2(c)))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func itoa(n int) string { return strconv.Itoa(n) }
