package spec

import "strings"

const outputSchemes = "rtp, udp, srt, rtsp"

var rtpOutputParams = []string{"pt", "ttl", "mux"}

// ParseOutput parses an output URI:
//
//	rtp://HOST:PORT?pt=96&ttl=4
//	rtp://HOST:PORT?mux=ts        (MPEG-TS in RTP, payload type 33: VLC and OpenCV open it with no SDP)
//	udp://HOST:PORT?ttl=4         (raw MPEG-TS over UDP)
//	srt://HOST:PORT?mode=caller|listener&latency=MS&passphrase=SECRET (MPEG-TS in SRT)
//	rtsp://[USER:PASS@]HOST[:PORT]/PATH?transport=tcp   (publish to an RTSP server with RECORD)
//
// A mount of gstcast's own RTSP server (OutputServe) has no URI: it is built by the caller.
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
	switch u.scheme {
	case "rtsp":
		return parsePublishOutput(u)
	case "udp":
		return parseUDPOutput(u)
	case "srt":
		return parseSRTOutput(u)
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
	if err := takeMux(ps, &out.Mux); err != nil {
		return out, err
	}
	if out.Mux == MuxTS {
		out.PayloadType = MP2TPayloadType
	}
	if err := takePayloadType(ps, &out.PayloadType); err != nil {
		return out, err
	}
	if err := takeTTL(ps, &out.TTL); err != nil {
		return out, err
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
	if err := o.checkForeignFields(); err != nil {
		return err
	}
	switch o.Kind {
	case OutputRTP:
		if err := checkMux(o.Mux); err != nil {
			return err
		}
	case OutputUDP:
		return o.checkUDPOutput()
	case OutputSRT:
		return o.checkSRTOutput()
	case OutputServe:
		return o.checkServe()
	case OutputPublish:
		return o.checkPublish()
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

// parsePublishOutput reads rtsp://user:pass@host:8554/path?transport=tcp. As for rtsp sources,
// credentials move out of URL into User and Password.
func parsePublishOutput(u uri) (Output, error) {
	out := Output{Kind: OutputPublish}
	if u.hasFragment {
		return out, bad("fragment", "%s is not allowed", quote("#"+u.fragment))
	}
	src, err := parseRTSPSource(u)
	if err != nil {
		return out, err
	}
	if src.LatencyMS != DefaultLatencyMS {
		return out, bad("latency", "applies to rtsp sources, not to publishing")
	}
	if strings.Trim(u.path, "/") == "" {
		return out, bad("path", "required: the path to publish to, e.g. rtsp://%s/cam", u.hostport)
	}
	out.URL, out.User, out.Password, out.Transport = src.URL, src.User, src.Password, src.Transport
	return out, nil
}

func (o Output) checkPublish() error {
	s := Source{Kind: SourceRTSP, URL: o.URL, User: o.User, Password: o.Password, Transport: o.Transport}
	if err := s.checkRTSP(); err != nil {
		return err
	}
	if strings.HasPrefix(o.URL, "rtsps:") {
		return bad("url", "publishing over rtsps is not supported yet; use rtsp://")
	}
	return nil
}

// checkForeignFields refuses fields that belong to another output kind, so a hand-built
// Output cannot carry settings that would be silently ignored.
func (o Output) checkForeignFields() error {
	rtp, serve, pub, udp, srt := OutputRTP, OutputServe, OutputPublish, OutputUDP, OutputSRT
	for _, f := range []struct {
		name  string
		set   bool
		kinds []OutputKind
	}{
		{"host", o.Host != "", []OutputKind{rtp, udp, srt}},
		{"port", o.Port != 0, []OutputKind{rtp, udp, srt}},
		{"srt mode", o.SRTMode != "", []OutputKind{srt}},
		{"latency", o.LatencyMS != 0, []OutputKind{srt}},
		{"passphrase", o.Passphrase != "", []OutputKind{srt}},
		{"ttl", o.TTL != 0, []OutputKind{rtp, udp}},
		{"mux", o.Mux != "", []OutputKind{rtp}},
		{"mount", o.Mount != "", []OutputKind{serve}},
		{"readers", len(o.Readers) > 0, []OutputKind{serve}},
		{"publishers", len(o.Publishers) > 0, []OutputKind{serve}},
		{"rtx", o.RTX, []OutputKind{serve}},
		{"url", o.URL != "", []OutputKind{pub}},
		{"user", o.User != "", []OutputKind{pub}},
		{"password", o.Password != "", []OutputKind{pub}},
		{"transport", o.Transport != "", []OutputKind{pub}},
	} {
		if !f.set {
			continue
		}
		ok := false
		for _, k := range f.kinds {
			ok = ok || k == o.Kind
		}
		if !ok {
			return bad(f.name, "set on a %s output, which has none", quote(string(o.Kind)))
		}
	}
	return nil
}
