package control

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// APIVersion is the path prefix of every endpoint; a breaking change gets a new one.
const APIVersion = "/v1"

// MaxBody is the largest request body the API reads (a config file is a few kB; 1 MiB is far
// more than any request needs, and little enough that nobody can make the daemon buffer more).
const MaxBody = 1 << 20

// WireError is every error answer's body.
type WireError struct {
	Error string `json:"error"` // one line a user can read
	// Reason is the contract's reason (INVALID_SPEC, PORT_IN_USE, NOT_FOUND, EXISTS, …), so a
	// client rebuilds an error that errors.Is recognises.
	Reason string `json:"reason,omitempty"`
	// Field names the request field that is wrong (malformed JSON, a bad value).
	Field string `json:"field,omitempty"`
	// Line is the config file line that is wrong (PUT /config).
	Line int `json:"line,omitempty"`
}

// reasonExists is ErrExists on the wire.
const reasonExists = "EXISTS"

// errUnauthorized is a missing or wrong bearer token.
var errUnauthorized = errors.New("missing or wrong API token")

// statusOf chooses an error's HTTP status: the caller's mistakes are 4xx, and a stream that
// cannot be started (port in use, no encoder, refused credentials) is 422 with the reason.
func statusOf(err error) int {
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		return http.StatusBadRequest
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, engine.ErrExists):
		return http.StatusConflict
	case errors.Is(err, pluginapi.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, pluginapi.ErrInvalidSpec):
		return http.StatusBadRequest
	case errors.Is(err, pluginapi.ErrUnsupported):
		return http.StatusNotImplemented
	case errors.Is(err, pluginapi.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, pluginapi.ErrPortInUse), errors.Is(err, pluginapi.ErrDeviceNotFound),
		errors.Is(err, pluginapi.ErrFileNotFound), errors.Is(err, pluginapi.ErrNoEncoder),
		errors.Is(err, pluginapi.ErrNoDecoder), errors.Is(err, pluginapi.ErrUnauthorized),
		errors.Is(err, pluginapi.ErrRemoteNotFound), errors.Is(err, pluginapi.ErrPipeline):
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// wireOf turns an error into its answer body.
func wireOf(err error) WireError {
	w := WireError{Error: oneLine(err.Error()), Reason: pluginapi.Reason(err)}
	var fe *FieldError
	if errors.As(err, &fe) {
		w.Field, w.Line = fe.Field, fe.Line
		if w.Reason == "" {
			w.Reason = "INVALID_SPEC"
		}
	}
	if errors.Is(err, engine.ErrExists) {
		w.Reason = reasonExists
	}
	return w
}

// FieldError is a request that names a wrong field (or a wrong config line).
type FieldError struct {
	Field string
	Line  int
	Err   error
	text  string // the whole message, when it came over the wire already written
}

func (e *FieldError) Error() string {
	switch {
	case e.text != "":
		return e.text
	case e.Line > 0:
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	case e.Field != "":
		return fmt.Sprintf("field %q: %v", e.Field, e.Err)
	}
	return e.Err.Error()
}

func (e *FieldError) Unwrap() error { return e.Err }

// remoteError is an API error rebuilt by the client: the server's message, wrapping the
// sentinel its reason names.
type remoteError struct {
	WireError
	status   int
	sentinel error
}

func (e *remoteError) Error() string { return e.WireError.Error }
func (e *remoteError) Unwrap() error { return e.sentinel }

// errorFromWire rebuilds an error answer.
func errorFromWire(status int, w WireError) error {
	re := &remoteError{WireError: w, status: status}
	switch {
	case w.Reason == reasonExists:
		re.sentinel = engine.ErrExists
	case status == http.StatusUnauthorized && w.Reason == "":
		re.sentinel = errUnauthorized
	default:
		re.sentinel = pluginapi.SentinelOf(w.Reason)
	}
	if re.sentinel == nil {
		re.sentinel = fmt.Errorf("HTTP %d", status)
	}
	if w.Field != "" || w.Line > 0 {
		return &FieldError{Field: w.Field, Line: w.Line, Err: re, text: w.Error}
	}
	return re
}

func oneLine(s string) string {
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || c == '\r' || c == '\t' || c == ' ' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, c)
	}
	return string(out)
}
