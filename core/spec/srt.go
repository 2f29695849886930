package spec

import "strings"

// SRT: MPEG-TS over SRT (srtsink/srtsrc), for links across the internet: retransmission within
// a fixed latency, optional AES encryption with a passphrase.
const (
	// SourceSRT is srt://HOST:PORT?mode=caller (pull from a listener) or srt://:PORT?mode=listener.
	SourceSRT SourceKind = "srt"
	// OutputSRT is srt://HOST:PORT (call a listener, the default) or srt://:PORT?mode=listener.
	OutputSRT OutputKind = "srt"
)

// SRT connection modes (srtsink/srtsrc "mode").
const (
	SRTCaller   = "caller"
	SRTListener = "listener"
)

// SRT passphrases are 10 to 79 bytes (libsrt's SRTO_PASSPHRASE); libsrt refuses others at
// connect time with a message that does not say why.
const (
	minPassphrase = 10
	maxPassphrase = 79
	// DefaultSRTLatencyMS is libsrt's own default: four round trips of a 30 ms link.
	DefaultSRTLatencyMS = 120
)

var srtParams = []string{"mode", "latency", "passphrase", "codec"}

// parseSRT reads srt://HOST:PORT?mode=caller|listener&latency=MS&passphrase=SECRET for a source
// or an output (codec= only for sources: what the transport stream holds). A caller needs a
// host; a listener binds to HOST (an IP address) or to every address when HOST is empty. The
// passphrase is never quoted in a message.
func parseSRT(u uri, source bool) (host string, port int, mode string, latency int, passphrase, codec string, err error) {
	mode, latency, codec = SRTCaller, DefaultSRTLatencyMS, DefaultCodec
	if u.hasFragment {
		return "", 0, "", 0, "", "", bad("fragment", "%s is not allowed", quote("#"+u.fragment))
	}
	if !u.hasAuthority {
		return "", 0, "", 0, "", "", bad("host", "required, e.g. srt://192.168.1.20:9000 or srt://:9000?mode=listener")
	}
	if err = noUserinfo(u); err != nil {
		return "", 0, "", 0, "", "", err
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return "", 0, "", 0, "", "", err
	}
	if !h.hasPort {
		return "", 0, "", 0, "", "", bad("port", "required, e.g. srt://%s:9000", u.hostport)
	}
	if port, err = parsePort(h.port); err != nil {
		return "", 0, "", 0, "", "", err
	}
	if err = checkEmptyPath(u.path); err != nil {
		return "", 0, "", 0, "", "", err
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return "", 0, "", 0, "", "", err
	}
	if p, err := ps.take("mode"); err != nil {
		return "", 0, "", 0, "", "", err
	} else if p != nil {
		mode = strings.ToLower(p.value)
	}
	if p, err := ps.take("latency"); err != nil {
		return "", 0, "", 0, "", "", err
	} else if p != nil {
		if latency, err = parseWhole(p.name, p.value, 0, maxLatencyMS); err != nil {
			return "", 0, "", 0, "", "", err
		}
	}
	if p, err := ps.take("passphrase"); err != nil {
		return "", 0, "", 0, "", "", err
	} else if p != nil {
		passphrase = p.value
	}
	if source {
		if err = takeCodec(ps, &codec); err != nil {
			return "", 0, "", 0, "", "", err
		}
	} else {
		codec = ""
	}
	known := srtParams
	if !source {
		known = srtParams[:3]
	}
	if err = ps.checkAllUsed(known...); err != nil {
		return "", 0, "", 0, "", "", err
	}
	if err = checkSRT(h.host, port, mode, latency, passphrase); err != nil {
		return "", 0, "", 0, "", "", err
	}
	return h.host, port, mode, latency, passphrase, codec, nil
}

// checkSRT checks what parsed and hand-built SRT sources and outputs share.
func checkSRT(host string, port int, mode string, latency int, passphrase string) error {
	switch mode {
	case SRTCaller:
		if err := checkHost(host); err != nil {
			return bad("host", "required in caller mode: the listener to call, e.g. srt://192.168.1.20:9000")
		}
	case SRTListener:
		if err := checkListenAddress(host); err != nil {
			return bad("host", "%s is not an IP address; a listener binds to a local address, or to all with srt://:PORT", quote(host))
		}
	default:
		return bad("mode", "%s is not an SRT mode (use caller or listener)", quote(mode))
	}
	if err := checkPort(port); err != nil {
		return err
	}
	if err := checkRange("latency", latency, 0, maxLatencyMS); err != nil {
		return err
	}
	if passphrase != "" && (len(passphrase) < minPassphrase || len(passphrase) > maxPassphrase) {
		return bad("passphrase", "must be %d to %d characters (SRT's rule), this one has %d", minPassphrase, maxPassphrase, len(passphrase))
	}
	if hasControl(passphrase) {
		return bad("passphrase", "contains a control character")
	}
	return nil
}

func parseSRTSource(u uri) (Source, error) {
	host, port, mode, latency, pass, codec, err := parseSRT(u, true)
	if err != nil {
		return Source{}, err
	}
	return Source{Kind: SourceSRT, Address: host, Port: port, SRTMode: mode, LatencyMS: latency, Passphrase: pass, Codec: codec}, nil
}

func parseSRTOutput(u uri) (Output, error) {
	host, port, mode, latency, pass, _, err := parseSRT(u, false)
	if err != nil {
		return Output{}, err
	}
	return Output{Kind: OutputSRT, Host: host, Port: port, SRTMode: mode, LatencyMS: latency, Passphrase: pass}, nil
}

func (s Source) checkSRTSource() error {
	if err := checkSRT(s.Address, s.Port, s.SRTMode, s.LatencyMS, s.Passphrase); err != nil {
		return err
	}
	if s.Codec != "" {
		return checkCodec("codec", s.Codec)
	}
	return nil
}

func (o Output) checkSRTOutput() error {
	return checkSRT(o.Host, o.Port, o.SRTMode, o.LatencyMS, o.Passphrase)
}

// redactSRTQuery masks the value of every passphrase= of an srt:// URI's query. It works on
// any string, as RedactURI does: the URIs that fail to parse are the ones printed in errors.
func redactSRTQuery(s string) string {
	if len(s) < 4 || !strings.EqualFold(s[:4], "srt:") {
		return s
	}
	q := strings.IndexByte(s, '?')
	if q < 0 {
		return s
	}
	end := len(s)
	if h := strings.IndexByte(s[q:], '#'); h >= 0 {
		end = q + h
	}
	var b strings.Builder
	b.WriteString(s[:q+1])
	for i, kv := range strings.Split(s[q+1:end], "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		if k, _, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, "passphrase") {
			kv = k + "=" + mask
		}
		b.WriteString(kv)
	}
	b.WriteString(s[end:])
	return b.String()
}
