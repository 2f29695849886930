package viewmodel

import "time"

// State is where the stream behind a viewer stands, as the engine reports it.
type State int

// The zero State is StateConnecting, which is what a new window shows.
const (
	StateConnecting   State = iota // opening the source (first time or a retry)
	StatePlaying                   // the source delivers; frames should follow
	StateReconnecting              // the source dropped; a retry comes after Backoff
	StateEnded                     // the source is gone for good (end of stream, stopped)
	StateError                     // the view failed and will not retry by itself
)

func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StatePlaying:
		return "playing"
	case StateReconnecting:
		return "reconnecting"
	case StateEnded:
		return "ended"
	case StateError:
		return "error"
	}
	return "unknown"
}

// Status is a state change of the stream.
type Status struct {
	State State
	// Message says why, for StateReconnecting, StateEnded and StateError ("connection refused").
	// URLs in it are shown with their credentials masked.
	Message string
	// Attempt is the number of the retry to come (1 for the first), for StateReconnecting.
	Attempt int
	// Backoff is the pause before that retry; the window counts it down.
	Backoff time.Duration
}

// Stats are the engine's latest figures for the stream. Zero fields are unknown and left out.
type Stats struct {
	FPS        float64 // decoded frames per second
	BitrateBps int64   // received media bitrate, bits per second
	Decoder    string  // decoder element name, e.g. avdec_h264
	Hardware   bool    // whether Decoder runs on dedicated hardware
	// Width and Height are the negotiated resolution, shown until the first frame gives its own.
	Width, Height int
}

// Event is one message from the engine to a viewer: a Status, Stats, or both.
type Event struct {
	Status *Status
	Stats  *Stats
}
