package spec

import "strings"

// mask replaces a password in printed URIs.
const mask = "***"

// Redacted returns the source's URI with the password replaced by "***", for logs and messages.
// The user name stays: it tells which account was used, which is what one debugs.
func (s Source) Redacted() string { return RedactURI(s.URI) }

// RedactURI returns uri with the password of its user info replaced by "***"
// ("rtsp://admin:***@cam/live"). It works on any string, parseable or not, because it is used on
// the very URIs that failed to parse:
//
//   - scheme://user:password@host...: the password is masked, the user kept;
//   - scheme://user@host...: unchanged, there is no password;
//   - when the authority does not parse and an '@' follows it (a password with an unencoded
//     '/', '?' or '#'), everything between "://" and the last '@' is masked;
//   - without "://" ("rtsp:user:pass@host"), everything between the scheme and the last '@' is
//     masked when a ':' shows a password in it.
//
// In srt:// URIs the value of every passphrase= query parameter is masked as well.
func RedactURI(uri string) string {
	start, end, ok := secretSpan(uri)
	if ok {
		uri = uri[:start] + mask + uri[end:]
	}
	return redactSRTQuery(uri)
}

// secretSpan finds what RedactURI masks. It splits the authority exactly as splitURI does, so
// that what the parser reads as the password is what gets masked.
func secretSpan(s string) (start, end int, ok bool) {
	i := strings.Index(s, "://")
	if i < 0 {
		colon := strings.IndexByte(s, ':')
		at := strings.LastIndexByte(s, '@')
		if colon < 0 || at < colon || !strings.Contains(s[colon+1:at], ":") {
			return 0, 0, false
		}
		return colon + 1, at, true
	}
	a := i + len("://")
	authority := s[a:]
	if j := strings.IndexAny(authority, "/?#"); j >= 0 {
		authority = authority[:j]
	}
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		colon := strings.IndexByte(authority[:at], ':')
		if colon < 0 {
			return 0, 0, false
		}
		return a + colon + 1, a + at, true
	}
	if misplacedCredentials(false, authority, s[a+len(authority):]) {
		return a, strings.LastIndexByte(s, '@'), true
	}
	return 0, 0, false
}

// Mask is what stands in for a secret in redacted specs. A client that sends a spec back with
// Mask in a secret field means "keep the secret you have" (see KeepSecrets).
const Mask = mask

func maskIf(s string) string {
	if s == "" {
		return ""
	}
	return mask
}

// RedactedSource returns the source with its password masked, in the fields and in the URI
// (Redacted gives only the URI text, for messages).
func (s Source) RedactedSource() Source {
	s.URI = RedactURI(s.URI)
	s.Password = maskIf(s.Password)
	s.Passphrase = maskIf(s.Passphrase)
	return s
}

// Redacted returns the output with every secret masked: a publish password, the server's user
// passwords and its TLS private key (the certificate is public and stays).
func (o Output) Redacted() Output {
	o.URI = RedactURI(o.URI)
	o.Password = maskIf(o.Password)
	o.Passphrase = maskIf(o.Passphrase)
	o.Server = o.Server.Redacted()
	return o
}

// Redacted returns the server settings with user passwords and the TLS key masked.
func (s RTSPServer) Redacted() RTSPServer {
	s.TLSKey = maskIf(s.TLSKey)
	if s.Users != nil {
		users := make([]User, len(s.Users))
		for i, u := range s.Users {
			users[i] = User{Name: u.Name, Password: maskIf(u.Password)}
		}
		s.Users = users
	}
	return s
}

// Redacted returns the spec with every secret masked: what may cross to a client, a log or an
// API answer.
func (s StreamSpec) Redacted() StreamSpec {
	s.Source = s.Source.RedactedSource()
	s.Output = s.Output.Redacted()
	return s
}

// Redacted returns the view with the source's secrets masked.
func (v ViewSpec) Redacted() ViewSpec {
	v.Source = v.Source.RedactedSource()
	return v
}

// KeepSecrets returns s with every secret that is Mask replaced by old's: a client that was
// shown a redacted spec sends it back changed, and the secrets it never saw stay as they were.
func KeepSecrets(s, old StreamSpec) StreamSpec {
	s.Source = KeepSourceSecrets(s.Source, old.Source)
	if s.Output.Password == mask {
		s.Output.Password = old.Output.Password
	}
	if s.Output.Passphrase == mask {
		s.Output.Passphrase = old.Output.Passphrase
	}
	if s.Output.URI == RedactURI(old.Output.URI) {
		s.Output.URI = old.Output.URI
	}
	if s.Output.Server.TLSKey == mask {
		s.Output.Server.TLSKey = old.Output.Server.TLSKey
	}
	s.Output.Server.Users = append([]User(nil), s.Output.Server.Users...)
	for i, u := range s.Output.Server.Users {
		if u.Password != mask {
			continue
		}
		for _, o := range old.Output.Server.Users {
			if o.Name == u.Name {
				s.Output.Server.Users[i].Password = o.Password
			}
		}
	}
	return s
}

// KeepSourceSecrets is KeepSecrets for a source.
func KeepSourceSecrets(s, old Source) Source {
	if s.Password == mask {
		s.Password = old.Password
	}
	if s.Passphrase == mask {
		s.Passphrase = old.Passphrase
	}
	if s.URI == RedactURI(old.URI) {
		s.URI = old.URI
	}
	return s
}
