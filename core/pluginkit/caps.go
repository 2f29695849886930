package pluginkit

import (
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// ParseCaps turns a device's caps string (as gst_caps_to_string writes it) into formats:
//
//	video/x-raw, format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction){ 30/1, 15/1 }; image/jpeg, …
//
// Ranges and lists of sizes are skipped (cameras list discrete sizes); pure Go, fuzzed.
func ParseCaps(caps string) []pluginapi.VideoFormat {
	var out []pluginapi.VideoFormat
	for _, st := range splitTop(caps, ';') {
		fields := splitTop(st, ',')
		if len(fields) == 0 {
			continue
		}
		media := strings.TrimSpace(fields[0])
		if i := strings.IndexByte(media, '('); i >= 0 { // video/x-raw(memory:NVMM)
			media = media[:i]
		}
		f := pluginapi.VideoFormat{}
		switch media {
		case "image/jpeg":
			f.Format = "MJPG"
		case "video/x-h264":
			f.Format = "H264"
		case "video/x-raw":
		default:
			continue
		}
		for _, kv := range fields[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			k, v = strings.TrimSpace(k), stripType(strings.TrimSpace(v))
			switch k {
			case "format":
				if f.Format == "" {
					f.Format = v
				}
			case "width":
				f.Width, _ = strconv.Atoi(v)
			case "height":
				f.Height, _ = strconv.Atoi(v)
			case "framerate":
				f.Framerates = parseRates(v)
			}
		}
		if f.Format != "" && f.Width > 0 && f.Height > 0 {
			out = append(out, f)
		}
	}
	return out
}

// stripType removes a leading (type) annotation: (int)640 → 640, (fraction){ 30/1 } → { 30/1 }.
func stripType(v string) string {
	if strings.HasPrefix(v, "(") {
		if i := strings.IndexByte(v, ')'); i > 0 {
			return strings.TrimSpace(v[i+1:])
		}
	}
	return v
}

func parseRates(v string) []pluginapi.Fraction {
	if strings.Contains(v, "[") {
		return nil // a range: the camera takes any rate in it, nothing discrete to list
	}
	v = strings.Trim(v, "{} ")
	var out []pluginapi.Fraction
	for _, r := range strings.Split(v, ",") {
		r = stripType(strings.TrimSpace(r))
		n, d, ok := strings.Cut(r, "/")
		if !ok {
			continue
		}
		num, err1 := strconv.Atoi(strings.TrimSpace(n))
		den, err2 := strconv.Atoi(strings.TrimSpace(d))
		if err1 == nil && err2 == nil && num > 0 && den > 0 {
			out = append(out, pluginapi.Fraction{Num: num, Den: den})
		}
	}
	return out
}

// splitTop splits on sep outside of {} [] () and quotes.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start, quoted := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '{' || c == '[' || c == '(' || c == '<':
			depth++
		case c == '}' || c == ']' || c == ')' || c == '>':
			if depth > 0 {
				depth--
			}
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
