package spec

import (
	"net/url"
	"strings"
)

// param is one "name=value" piece of a query.
type param struct {
	name  string // decoded, as written (for messages)
	value string // decoded
	bare  bool   // written without '=' ("?loop"), which booleans read as true
	raw   string // the undecoded piece, kept for rtsp pass-through
	used  bool   // taken by a scheme's parser; what is left over is unknown
}

// params is a query in written order. It is not a map: unknown parameters must be reported
// (a typo like "widht" must not pass silently), and rtsp keeps the ones it does not know.
type params []*param

// parseQuery splits a raw query. Empty pieces ("a=1&&b=2", a trailing '&') are skipped.
func parseQuery(raw string) (params, error) {
	var ps params
	if raw == "" {
		return nil, nil
	}
	for _, piece := range strings.Split(raw, "&") {
		if piece == "" {
			continue
		}
		rawName, rawValue, hasValue := strings.Cut(piece, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, bad("query", "parameter name %s has a bad percent-escape", quote(rawName))
		}
		if name == "" {
			return nil, bad("query", "parameter %s has no name", quote(piece))
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, bad(name, "value %s has a bad percent-escape", quote(rawValue))
		}
		ps = append(ps, &param{name: name, value: value, bare: !hasValue, raw: piece})
	}
	return ps, nil
}

// take returns the parameter written under any of names (aliases such as fps and framerate;
// case-insensitive), or nil. Giving it twice is an error: which value was meant is a guess we
// refuse to make.
func (ps params) take(names ...string) (*param, error) {
	var found *param
	for _, p := range ps {
		for _, n := range names {
			if !strings.EqualFold(p.name, n) {
				continue
			}
			if found != nil {
				if strings.EqualFold(found.name, p.name) {
					return nil, bad(p.name, "given more than once")
				}
				return nil, bad(p.name, "%s and %s both given; use one", quote(found.name), quote(p.name))
			}
			found = p
			p.used = true
		}
	}
	return found, nil
}

// checkAllUsed reports the first parameter no parser took, listing the known ones.
func (ps params) checkAllUsed(known ...string) error {
	for _, p := range ps {
		if !p.used {
			return bad(unknownParamPart(p.name), "unknown (known: %s)", strings.Join(known, ", "))
		}
	}
	return nil
}

// unknownParamPart names a parameter that has no meaning here, quoted so the typo stands out.
func unknownParamPart(name string) string {
	return "query parameter " + quote(name)
}

// unusedRaw joins the raw pieces no parser took, for handing a query on unchanged.
func (ps params) unusedRaw() string {
	var kept []string
	for _, p := range ps {
		if !p.used {
			kept = append(kept, p.raw)
		}
	}
	return strings.Join(kept, "&")
}
