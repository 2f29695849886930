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
func RedactURI(uri string) string {
	start, end, ok := secretSpan(uri)
	if !ok {
		return uri
	}
	return uri[:start] + mask + uri[end:]
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
