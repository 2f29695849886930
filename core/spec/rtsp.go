package spec

import (
	"net/url"
	"strings"
)

// parseRTSPSource reads rtsp://user:pass@host:8554/path?transport=tcp&latency=50 (and rtsps).
// Credentials move to User and Password so that URL can be logged; transport and latency are
// ours and are removed from URL, while any other query parameter belongs to the server and
// stays, in the user's spelling.
func parseRTSPSource(u uri) (Source, error) {
	src := Source{Kind: SourceRTSP, LatencyMS: DefaultLatencyMS}
	if !u.hasAuthority {
		return src, bad("host", "required, e.g. %s://camera:554/stream", u.scheme)
	}
	if u.hasUserinfo {
		var err error
		if src.User, src.Password, err = parseUserinfo(u.userinfo); err != nil {
			return src, err
		}
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return src, err
	}
	if err := checkHost(h.host); err != nil {
		return src, err
	}
	if h.hasPort {
		if _, err := parsePort(h.port); err != nil {
			return src, err
		}
	}
	if hasControlOrSpace(u.path) {
		return src, bad("path", "%s contains a space or control character (percent-encode it)", quote(u.path))
	}
	if hasControlOrSpace(u.query) {
		return src, bad("query", "contains a space or control character (percent-encode it)")
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	p, err := ps.take("transport")
	if err != nil {
		return src, err
	}
	if p != nil {
		if src.Transport, err = parseTransport(p.name, p.value); err != nil {
			return src, err
		}
	}
	if err := takeLatency(ps, &src); err != nil {
		return src, err
	}
	src.URL = u.scheme + "://" + u.hostport + u.path
	if q := ps.unusedRaw(); q != "" {
		src.URL += "?" + q
	}
	return src, nil
}

// parseUserinfo splits "user:password" at the first ':' and percent-decodes both. Messages
// never quote either: the user name can be as sensitive as the password (tokens are often
// passed as user names).
func parseUserinfo(ui string) (user, password string, err error) {
	rawUser, rawPassword, _ := strings.Cut(ui, ":")
	if user, err = url.PathUnescape(rawUser); err != nil {
		return "", "", bad("user", "has a bad percent-escape")
	}
	if password, err = url.PathUnescape(rawPassword); err != nil {
		return "", "", bad("password", "has a bad percent-escape")
	}
	if hasControl(user) {
		return "", "", bad("user", "contains a control character")
	}
	if hasControl(password) {
		return "", "", bad("password", "contains a control character")
	}
	return user, password, nil
}

// parseTransport reads tcp or udp (rtspsrc's protocols, the two that matter in practice).
func parseTransport(part, v string) (string, error) {
	t := strings.ToLower(v)
	if t != "tcp" && t != "udp" {
		return "", bad(part, "%s is not a transport (use tcp or udp)", quote(v))
	}
	return t, nil
}

// checkRTSP checks a hand-built rtsp source: URL must be an rtsp(s) URL without credentials,
// which belong in User and Password.
func (s Source) checkRTSP() error {
	if s.URL == "" {
		return bad("url", "required")
	}
	u, err := splitURI(s.URL, "rtsp://host/path")
	switch {
	case err != nil:
		return bad("url", "not a valid URL")
	case u.scheme != "rtsp" && u.scheme != "rtsps":
		return bad("url", "scheme %s is not rtsp or rtsps", quote(u.rawScheme))
	case !u.hasAuthority:
		return bad("url", "has no host")
	case u.hasUserinfo:
		return bad("url", "holds credentials; put them in User and Password")
	case u.hasFragment:
		return bad("url", "has a fragment")
	}
	h, err := parseHostPort(u.hostport)
	if err != nil {
		return err
	}
	if err := checkHost(h.host); err != nil {
		return err
	}
	if h.hasPort {
		if _, err := parsePort(h.port); err != nil {
			return err
		}
	}
	if hasControlOrSpace(u.path) || hasControlOrSpace(u.query) {
		return bad("url", "contains a space or control character")
	}
	if hasControl(s.User) {
		return bad("user", "contains a control character")
	}
	if hasControl(s.Password) {
		return bad("password", "contains a control character")
	}
	if s.Transport != "" && s.Transport != "tcp" && s.Transport != "udp" {
		return bad("transport", "%s is not a transport (use tcp or udp)", quote(s.Transport))
	}
	return checkRange("latency", s.LatencyMS, 0, maxLatencyMS)
}
