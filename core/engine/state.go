package engine

import (
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Kind says what a piece of work is.
type Kind string

const (
	KindStream Kind = "stream" // source → encode → RTP, an RTSP mount, or a publish
	KindView   Kind = "view"   // RTP/RTSP/file → decode → frame ring, for a window
)

// State is where a stream or view stands, as the engine sees it. It is the engine's own type:
// plugins report starting/playing/failed/ended; retrying and stopped exist only here.
type State string

const (
	StateStarting State = "starting" // the first start (or a restart after Start) is under way
	StatePlaying  State = "playing"  // the plugin runs it
	StateRetrying State = "retrying" // it failed; it is started again after RetryIn
	StateFailed   State = "failed"   // given up: an error that starting again cannot fix
	StateEnded    State = "ended"    // the source ended (end of a file that does not loop)
	StateStopped  State = "stopped"  // stopped on request; Start runs it again
)

// Running says whether the state has a pipeline behind it (or is about to).
func (s State) Running() bool {
	return s == StateStarting || s == StatePlaying || s == StateRetrying
}

// Work is what a caller asks the engine to keep running: a stream or a view under the caller's
// name (a mount, a config entry, a window). Exactly one of Stream and View is set.
type Work struct {
	Name string `json:"name"`
	// Origin says who asked ("config", "api", "cli", "gui"), so that a config reload adds,
	// changes and removes only its own work and leaves the rest alone.
	Origin string           `json:"origin,omitempty"`
	Stream *spec.StreamSpec `json:"stream,omitempty"`
	View   *spec.ViewSpec   `json:"view,omitempty"`
}

// Kind is the work's kind.
func (w Work) Kind() Kind {
	if w.View != nil {
		return KindView
	}
	return KindStream
}

// Error is an error the plugin or the engine reported, with GStreamer's detail kept apart from
// the one-line message a user reads.
type Error struct {
	Message string    `json:"message"`
	Element string    `json:"element,omitempty"` // /GstPipeline:s1/GstUDPSink:out
	Debug   string    `json:"debug,omitempty"`   // GStreamer's debug text
	Reason  string    `json:"reason,omitempty"`  // the contract's reason (pluginapi.Reason): UNAUTHORIZED, PORT_IN_USE, …
	Time    time.Time `json:"time"`
}

func (e *Error) Error() string { return e.Message }

// errorOf turns a Go error into an Error.
func errorOf(err error) *Error {
	return &Error{Message: err.Error(), Reason: pluginapi.Reason(err), Time: time.Now()}
}

// Status is a stream or view as the engine sees it now.
type Status struct {
	Name   string           `json:"name"`
	Kind   Kind             `json:"kind"`
	Origin string           `json:"origin,omitempty"`
	Stream *spec.StreamSpec `json:"stream,omitempty"`
	View   *spec.ViewSpec   `json:"view,omitempty"`

	Plugin string    `json:"plugin,omitempty"`
	State  State     `json:"state"`
	Since  time.Time `json:"since"` // when State was entered
	// URL is where RTSP readers find a served stream (rtsp://HOST:PORT/MOUNT).
	URL string `json:"url,omitempty"`
	// Launch is the running pipeline as a gst-launch-1.0 line, credentials masked.
	Launch string `json:"launch,omitempty"`

	// Streams: the encoder chosen ("" when relayed without re-encoding) and every encoder
	// considered, in the plugin's order of preference, with why it was or was not chosen.
	Encoder  string                    `json:"encoder,omitempty"`
	Encoders []pluginapi.ElementStatus `json:"encoders,omitempty"`
	// Views: the decoder chosen, whether it is hardware, every decoder considered, and the
	// frame ring the window maps.
	Decoder  string                    `json:"decoder,omitempty"`
	Hardware bool                      `json:"hardware,omitempty"`
	Decoders []pluginapi.ElementStatus `json:"decoders,omitempty"`
	Ring     string                    `json:"ring,omitempty"`

	Stats    *pluginapi.Stats `json:"stats,omitempty"`
	LastErr  *Error           `json:"last_error,omitempty"`
	Restarts int              `json:"restarts"` // starts after the first that played
	// Attempt and RetryIn describe the retry to come while State is retrying.
	Attempt int           `json:"attempt,omitempty"`
	RetryIn time.Duration `json:"retry_in,omitempty"`
}

// HardwareEncoder says whether the chosen encoder is a hardware one.
func (s Status) HardwareEncoder() bool {
	for _, e := range s.Encoders {
		if e.Chosen {
			return e.Hardware
		}
	}
	return false
}

// Plan is a pipeline as it would run, without running it.
type Plan struct {
	Plugin   string                    `json:"plugin"`
	Launch   string                    `json:"launch"`
	Encoder  string                    `json:"encoder,omitempty"`
	Encoders []pluginapi.ElementStatus `json:"encoders,omitempty"`
}
