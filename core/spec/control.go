package spec

import "strings"

// Control is one camera setting asked for by name, in the order given: a V4L2 control of a
// v4l2:// camera (what `v4l2-ctl --set-ctrl NAME=VALUE` sets, set through v4l2src's
// extra-controls), an Argus setting of an argus:// sensor (a nvarguscamerasrc property such as
// exposuretimerange or wbmode), or a libcamerasrc property of a libcamera:// camera. In a URI it
// is written ctrl.NAME=VALUE: v4l2:///dev/video0?ctrl.exposure_time_absolute=100.
//
// Names and values are checked here for syntax only, so that nothing but a name and a value can
// reach GStreamer; whether the camera has the control, and whether the value is in its range,
// is checked by the plugin, which knows the camera (gstcast devices --controls lists them).
type Control struct {
	Name  string `json:"name" yaml:"name"`
	Value string `json:"value" yaml:"value"`
}

// ControlPrefix starts the query parameters that are camera controls.
const ControlPrefix = "ctrl."

// maxControls bounds the controls of one source; no camera has more settings worth setting.
const maxControls = 64

// controlKinds are the sources whose cameras take controls.
func controlKind(k SourceKind) bool {
	return k == SourceV4L2 || k == SourceArgus || k == SourceLibcamera
}

// takeControls moves every ctrl.NAME=VALUE parameter into src.Controls, in written order.
func takeControls(ps params, src *Source) error {
	for _, p := range ps {
		if len(p.name) < len(ControlPrefix) || !strings.EqualFold(p.name[:len(ControlPrefix)], ControlPrefix) {
			continue
		}
		p.used = true
		c := Control{Name: p.name[len(ControlPrefix):], Value: p.value}
		if p.bare {
			c.Value = "1" // ?ctrl.low_latency_mode: a switch turned on
		}
		src.Controls = append(src.Controls, c)
	}
	return checkControls(src.Kind, src.Controls)
}

// checkControls checks names and values and refuses a control given twice.
func checkControls(kind SourceKind, cs []Control) error {
	if len(cs) > maxControls {
		return bad("controls", "%d given; at most %d", len(cs), maxControls)
	}
	seen := map[string]bool{}
	for _, c := range cs {
		part := ControlPrefix + c.Name
		if err := checkControlName(kind, c.Name); err != nil {
			return err
		}
		if seen[strings.ToLower(c.Name)] {
			return bad(part, "given more than once")
		}
		seen[strings.ToLower(c.Name)] = true
		if err := checkControlValue(part, c.Value); err != nil {
			return err
		}
	}
	return nil
}

// checkControlName: V4L2 controls are spelled as v4l2-ctl and GStreamer spell them (lower case,
// digits, '_'); element properties (Argus, libcamera) use '-' too.
func checkControlName(kind SourceKind, name string) error {
	part := ControlPrefix + name
	if name == "" {
		return bad(part, "needs a name, e.g. ctrl.exposure_time_absolute=100")
	}
	if len(name) > 64 {
		return bad(part, "name longer than 64 characters")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case c == '-' && kind != SourceV4L2:
		case c >= 'A' && c <= 'Z' && kind != SourceV4L2:
		default:
			if kind == SourceV4L2 {
				return bad(part, "%s: V4L2 control names are lower case letters, digits and '_' (as v4l2-ctl --list-ctrls prints them)", quote(name))
			}
			return bad(part, "%s: names are letters, digits, '-' and '_'", quote(name))
		}
	}
	return nil
}

// checkControlValue accepts numbers, words and ranges ("34000 358733000"): nothing that could
// end a GStreamer structure field or smuggle another one in.
func checkControlValue(part, v string) error {
	if v == "" {
		return bad(part, "needs a value")
	}
	if len(v) > 64 {
		return bad(part, "value longer than 64 characters")
	}
	if strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") || strings.Contains(v, "  ") {
		return bad(part, "%s: stray spaces", quote(v))
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isAlnum(c) || strings.IndexByte("_.:+- ", c) >= 0 {
			continue
		}
		return bad(part, "%s holds %q; values are numbers, words or ranges such as \"1 16\"", quote(v), c)
	}
	return nil
}

// ControlsQuery writes controls back as URI query parameters (ctrl.NAME=VALUE&...).
func ControlsQuery(cs []Control) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(ControlPrefix + c.Name + "=" + strings.ReplaceAll(c.Value, " ", "%20"))
	}
	return b.String()
}
