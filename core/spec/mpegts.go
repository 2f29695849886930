package spec

import "strings"

// MPEG-TS kinds: what VLC, ffplay and OpenCV open with no SDP file. Bare H.264 RTP uses a
// dynamic payload type (96) that only an SDP can describe; MPEG-TS in RTP has the static payload
// type 33 and carries its own stream description, and raw TS over UDP needs nothing at all.
const (
	// MuxTS puts the video in an MPEG transport stream (mpegtsmux ! rtpmp2tpay in RTP).
	MuxTS = "ts"
	// MP2TPayloadType is RTP's static payload type for MPEG-TS (RFC 3551).
	MP2TPayloadType = 33
)

const (
	// SourceUDP is raw MPEG-TS over UDP: udp://@:PORT or udp://239.1.2.3:PORT.
	SourceUDP SourceKind = "udp"
	// OutputUDP is raw MPEG-TS over UDP: udp://HOST:PORT.
	OutputUDP OutputKind = "udp"
)

var (
	udpOutputParams = []string{"ttl"}
	udpSourceParams = []string{"codec"}
)

// takeMux reads mux=ts. Only ts exists; "rtp" (bare RTP) is the default and may be written.
func takeMux(ps params, mux *string) error {
	p, err := ps.take("mux")
	if err != nil || p == nil {
		return err
	}
	switch m := strings.ToLower(p.value); m {
	case MuxTS:
		*mux = MuxTS
	case "rtp", "":
		*mux = ""
	default:
		return bad(p.name, "%s is not a mux (use ts for MPEG-TS in RTP, which VLC and OpenCV open without SDP)", quote(p.value))
	}
	return nil
}

func checkMux(mux string) error {
	if mux != "" && mux != MuxTS {
		return bad("mux", "%s is not a mux (known: ts)", quote(mux))
	}
	return nil
}

// parseUDPOutput reads udp://HOST:PORT?ttl=N: raw MPEG-TS, seven 188-byte packets a datagram.
func parseUDPOutput(u uri) (Output, error) {
	out := Output{Kind: OutputUDP}
	h, err := senderHostPort(u, "udp://192.168.1.20:1234")
	if err != nil {
		return out, err
	}
	out.Host = h.host
	if out.Port, err = parsePort(h.port); err != nil {
		return out, err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return out, err
	}
	if err := takeTTL(ps, &out.TTL); err != nil {
		return out, err
	}
	return out, ps.checkAllUsed(udpOutputParams...)
}

// senderHostPort checks what every HOST:PORT output URI has in common: an authority with a
// reachable host, a port, no credentials, no path, no fragment.
func senderHostPort(u uri, example string) (hostPort, error) {
	if u.hasFragment {
		return hostPort{}, bad("fragment", "%s is not allowed", quote("#"+u.fragment))
	}
	if !u.hasAuthority {
		return hostPort{}, bad("host", "required, e.g. %s", example)
	}
	if err := noUserinfo(u); err != nil {
		return hostPort{}, err
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return h, err
	}
	if err := checkHost(h.host); err != nil {
		return h, err
	}
	if !h.hasPort {
		return h, bad("port", "required, e.g. %s://%s:1234", u.scheme, u.hostport)
	}
	return h, checkEmptyPath(u.path)
}

func takeTTL(ps params, ttl *int) error {
	p, err := ps.take("ttl")
	if err != nil || p == nil {
		return err
	}
	*ttl, err = parseWhole(p.name, p.value, 1, maxTTL)
	return err
}

// parseUDPSource reads udp://@:PORT, udp://239.1.2.3:PORT?codec=h265: raw MPEG-TS in. The
// address forms are rtp's (VLC's "@" means listen locally).
func parseUDPSource(u uri) (Source, error) {
	src := Source{Kind: SourceUDP, Codec: DefaultCodec}
	if err := listenAddress(u, &src, "udp://@:1234"); err != nil {
		return src, err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeCodec(ps, &src.Codec); err != nil {
		return src, err
	}
	return src, ps.checkAllUsed(udpSourceParams...)
}

func takeCodec(ps params, codec *string) error {
	p, err := ps.take("codec")
	if err != nil || p == nil {
		return err
	}
	*codec, err = parseCodec(p.name, p.value)
	return err
}

// checkUDP checks a hand-built udp source: rtp's rules without payload type or latency.
func (s Source) checkUDP() error {
	if err := checkListenAddress(s.Address); err != nil {
		return err
	}
	if err := checkPort(s.Port); err != nil {
		return err
	}
	if s.Codec != "" {
		return checkCodec("codec", s.Codec)
	}
	return nil
}

// checkUDPOutput checks a hand-built udp output.
func (o Output) checkUDPOutput() error {
	if err := checkHost(o.Host); err != nil {
		return err
	}
	if err := checkPort(o.Port); err != nil {
		return err
	}
	return checkRange("ttl", o.TTL, 0, maxTTL)
}
