package appmodel

import (
	"net/url"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// Where the password of a remembered URL comes from: nowhere on disk. The "Open stream…"
// dialog remembers the last URLs in Fyne's preferences, which is a plain file any program of
// the user can read and which backup and sync tools copy about; so it keeps each URL redacted
// (spec.RedactURI: rtsp://admin:***@cam/live) and asks for the password again when a
// remembered URL with one is opened. Streams that must start without asking belong in the
// daemon's config file (a mount or a favourite), which is 0600 and holds the other secrets.

// MaxRecent is how many URLs are remembered.
const MaxRecent = 10

// Remember puts uri first in the list (redacted, without duplicates, at most MaxRecent).
func Remember(list []string, uri string) []string {
	uri = spec.RedactURI(strings.TrimSpace(uri))
	if uri == "" {
		return list
	}
	out := []string{uri}
	for _, u := range list {
		if u = spec.RedactURI(u); u != uri && len(out) < MaxRecent {
			out = append(out, u)
		}
	}
	return out
}

// NeedsPassword says whether a remembered URL had a password, which must be asked for again,
// and for which user.
func NeedsPassword(uri string) (user string, ok bool) {
	i := strings.Index(uri, "://")
	if i < 0 {
		return "", false
	}
	rest := uri[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return "", false
	}
	u, p, _ := strings.Cut(rest[:at], ":")
	return u, p == spec.Mask
}

// WithPassword puts the password asked for back into a remembered URL.
func WithPassword(uri, password string) string {
	user, ok := NeedsPassword(uri)
	if !ok {
		return uri
	}
	return WithCredentials(uri, unescape(user), password)
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
