package spec

import (
	"net/netip"
	"strconv"
	"strings"
)

// DefaultRTSPPort is where gstcast's RTSP server listens unless told otherwise.
const DefaultRTSPPort = 8554

// RTSPServer is how a plugin's RTSP server listens and whom it lets in. Every mount on one
// address and port must carry the same settings.
type RTSPServer struct {
	Address string `json:"address,omitempty"` // listen address; "" means all interfaces (0.0.0.0)
	Port    int    `json:"port,omitempty"`    // 0 means DefaultRTSPPort
	Threads int    `json:"threads,omitempty"` // request threads; 0 means one per CPU (at least 2)
	// TLSCert and TLSKey are PEM text; when set the server speaks RTSPS only.
	TLSCert string `json:"tls_cert,omitempty"`
	TLSKey  string `json:"tls_key,omitempty"`
	// Auth lists the methods offered to clients: "basic", "digest" (both when empty).
	Auth  []string `json:"auth,omitempty"`
	Users []User   `json:"users,omitempty"`
	// Multicast readers get addresses from this range ("224.3.0.0-224.3.0.255"); "" disables it.
	MulticastRange string `json:"multicast_range,omitempty"`
	MulticastPorts string `json:"multicast_ports,omitempty"` // "5000-5999"
	MulticastTTL   int    `json:"multicast_ttl,omitempty"`
}

// User is an account of the RTSP server.
type User struct {
	Name     string `json:"name"`
	Password string `json:"password,omitempty"`
}

// AnyUser in a reader or publisher list lets anyone in, without credentials.
const AnyUser = "*"

// WithDefaults fills in the listen address and port.
func (s RTSPServer) WithDefaults() RTSPServer {
	if s.Address == "" {
		s.Address = "0.0.0.0"
	}
	if s.Port == 0 {
		s.Port = DefaultRTSPPort
	}
	return s
}

// Validate checks the settings (not whether the port is free: the plugin finds that out).
func (s RTSPServer) Validate() error {
	if s.Address != "" {
		if _, err := netip.ParseAddr(s.Address); err != nil {
			return bad("rtsp address", "%s is not an IP address", quote(s.Address))
		}
	}
	if err := checkRange("rtsp port", s.Port, 0, 65535); err != nil {
		return err
	}
	if err := checkRange("rtsp threads", s.Threads, 0, 1024); err != nil {
		return err
	}
	if (s.TLSCert == "") != (s.TLSKey == "") {
		return bad("tls", "needs both a certificate and its key")
	}
	for _, a := range s.Auth {
		if a != "basic" && a != "digest" {
			return bad("auth", "%s is not an authentication method (use basic or digest)", quote(a))
		}
	}
	seen := map[string]bool{}
	for _, u := range s.Users {
		if err := checkUserName(u.Name); err != nil {
			return err
		}
		if seen[u.Name] {
			return bad("users", "%s is listed twice", quote(u.Name))
		}
		seen[u.Name] = true
		if u.Password == "" {
			return bad("users", "%s has no password", quote(u.Name))
		}
		if hasControl(u.Password) {
			return bad("users", "the password of %s contains a control character", quote(u.Name))
		}
	}
	if s.MulticastRange != "" {
		if _, _, err := MulticastRange(s.MulticastRange); err != nil {
			return err
		}
		if _, _, err := PortRange(s.MulticastPorts); err != nil {
			return err
		}
		if err := checkRange("multicast ttl", s.MulticastTTL, 0, maxTTL); err != nil {
			return err
		}
	}
	return nil
}

// checkUserName allows what survives in an Authorization header and a config file unquoted.
func checkUserName(n string) error {
	if n == "" {
		return bad("users", "a user has no name")
	}
	if len(n) > 64 {
		return bad("users", "user name longer than 64 bytes")
	}
	for _, r := range n {
		ok := r == '-' || r == '_' || r == '.' || r == '@' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return bad("users", "user name %s may hold only letters, digits and - _ . @", quote(n))
		}
	}
	return nil
}

// MulticastRange parses "FROM-TO" (IPv4 multicast addresses, FROM <= TO).
func MulticastRange(s string) (from, to string, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return "", "", bad("multicast range", "%s is not FROM-TO, e.g. 224.3.0.0-224.3.0.255", quote(s))
	}
	fa, err1 := netip.ParseAddr(strings.TrimSpace(a))
	ta, err2 := netip.ParseAddr(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || !fa.Is4() || !ta.Is4() || !fa.IsMulticast() || !ta.IsMulticast() {
		return "", "", bad("multicast range", "%s: both ends must be IPv4 multicast addresses (224.0.0.0/4)", quote(s))
	}
	if ta.Less(fa) {
		return "", "", bad("multicast range", "%s ends before it starts", quote(s))
	}
	return fa.String(), ta.String(), nil
}

// PortRange parses "MIN-MAX" UDP ports; "" means 5000-5999.
func PortRange(s string) (lo, hi int, err error) {
	if s == "" {
		return 5000, 5999, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, bad("multicast ports", "%s is not MIN-MAX, e.g. 5000-5999", quote(s))
	}
	if lo, err = parsePort(strings.TrimSpace(a)); err != nil {
		return 0, 0, err
	}
	if hi, err = parsePort(strings.TrimSpace(b)); err != nil {
		return 0, 0, err
	}
	if hi < lo {
		return 0, 0, bad("multicast ports", "%s ends before it starts", quote(s))
	}
	return lo, hi, nil
}

// CheckMount checks a mount name: path segments of letters, digits, - _ . with no empty,
// "." or ".." segment, so it maps to exactly one rtsp:// path.
func CheckMount(m string) error {
	if m == "" {
		return bad("mount", "required, e.g. cam")
	}
	if len(m) > 128 {
		return bad("mount", "longer than 128 bytes")
	}
	for _, seg := range strings.Split(m, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return bad("mount", "%s has an empty, . or .. path segment", quote(m))
		}
		for _, r := range seg {
			ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !ok {
				return bad("mount", "%s may hold only letters, digits, - _ . and /", quote(m))
			}
		}
	}
	return nil
}

// checkServe checks a serve output: the mount, the server, and that every listed user exists.
func (o Output) checkServe() error {
	if err := CheckMount(o.Mount); err != nil {
		return err
	}
	if err := o.Server.Validate(); err != nil {
		return err
	}
	known := map[string]bool{AnyUser: true}
	for _, u := range o.Server.Users {
		known[u.Name] = true
	}
	for _, l := range []struct {
		what  string
		names []string
	}{{"readers", o.Readers}, {"publishers", o.Publishers}} {
		for _, n := range l.names {
			if !known[n] {
				return bad(l.what, "%s is not a user of the server", quote(n))
			}
		}
	}
	return nil
}

// ServeURL is the URL readers use for a serve output, with host standing for the server's
// address when it listens on all interfaces.
func (o Output) ServeURL(host string, port int) string {
	scheme := "rtsp"
	if o.Server.TLSCert != "" {
		scheme = "rtsps"
	}
	if a := o.Server.Address; a != "" && a != "0.0.0.0" && a != "::" {
		host = a
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host + ":" + strconv.Itoa(port) + "/" + o.Mount
}
