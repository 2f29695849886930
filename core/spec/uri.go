package spec

import (
	"net/netip"
	"strings"
)

// uri is a URI split into its raw (still percent-encoded) parts.
//
// We split URIs ourselves rather than with net/url because (1) net/url's errors quote the whole
// URL, password included, (2) we want every failure to name the exact part, and (3) an rtsp URL is
// handed on to GStreamer in the user's own spelling, not re-encoded.
type uri struct {
	rawScheme    string // as written, for messages
	scheme       string // lower case: schemes are case-insensitive (RFC 3986 3.1)
	hasAuthority bool   // "//" followed the scheme
	hasUserinfo  bool   // the authority held an '@' ("rtp://@:5600" has an empty one)
	userinfo     string // raw, before the last '@' of the authority
	hostport     string // raw, after the userinfo
	path         string // raw
	query        string // raw, without the '?'
	hasFragment  bool
	fragment     string // raw, without the '#'
}

// maxURILength bounds input; no camera or stream URI comes close, and it keeps messages sane.
const maxURILength = 4096

// splitURI splits s. examples is shown when the scheme is missing, to say what was expected.
func splitURI(s, examples string) (uri, error) {
	var u uri
	if s == "" {
		return u, bad("", "empty URI (expected e.g. %s)", examples)
	}
	if len(s) > maxURILength {
		return u, bad("", "URI longer than %d bytes", maxURILength)
	}
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !validScheme(s[:colon]) {
		return u, bad("scheme", "missing (expected e.g. %s)", examples)
	}
	u.rawScheme = s[:colon]
	u.scheme = strings.ToLower(u.rawScheme)
	rest := s[colon+1:]
	// The fragment starts at the first '#', the query at the first '?' before it, and the
	// authority ends at the first '/', '?' or '#': cutting in this order gets all three right.
	rest, u.fragment, u.hasFragment = strings.Cut(rest, "#")
	rest, u.query, _ = strings.Cut(rest, "?")
	if !strings.HasPrefix(rest, "//") {
		// "rtsp:user:pass@host" (slashes forgotten): RedactURI masks what looks like a password
		// here, so refuse the URI rather than quote parts of it in a message.
		if _, _, secret := secretSpan(s); secret {
			return u, bad("user info", "the URI seems to hold credentials but lacks the '//' after %q; write %s://user:password@host/...",
				u.rawScheme+":", u.scheme)
		}
		u.path = rest
		return u, nil
	}
	u.hasAuthority = true
	authority := rest[2:]
	if i := strings.IndexByte(authority, '/'); i >= 0 {
		authority, u.path = authority[:i], authority[i:]
	}
	// The last '@' ends the user info, as in net/url: an unencoded '@' in a password still works.
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		u.hasUserinfo = true
		u.userinfo, u.hostport = authority[:at], authority[at+1:]
	} else {
		u.hostport = authority
	}
	if misplacedCredentials(u.hasUserinfo, u.hostport, u.path+u.query+u.fragment) {
		return u, bad("user info", "the URI seems to hold credentials with an unencoded '/', '?' or '#'; "+
			"percent-encode them in the user name and password (%%2F, %%3F, %%23)")
	}
	return u, nil
}

// misplacedCredentials reports the case of "rtsp://user:pa/ss@host": the authority ends early at
// the '/' of the password, so no user info is seen, the "host" fails to parse, and an '@' appears
// further on. Parsing on would quote pieces of the password in messages; RedactURI masks the same
// case, so the two agree on what is secret.
func misplacedCredentials(hasUserinfo bool, hostport, after string) bool {
	if hasUserinfo || !strings.Contains(after, "@") {
		return false
	}
	_, err := parseHostPort(hostport)
	return err != nil
}

