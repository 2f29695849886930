package spec

import "strings"

// SourceScreen captures a screen: screen://[MONITOR]?display=:0&screen=0&x=&y=&width=&height=&cursor=1&fps=30.
// On Linux X11 (ximagesrc) display and screen pick the X screen and x, y, width and height a
// region of it; on Windows (d3d11screencapturesrc) MONITOR is the monitor's index and x, y,
// width and height a region of that monitor. capture=x11|pipewire chooses the Linux capture API.
const SourceScreen SourceKind = "screen"

// screenCaptures are the capture APIs a screen source may ask for; "" lets the platform choose.
var screenCaptures = []string{"x11", "pipewire", "d3d11"}

var screenParams = []string{"display", "screen", "x", "y", "width", "height", "fps", "framerate", "cursor", "capture"}

// maxScreenNum bounds X screen numbers (a display with more than a handful is unheard of).
const maxScreenNum = 63

// parseScreenSource reads screen://, screen://1 (monitor 1) and the query above. fps defaults
// to 30: a screen changes irregularly, and an encoder wants a steady rate.
func parseScreenSource(u uri) (Source, error) {
	src := Source{Kind: SourceScreen}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	if err := checkEmptyPath(u.path); err != nil {
		return src, bad("path", "%s is not allowed; write screen://MONITOR?…", quote(u.path))
	}
	if u.hostport != "" {
		if !allDigits(u.hostport) {
			return src, bad("monitor", "%s is not a monitor index (0, 1, …); the X display goes in ?display=%s", quote(u.hostport), url0(u.hostport))
		}
		if _, err := parseWhole("monitor", u.hostport, 0, maxScreenNum); err != nil {
			return src, err
		}
		src.Device = strings.TrimLeft(u.hostport, "0")
		if src.Device == "" {
			src.Device = "0"
		}
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	p, err := ps.take("display")
	if err != nil {
		return src, err
	}
	if p != nil {
		src.Display = p.value
	}
	for _, d := range []struct {
		name string
		dst  *int
		max  int
	}{{"screen", &src.ScreenNum, maxScreenNum}, {"x", &src.X, maxDimension}, {"y", &src.Y, maxDimension}} {
		p, err := ps.take(d.name)
		if err != nil {
			return src, err
		}
		if p != nil {
			if *d.dst, err = parseWhole(p.name, p.value, 0, d.max); err != nil {
				return src, err
			}
		}
	}
	for _, d := range []struct {
		name string
		dst  *int
	}{{"width", &src.Width}, {"height", &src.Height}} {
		p, err := ps.take(d.name)
		if err != nil {
			return src, err
		}
		if p != nil {
			if *d.dst, err = parseDimension(p.name, p.value); err != nil {
				return src, err
			}
		}
	}
	if p, err = ps.take("fps", "framerate"); err != nil {
		return src, err
	}
	if p != nil {
		if src.FPSNum, src.FPSDen, err = parseFPS(p.name, p.value); err != nil {
			return src, err
		}
	}
	if p, err = ps.take("cursor"); err != nil {
		return src, err
	}
	if p != nil {
		if src.Cursor, err = parseBool(p); err != nil {
			return src, err
		}
	}
	if p, err = ps.take("capture"); err != nil {
		return src, err
	}
	if p != nil {
		src.Capture = strings.ToLower(p.value)
	}
	if err := ps.checkAllUsed(screenParams...); err != nil {
		return src, err
	}
	if src.FPSNum == 0 {
		src.FPSNum, src.FPSDen = DefaultFPS, 1
	}
	return src, src.checkScreen()
}

// url0 suggests the display spelling for a mistaken screen://:0 style authority.
func url0(hostport string) string {
	if strings.HasPrefix(hostport, ":") {
		return hostport
	}
	return ":" + hostport
}

// checkScreen checks a screen source, parsed or built by hand.
func (s Source) checkScreen() error {
	if s.Display != "" {
		if err := checkDisplay(s.Display); err != nil {
			return err
		}
	}
	if s.Device != "" {
		if !allDigits(s.Device) {
			return bad("monitor", "%s is not a monitor index", quote(s.Device))
		}
		if _, err := parseWhole("monitor", s.Device, 0, maxScreenNum); err != nil {
			return err
		}
	}
	if err := checkRange("screen", s.ScreenNum, 0, maxScreenNum); err != nil {
		return err
	}
	if err := checkRange("x", s.X, 0, maxDimension); err != nil {
		return err
	}
	if err := checkRange("y", s.Y, 0, maxDimension); err != nil {
		return err
	}
	// A region is a size; a corner without one would be silently ignored.
	if (s.Width == 0) != (s.Height == 0) {
		return bad("width", "a region needs both width and height (or neither, for the whole screen)")
	}
	if s.Width == 0 && (s.X != 0 || s.Y != 0) {
		return bad("x", "x and y place a region: give its width and height too")
	}
	if s.Width != 0 {
		if err := checkDimension("width", s.Width); err != nil {
			return err
		}
		if err := checkDimension("height", s.Height); err != nil {
			return err
		}
	}
	if s.FPSNum != 0 || s.FPSDen != 0 {
		if err := checkFPS("fps", s.FPSNum, s.FPSDen); err != nil {
			return err
		}
	}
	if s.Capture != "" {
		ok := false
		for _, c := range screenCaptures {
			ok = ok || c == s.Capture
		}
		if !ok {
			return bad("capture", "%s is not a capture API (known: %s)", quote(s.Capture), strings.Join(screenCaptures, ", "))
		}
	}
	return nil
}

// checkDisplay accepts X display names: [HOST]:NUMBER[.SCREEN] (":0", ":99.0", "localhost:10").
// It ends up in ximagesrc's display-name, which Xlib parses; anything else is a typo.
func checkDisplay(d string) error {
	host, rest, ok := strings.Cut(d, ":")
	if !ok || rest == "" {
		return bad("display", "%s is not an X display name (write e.g. :0 or :99)", quote(d))
	}
	num, scr, hasScreen := strings.Cut(rest, ".")
	if !allDigits(num) || hasScreen && !allDigits(scr) {
		return bad("display", "%s is not an X display name (write e.g. :0 or :99)", quote(d))
	}
	if host != "" {
		if err := checkHost(host); err != nil {
			return bad("display", "%s has a bad host name", quote(d))
		}
	}
	return nil
}
