package spec

import (
	"net/netip"
	"strings"
)

var rtpSourceParams = []string{"pt", "codec", "latency", "mux"}

// codecs gstcast can encode, depayload and decode.
var codecs = []string{"h264", "h265"}

// parseRTPSource reads rtp://@:5600, rtp://:5600, rtp://0.0.0.0:5600 (all: any address),
// rtp://239.1.2.3:5600 (a multicast group) and rtp://[::1]:5600. The "@" form is VLC's spelling
// of "listen locally".
func parseRTPSource(u uri) (Source, error) {
	src := Source{Kind: SourceRTP, PayloadType: DefaultPayloadType, Codec: DefaultCodec, LatencyMS: DefaultLatencyMS}
	if err := listenAddress(u, &src, "rtp://@:5600"); err != nil {
		return src, err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeMux(ps, &src.Mux); err != nil {
		return src, err
	}
	if src.Mux == MuxTS {
		src.PayloadType = MP2TPayloadType
	}
	if err := takePayloadType(ps, &src.PayloadType); err != nil {
		return src, err
	}
	if err := takeCodec(ps, &src.Codec); err != nil {
		return src, err
	}
	if err := takeLatency(ps, &src); err != nil {
		return src, err
	}
	return src, ps.checkAllUsed(rtpSourceParams...)
}

// listenAddress reads the authority of a receiving URI (rtp://, udp://): "@:PORT", ":PORT",
// "0.0.0.0:PORT" (any address), a multicast group or a local address, and "[::1]:PORT".
func listenAddress(u uri, src *Source, example string) error {
	if !u.hasAuthority {
		return bad("port", "required, e.g. %s", example)
	}
	if u.userinfo != "" {
		// VLC reads SOURCE@GROUP as source-specific multicast; we do not do that (yet), and
		// anything else before an '@' would be credentials, which RTP has none of.
		return bad("user info", "only an empty one (rtp://@:PORT) is allowed; source-specific multicast is not supported")
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return err
	}
	if h.host != "" {
		a, err := netip.ParseAddr(h.host)
		if err != nil {
			return bad("host", "%s is not an IP address; a receiving source binds to a local address or joins a multicast group", quote(h.host))
		}
		// 0.0.0.0 means any, like no address; "::" is kept, as it asks for an IPv6 socket.
		if !(a.Is4() && a.IsUnspecified()) {
			src.Address = h.host
		}
	}
	if !h.hasPort {
		return bad("port", "required, e.g. %s", example)
	}
	if src.Port, err = parsePort(h.port); err != nil {
		return err
	}
	return checkEmptyPath(u.path)
}

// checkListenAddress checks a hand-built receiving source's address ("" is any).
func checkListenAddress(a string) error {
	if a == "" {
		return nil
	}
	if _, err := netip.ParseAddr(a); err != nil {
		return bad("address", "%s is not an IP address", quote(a))
	}
	return nil
}

// takePayloadType reads pt=0..127 into *pt, leaving the default when absent.
func takePayloadType(ps params, pt *int) error {
	p, err := ps.take("pt")
	if err != nil || p == nil {
		return err
	}
	*pt, err = parseWhole(p.name, p.value, 0, maxPT)
	return err
}

// parseCodec matches case-insensitively and returns the lower-case name.
func parseCodec(part, v string) (string, error) {
	c := strings.ToLower(v)
	if err := checkCodec(part, c); err != nil {
		return "", bad(part, "%s is not supported (supported: %s)", quote(v), strings.Join(codecs, ", "))
	}
	return c, nil
}

func checkCodec(part, c string) error {
	for _, known := range codecs {
		if c == known {
			return nil
		}
	}
	return bad(part, "%s is not supported (supported: %s)", quote(c), strings.Join(codecs, ", "))
}

// checkRTP checks a hand-built rtp source.
func (s Source) checkRTP() error {
	if err := checkListenAddress(s.Address); err != nil {
		return err
	}
	if err := checkMux(s.Mux); err != nil {
		return err
	}
	if err := checkPort(s.Port); err != nil {
		return err
	}
	if err := checkRange("payload type", s.PayloadType, 0, maxPT); err != nil {
		return err
	}
	if s.Codec != "" {
		if err := checkCodec("codec", s.Codec); err != nil {
			return err
		}
	}
	return checkRange("latency", s.LatencyMS, 0, maxLatencyMS)
}
