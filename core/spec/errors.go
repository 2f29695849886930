package spec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrUnknownScheme is wrapped by the error for a URI whose scheme gstcast does not handle, so that
// a caller holding several parsers (or a plugin adding schemes) can tell "not ours" (errors.Is)
// from "ours, but malformed".
var ErrUnknownScheme = errors.New("unknown scheme")

// Error is a bad source, output, encoding or stream. It names the part that is wrong, because a
// user staring at a long URI needs to know where to look, not that "parsing failed".
type Error struct {
	// What was being parsed or checked: "source", "output", "encoding", `stream "name"`.
	What string
	// URI is the URI as given with its password masked (see RedactURI), so that the error can be
	// logged as is; "" when there is none.
	URI string
	// Part is the bad part: "scheme", "host", "port", "user info", "password", "path", "device",
	// "pattern", a query parameter's name ("width", "fps"), or `query parameter "widht"` for a
	// parameter that is not known at all. "" when the whole URI is at fault (e.g. empty).
	Part string
	// Reason says what is wrong with it, quoting the bad value (never a password).
	Reason string
	// Err is a sentinel this error wraps (ErrUnknownScheme), or nil.
	Err error
}

// Error reads like: bad source "v4l2:///dev/vid eo0": device: "/dev/vid eo0" contains a space.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("bad ")
	if e.What != "" {
		b.WriteString(e.What)
	} else {
		b.WriteString("spec")
	}
	if e.URI != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(e.URI))
	}
	b.WriteString(": ")
	if e.Part != "" {
		b.WriteString(e.Part)
		b.WriteString(": ")
	}
	switch {
	case e.Reason != "":
		b.WriteString(e.Reason)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		b.WriteString("invalid")
	}
	return b.String()
}

// Unwrap lets errors.Is find ErrUnknownScheme.
func (e *Error) Unwrap() error { return e.Err }

// bad makes an error for part; the parse entry points add What and URI (inContext), so the
// helpers deep inside need not carry the URI around.
func bad(part, format string, args ...any) *Error {
	return &Error{Part: part, Reason: fmt.Sprintf(format, args...)}
}

// unknownScheme names the scheme as the user wrote it and lists what would have worked.
func unknownScheme(scheme, supported string) *Error {
	return &Error{
		Part:   "scheme",
		Reason: fmt.Sprintf("unknown scheme %s (supported: %s)", quote(scheme), supported),
		Err:    ErrUnknownScheme,
	}
}

// inContext fills in what was parsed and the URI, masking the password: error messages end up in
// logs and bug reports, which is exactly where credentials must not go.
func inContext(err error, what, uri string) error {
	var e *Error
	if errors.As(err, &e) {
		if e.What == "" {
			e.What = what
		}
		if e.URI == "" {
			e.URI = RedactURI(uri)
		}
	}
	return err
}

// maxQuoted bounds how much of a bad value a message repeats: enough to recognise it, not a wall.
const maxQuoted = 64

// quote quotes a value for a message, escaping control characters and shortening long values.
func quote(s string) string {
	if len(s) > maxQuoted {
		cut := maxQuoted
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}
