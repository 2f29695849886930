package engine

import (
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// EventType says what an Event is about.
type EventType string

const (
	// EventSnapshot is the first event of every subscription, and comes again after a
	// subscriber fell too far behind: Snapshot holds every stream and view as they are now, and
	// replaces whatever the subscriber knew. Nobody needs to poll.
	EventSnapshot EventType = "snapshot"
	EventState    EventType = "state"   // Status changed state (started, retrying, failed, ring moved…)
	EventStats    EventType = "stats"   // new counters in Status.Stats (about once a second)
	EventWarning  EventType = "warning" // Error holds a GStreamer warning; the work goes on
	EventError    EventType = "error"   // Error holds what failed; Status says retrying or failed
	EventEOS      EventType = "eos"     // the source ended
	EventRemoved  EventType = "removed" // Name is gone from the engine
	// EventReader: an RTSP reader or publisher of a served stream came or went (Reader says
	// who); Status carries the stats as they were.
	EventReader EventType = "reader"
)

// ReaderChange is what an EventReader is about.
type ReaderChange struct {
	Joined  bool              `json:"joined"` // false: it left
	Session pluginapi.Session `json:"session"`
}

// Event is one thing that happened. Every event about one stream or view carries its whole
// Status after the change, so a client keeps a name → Status map and never asks again.
type Event struct {
	Type     EventType `json:"type"`
	Name     string    `json:"name,omitempty"`
	Time     time.Time `json:"time"`
	Status   *Status   `json:"status,omitempty"`
	Error    *Error    `json:"error,omitempty"`
	Snapshot []Status  `json:"snapshot,omitempty"`
	// Final marks the error after which the engine gave the work up (Status.State is failed).
	Final bool `json:"final,omitempty"`
	// Reader is the reader or publisher of an EventReader.
	Reader *ReaderChange `json:"reader,omitempty"`
}

// eventOfPlugin maps a plugin event's type onto the engine's.
func eventOfPlugin(t pluginapi.EventType) EventType {
	switch t {
	case pluginapi.EventStats:
		return EventStats
	case pluginapi.EventWarning:
		return EventWarning
	case pluginapi.EventError:
		return EventError
	case pluginapi.EventEOS:
		return EventEOS
	case pluginapi.EventReaderJoined, pluginapi.EventReaderLeft:
		return EventReader
	}
	return EventState
}
