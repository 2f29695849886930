package spec

import "strings"

// patterns are videotestsrc's pattern nicknames. A fixed list (rather than whatever the installed
// GStreamer has) keeps this package free of GStreamer and rejects typos before a pipeline starts.
var patterns = []string{
	"smpte", "snow", "black", "white", "red", "green", "blue",
	"checkers-1", "checkers-2", "checkers-4", "checkers-8",
	"circular", "blink", "smpte75", "zone-plate", "gamut", "chroma-zone-plate", "solid-color",
	"ball", "smpte100", "bar", "pinwheel", "spokes", "gradient", "colors", "smpte-rp-219",
}

var testParams = append(append([]string{}, videoParams...), "stamp")

// parseTestSource reads test://PATTERN?... (also test:PATTERN and plain test:). Size and rate
// default to 1280x720@30 so that a test stream is fully described by its URI.
func parseTestSource(u uri) (Source, error) {
	src := Source{Kind: SourceTest}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	name := u.path // test:ball
	if u.hasAuthority {
		if u.path != "" && u.path != "/" {
			return src, bad("path", "%s is not allowed; write test://PATTERN", quote(u.path))
		}
		name = u.hostport
	}
	var err error
	if src.Pattern, err = parsePattern(name); err != nil {
		return src, err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeVideoParams(ps, &src, true); err != nil {
		return src, err
	}
	p, err := ps.take("stamp")
	if err != nil {
		return src, err
	}
	if p != nil {
		if src.Stamp, err = parseBool(p); err != nil {
			return src, err
		}
	}
	if err := ps.checkAllUsed(testParams...); err != nil {
		return src, err
	}
	if src.Width == 0 {
		src.Width = DefaultWidth
	}
	if src.Height == 0 {
		src.Height = DefaultHeight
	}
	if src.FPSNum == 0 {
		src.FPSNum, src.FPSDen = DefaultFPS, 1
	}
	return src, nil
}

// parsePattern matches case-insensitively; "" is the default pattern.
func parsePattern(name string) (string, error) {
	if name == "" {
		return DefaultPattern, nil
	}
	p := strings.ToLower(name)
	if !knownPattern(p) {
		return "", unknownPattern(name)
	}
	return p, nil
}

// checkPattern accepts "" (the default) or a known nickname, for hand-built sources.
func checkPattern(p string) error {
	if p != "" && !knownPattern(p) {
		return unknownPattern(p)
	}
	return nil
}

func knownPattern(p string) bool {
	for _, known := range patterns {
		if p == known {
			return true
		}
	}
	return false
}

func unknownPattern(name string) error {
	return bad("pattern", "%s is not a videotestsrc pattern (known: %s)", quote(name), strings.Join(patterns, ", "))
}
