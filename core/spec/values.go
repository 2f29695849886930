package spec

import (
	"strconv"
	"strings"
)

// Limits on values. They are wide enough for any real camera or stream and narrow enough that a
// typo (an extra zero, a swapped field) fails here instead of deep inside GStreamer.
const (
	minDimension = 16   // smallest frame side any H.264 encoder takes (one macroblock)
	maxDimension = 8192 // 8K and then some
	maxFPS       = 240
	maxLatencyMS = 10000
	maxPT        = 127 // RTP payload types are 7 bits
	maxTTL       = 255
	maxPort      = 65535
)

// parseWhole reads a non-negative decimal number in min..max. Signs, spaces and decimals are
// refused: "+30" or "30.0" in a URI is a mistake worth pointing at.
func parseWhole(part, v string, min, max int) (int, error) {
	if v == "" {
		return 0, bad(part, "needs a value")
	}
	if !allDigits(v) {
		return 0, bad(part, "%s is not a whole number", quote(v))
	}
	// Nine digits fit any int; more (after leading zeros) are out of range whatever they say.
	if len(strings.TrimLeft(v, "0")) > 9 {
		return 0, bad(part, "%s is out of range %d..%d", quote(v), min, max)
	}
	n, _ := strconv.Atoi(v)
	if n < min || n > max {
		return 0, bad(part, "%d is out of range %d..%d", n, min, max)
	}
	return n, nil
}

// checkDimension: even, because 4:2:0 video (what H.264 encoders take) halves each side.
func checkDimension(part string, n int) error {
	if n < minDimension || n > maxDimension {
		return bad(part, "%d is out of range %d..%d", n, minDimension, maxDimension)
	}
	if n%2 != 0 {
		return bad(part, "%d is odd; 4:2:0 video needs even sizes", n)
	}
	return nil
}

func parseDimension(part, v string) (int, error) {
	n, err := parseWhole(part, v, 1, maxDimension)
	if err != nil {
		return 0, err
	}
	return n, checkDimension(part, n)
}

// parseFPS reads "30" or "30000/1001" and reduces the fraction ("60/2" is 30/1), so equal rates
// compare equal.
func parseFPS(part, v string) (num, den int, err error) {
	numText, denText, isFraction := strings.Cut(v, "/")
	if !isFraction {
		denText = "1"
	}
	if !allDigits(numText) || !allDigits(denText) {
		return 0, 0, bad(part, "%s is not a frame rate (write e.g. 30 or 30000/1001)", quote(v))
	}
	if num, err = parseWhole(part, numText, 0, 999999999); err != nil {
		return 0, 0, bad(part, "%s is out of range 1..%d frames per second", quote(v), maxFPS)
	}
	if den, err = parseWhole(part, denText, 0, 999999999); err != nil {
		return 0, 0, bad(part, "%s has a huge denominator", quote(v))
	}
	if num == 0 || den == 0 {
		return 0, 0, bad(part, "%s: numerator and denominator must be positive", quote(v))
	}
	g := gcd(num, den)
	num, den = num/g, den/g
	return num, den, checkFPS(part, num, den)
}

// checkFPS wants a rate of 1..240 frames per second; computed in int64 so that no numerator and
// denominator pair can overflow on 32-bit platforms.
func checkFPS(part string, num, den int) error {
	if num <= 0 || den <= 0 {
		return bad(part, "%d/%d: numerator and denominator must be positive", num, den)
	}
	if int64(num) < int64(den) || int64(num) > maxFPS*int64(den) {
		return bad(part, "%d/%d is out of range 1..%d frames per second", num, den, maxFPS)
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// formats are the caps formats gstcast asks sources for, in GStreamer's spelling. MJPG and H264
// are compressed camera outputs: cameras only, never the test source.
var formats = []string{"YUY2", "NV12", "I420", "UYVY", "RGB", "BGR", "BGRx", "GRAY8", "MJPG", "H264"}

// formatAliases are other common names: JPEG names (v4l2-ctl says MJPG, people say mjpeg) and
// YUYV, the V4L2 fourcc of YUY2.
var formatAliases = map[string]string{"mjpeg": "MJPG", "jpeg": "MJPG", "yuyv": "YUY2"}

func isCompressed(format string) bool { return format == "MJPG" || format == "H264" }

// parseFormat matches case-insensitively and returns the canonical spelling.
func parseFormat(part, v string, rawOnly bool) (string, error) {
	canonical := formatAliases[strings.ToLower(v)]
	for _, f := range formats {
		if strings.EqualFold(v, f) {
			canonical = f
		}
	}
	if canonical == "" {
		return "", bad(part, "%s is not a known format (known: %s, or mjpeg/jpeg for MJPG)",
			quote(v), strings.Join(formats, ", "))
	}
	return canonical, checkFormat(part, canonical, rawOnly)
}

// checkFormat accepts the canonical spellings only; rawOnly refuses compressed formats.
func checkFormat(part, format string, rawOnly bool) error {
	known := false
	for _, f := range formats {
		known = known || f == format
	}
	if !known {
		return bad(part, "%s is not a known format (known: %s)", quote(format), strings.Join(formats, ", "))
	}
	if rawOnly && isCompressed(format) {
		return bad(part, "%s is compressed; this source makes raw video only", quote(format))
	}
	return nil
}

// parseBool reads 1/true/yes/on and 0/false/no/off; a bare "?loop" means true.
func parseBool(p *param) (bool, error) {
	if p.bare {
		return true, nil
	}
	switch strings.ToLower(p.value) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, bad(p.name, "%s is not a boolean (use 1/true or 0/false)", quote(p.value))
}

func parsePort(v string) (int, error) { return parseWhole("port", v, 1, maxPort) }

// checkPort is for hand-built values, where 0 means "not set" and is therefore wrong.
func checkPort(port int) error {
	if port < 1 || port > maxPort {
		return bad("port", "%d is out of range 1..%d", port, maxPort)
	}
	return nil
}

// checkRange is the check for hand-built values that parseWhole makes on text.
func checkRange(part string, n, min, max int) error {
	if n < min || n > max {
		return bad(part, "%d is out of range %d..%d", n, min, max)
	}
	return nil
}