// validScheme follows RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func validScheme(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// hostPort is an authority's host and port, syntax checked but not yet judged: whether the host
// must be an IP, may be a name, or may be empty depends on the scheme.
type hostPort struct {
	host    string // without brackets, IPv6 zone decoded ("fe80::1%eth0")
	port    string // digits; "" when absent
	hasPort bool
}

// parseHostPort splits "host", "host:port", "[v6]" or "[v6]:port".
func parseHostPort(hp string) (hostPort, error) {
	var h hostPort
	portPart := ""
	if strings.HasPrefix(hp, "[") {
		end := strings.IndexByte(hp, ']')
		if end < 0 {
			return h, bad("host", "%s lacks its closing ']'", quote(hp))
		}
		// RFC 6874 writes the zone separator as "%25"; accept a bare '%' too.
		literal := strings.Replace(hp[1:end], "%25", "%", 1)
		a, err := netip.ParseAddr(literal)
		if err != nil || !a.Is6() {
			return h, bad("host", "%s is not an IPv6 address (brackets are for IPv6 only)", quote(hp[:end+1]))
		}
		if _, zone, ok := strings.Cut(literal, "%"); ok && !validZone(zone) {
			return h, bad("host", "%s has a bad IPv6 zone", quote(hp[:end+1]))
		}
		h.host = literal
		switch after := hp[end+1:]; {
		case after == "":
		case after[0] == ':':
			h.hasPort, portPart = true, after[1:]
		default:
			return h, bad("host", "%s follows the IPv6 address; expected ':PORT'", quote(after))
		}
	} else {
		if strings.Count(hp, ":") > 1 {
			return h, bad("host", "%s: IPv6 addresses must be in brackets, e.g. [::1]:5600", quote(hp))
		}
		h.host, portPart, h.hasPort = strings.Cut(hp, ":")
	}
	if h.hasPort {
		if portPart == "" {
			return h, bad("port", "empty after ':'")
		}
		if !allDigits(portPart) {
			return h, bad("port", "%s is not a number", quote(portPart))
		}
		h.port = portPart
	}
	return h, nil
}

// validZone accepts interface names and numbers, nothing that could smuggle syntax.
func validZone(z string) bool {
	if z == "" || len(z) > 32 {
		return false
	}
	for i := 0; i < len(z); i++ {
		c := z[i]
		if !isAlnum(c) && c != '.' && c != '_' && c != '-' && c != '~' {
			return false
		}
	}
	return true
}

// checkHost accepts what a sender can reach: an IP address (not 0.0.0.0 or ::) or a DNS name.
func checkHost(host string) error {
	if host == "" {
		return bad("host", "required")
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.IsUnspecified() {
			return bad("host", "%s is the unspecified address; name the machine to reach", quote(host))
		}
		return nil
	}
	return checkHostName(host)
}

// checkHostName accepts RFC 1123 names (letters, digits, '-', plus '_' which container and LAN
// names use). A name whose last label is numeric was meant as an IPv4 address and is not one.
func checkHostName(name string) error {
	n := strings.TrimSuffix(name, ".")
	if n == "" || len(n) > 253 {
		return bad("host", "%s is not a valid host name", quote(name))
	}
	labels := strings.Split(n, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return bad("host", "%s is not a valid host name", quote(name))
		}
		for _, r := range l {
			if r >= 0x80 || !isAlnum(byte(r)) && r != '-' && r != '_' {
				return bad("host", "%s contains %s, which no host name or IP address has", quote(name), quote(string(r)))
			}
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return bad("host", "%s is not a valid IPv4 address", quote(name))
	}
	return nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hasControlOrSpace finds bytes that break a URI or a C string handed to GStreamer.
func hasControlOrSpace(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// hasControl is hasControlOrSpace for values where a space is legitimate (file names, passwords).
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// checkEmptyPath accepts "" and "/": schemes addressed by host and port have no path.
func checkEmptyPath(path string) error {
	if path != "" && path != "/" {
		return bad("path", "%s is not allowed here", quote(path))
	}
	return nil
}
