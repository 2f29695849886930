package spec

import "strings"

const outputSchemes = "rtp"

var rtpOutputParams = []string{"pt", "ttl"}

// ParseOutput parses an output URI:
//
//	rtp://HOST:PORT?pt=96&ttl=4
//
// HOST is an IPv4 address, an IPv6 address in brackets, or a DNS name; PORT is required. The
// error is an *Error naming the bad part; an unknown scheme wraps ErrUnknownScheme.
func ParseOutput(s string) (Output, error) {
	s = strings.TrimSpace(s)
	out, err := parseOutput(s)
	if err != nil {
		return Output{}, inContext(err, "output", s)
	}
	out.URI = s
	return out, nil
}

func parseOutput(s string) (Output, error) {
	out := Output{Kind: OutputRTP, PayloadType: DefaultPayloadType}
	u, err := splitURI(s, "rtp://192.168.1.20:5600")
	if err != nil {
		return out, err
	}
	if u.scheme != "rtp" {
		return out, unknownScheme(u.rawScheme, outputSchemes)
	}
	if u.hasFragment {
		return out, bad("fragment", "%s is not allowed", quote("#"+u.fragment))
	}
	if !u.hasAuthority {
		return out, bad("host", "required, e.g. rtp://192.168.1.20:5600")
	}
	if err := noUserinfo(u); err != nil {
		return out, err
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return out, err
	}
	if err := checkHost(h.host); err != nil {
		return out, err
	}
	out.Host = h.host
	if !h.hasPort {
		return out, bad("port", "required, e.g. rtp://%s:5600", u.hostport)
	}
	if out.Port, err = parsePort(h.port); err != nil {
		return out, err
	}
	if err := checkEmptyPath(u.path); err != nil {
		return out, err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return out, err
	}
	if err := takePayloadType(ps, &out.PayloadType); err != nil {
		return out, err
	}
	p, err := ps.take("ttl")
	if err != nil {
		return out, err
	}
	if p != nil {
		if out.TTL, err = parseWhole(p.name, p.value, 1, maxTTL); err != nil {
			return out, err
		}
	}
	return out, ps.checkAllUsed(rtpOutputParams...)
}

// Validate checks an Output, parsed or built by hand, against the rules ParseOutput applies.
// TTL 0 means the system default.
func (o Output) Validate() error {
	if err := o.check(); err != nil {
		return inContext(err, "output", o.URI)
	}
	return nil
}

func (o Output) check() error {
	switch o.Kind {
	case OutputRTP:
	case "":
		return bad("kind", "not set")
	default:
		return bad("kind", "%s is not an output kind (known: %s)", quote(string(o.Kind)), outputSchemes)
	}
	if err := checkHost(o.Host); err != nil {
		return err
	}
	if err := checkPort(o.Port); err != nil {
		return err
	}
	if err := checkRange("ttl", o.TTL, 0, maxTTL); err != nil {
		return err
	}
	return checkRange("payload type", o.PayloadType, 0, maxPT)
}
