package pluginapi

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/gstcast/gstcast/core/pluginapi/proto"
)

// Errors that keep their identity across the process boundary: a plugin returns an error that
// wraps one of these, and on the host errors.Is(err, ErrX) still holds.
var (
	ErrNotFound       = errors.New("not found")
	ErrDeviceNotFound = errors.New("device not found")
	ErrFileNotFound   = errors.New("file not found")
	ErrInvalidSpec    = errors.New("invalid spec")
	ErrUnsupported    = errors.New("not supported by this plugin")
	ErrNoEncoder      = errors.New("no usable encoder")
	ErrNoDecoder      = errors.New("no usable decoder") // views: no decoder passed a test decode
	ErrPortInUse      = errors.New("port in use")
	ErrPipeline       = errors.New("pipeline error")
	ErrUnavailable    = errors.New("plugin unavailable")
	// ErrUnauthorized: a server refused the credentials (RTSP 401/403). Retrying cannot help.
	ErrUnauthorized = errors.New("not authorized")
	// ErrRemoteNotFound: a server has no such path (RTSP 404).
	ErrRemoteNotFound = errors.New("not found on the server")
)

// sentinels maps each error to its wire reason and gRPC code. Order matters: the first match wins.
var sentinels = []struct {
	err    error
	reason string
	code   codes.Code
}{
	{ErrNotFound, "NOT_FOUND", codes.NotFound},
	{ErrDeviceNotFound, "DEVICE_NOT_FOUND", codes.NotFound},
	{ErrFileNotFound, "FILE_NOT_FOUND", codes.NotFound},
	{ErrInvalidSpec, "INVALID_SPEC", codes.InvalidArgument},
	{ErrUnsupported, "UNSUPPORTED", codes.Unimplemented},
	{ErrNoEncoder, "NO_ENCODER", codes.FailedPrecondition},
	{ErrNoDecoder, "NO_DECODER", codes.FailedPrecondition},
	{ErrPortInUse, "PORT_IN_USE", codes.AlreadyExists},
	{ErrPipeline, "PIPELINE", codes.Internal},
	{ErrUnavailable, "UNAVAILABLE", codes.Unavailable},
	{ErrUnauthorized, "UNAUTHORIZED", codes.PermissionDenied},
	{ErrRemoteNotFound, "REMOTE_NOT_FOUND", codes.NotFound},
}

// Reason is the wire name of the sentinel err wraps ("UNAUTHORIZED", "PIPELINE", …), or "".
func Reason(err error) string {
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.reason
		}
	}
	return ""
}

// Reasons of errors after which starting a stream again cannot help.
const (
	ReasonUnauthorized   = "UNAUTHORIZED"
	ReasonRemoteNotFound = "REMOTE_NOT_FOUND"
	// ReasonInvalidSpec found while running: the input is not what the spec says (a program's
	// frames of another size than its fd:// or shm:// URI).
	ReasonInvalidSpec = "INVALID_SPEC"
)

// remoteError is an error rebuilt on the host: the plugin's message, wrapping the sentinel.
type remoteError struct {
	msg      string
	sentinel error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.sentinel }

// toStatus turns a plugin-side error into a gRPC status carrying the sentinel's reason.
func toStatus(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return status.Error(codes.Canceled, err.Error())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return status.Error(codes.DeadlineExceeded, err.Error())
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			st := status.New(s.code, err.Error())
			if d, derr := st.WithDetails(&pb.ErrorDetail{Reason: s.reason}); derr == nil {
				st = d
			}
			return st.Err()
		}
	}
	return status.Error(codes.Unknown, err.Error())
}

// fromStatus turns a gRPC error back into an error that wraps the right sentinel.
func fromStatus(err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	for _, d := range st.Details() {
		if ed, ok := d.(*pb.ErrorDetail); ok {
			for _, s := range sentinels {
				if s.reason == ed.Reason {
					return &remoteError{msg: st.Message(), sentinel: s.err}
				}
			}
		}
	}
	switch st.Code() {
	case codes.Canceled:
		return &remoteError{msg: st.Message(), sentinel: context.Canceled}
	case codes.DeadlineExceeded:
		return &remoteError{msg: st.Message(), sentinel: context.DeadlineExceeded}
	case codes.Unavailable:
		// The connection broke: the plugin process died or is restarting.
		return &remoteError{msg: "plugin unavailable: " + st.Message(), sentinel: ErrUnavailable}
	}
	return errors.New(st.Message())
}

// SentinelOf is the sentinel error of a wire reason ("PORT_IN_USE" → ErrPortInUse), nil when
// the reason is unknown. Clients of other transports (the control API) rebuild errors with it.
func SentinelOf(reason string) error {
	for _, s := range sentinels {
		if s.reason == reason {
			return s.err
		}
	}
	return nil
}
