// Package pluginapi is the contract between the gstcast host and its platform plugins: the Go
// interface a plugin implements, the gRPC protocol it is carried over (hashicorp/go-plugin),
// the handshake and versions, and errors that keep their identity across the process boundary.
// Third-party plugins import only this package (spec types are re-exported here). It never
// imports GStreamer or Fyne: GStreamer lives in plugin processes, Fyne in the host.
package pluginapi

import (
	"context"
	"time"

	"github.com/gstcast/gstcast/core/spec"
)

// The stream spec types, re-exported so a plugin needs no other gstcast import.
type (
	StreamSpec   = spec.StreamSpec
	Source       = spec.Source
	Output       = spec.Output
	Encoding     = spec.Encoding
	HWPreference = spec.HWPreference
	ViewSpec     = spec.ViewSpec
)

// Platform is what a platform plugin implements (linux-v4l2, windows-mf, jetson-nvargus,
// rpi-v4l2m2m, or a third party's). Every method may be called concurrently.
type Platform interface {
	// Info says what the plugin is and whether it works on this machine, and why not.
	Info(ctx context.Context) (*Info, error)
	// Devices sends the current capture devices as DeviceSnapshot events, then one
	// DeviceSnapshotDone; with follow it keeps sending DeviceAdded/DeviceRemoved until ctx ends.
	// The channel is closed when the plugin has nothing more to send.
	Devices(ctx context.Context, follow bool) (<-chan DeviceEvent, error)
	// Probe reports a device's formats (deviceID may be empty) and the encoders in the
	// plugin's order of preference, each tried with a short test encode.
	Probe(ctx context.Context, deviceID string, hw HWPreference) (*Capabilities, error)
	// StartStream builds source → encode → RTP and returns once it is playing.
	StartStream(ctx context.Context, s *StreamSpec) (*Started, error)
	// Stop ends a stream cleanly (EOS, then NULL). Unknown ids give ErrNotFound.
	Stop(ctx context.Context, id string) error
	// Watch sends a stream's events until it stops or ctx ends, then closes the channel.
	Watch(ctx context.Context, id string) (<-chan Event, error)
	// Pipeline returns the gst-launch-1.0 line of the running stream id or, when id is empty,
	// of the pipeline s would run (nothing is started).
	Pipeline(ctx context.Context, id string, s *StreamSpec) (*Plan, error)
	// StartView receives and decodes a stream into a shared-memory frame ring (core/framering)
	// and returns once the pipeline plays; only the ring's name crosses the connection. Stop,
	// Watch and Pipeline(id) work on views too. Plugins without viewers return ErrUnsupported.
	StartView(ctx context.Context, v *ViewSpec) (*ViewStarted, error)
}

// ViewStarted is the answer to StartView.
type ViewStarted struct {
	ID       string
	Ring     string // frame ring to open with framering.Open
	Decoder  string // the decoder element chosen
	Hardware bool   // whether it is a hardware decoder
	Decoders []ElementStatus
	Launch   string // gst-launch-1.0 line, credentials masked
}

// Info describes a plugin.
type Info struct {
	Name             string // linux-v4l2
	Version          string // plugin build version
	ProtocolVersion  int
	OS, Arch         string
	Supported        bool
	Reason           string   // why not supported (or a note when it is)
	SourceKinds      []string // source URI schemes it accepts
	GStreamerVersion string
	Description      string
	// Priority orders the plugins that take the same source kind: the host picks the highest
	// supported one, the first found among equals (docs/PLUGINS.md). Built-in plugins use 10
	// (generic) and 20 (one family of boards); 0 is the default.
	Priority int
}

// Fraction is a frame rate.
type Fraction struct{ Num, Den int }

// VideoFormat is one format/size a device offers, with its frame rates.
type VideoFormat struct {
	Format        string
	Width, Height int
	Framerates    []Fraction
	// Mode is the sensor mode that delivers it (argus://ID?mode=MODE); empty when the device
	// has no modes.
	Mode string
}

// Control describes one setting a camera takes (a V4L2 control, an Argus setting), as
// `gstcast devices --controls` lists it and a GUI would offer it; ctrl.NAME=VALUE in the source
// URI sets it. Numbers are text, so one type carries integer, 64-bit and float settings.
type Control struct {
	Name  string // exposure_time_absolute, wbmode
	Label string // the driver's own name: "Exposure Time, Absolute"
	// Type is int, int64, bool, menu, intmenu, button, string, float, range ("low high") or enum.
	Type                    string
	Min, Max, Step, Default string
	Value                   string // current value, when it could be read
	Menu                    []MenuItem
	Flags                   []string // read-only, inactive, volatile, write-only, grabbed
	Unit                    string   // ns, 100us, …
}

// MenuItem is one choice of a menu or enum control.
type MenuItem struct {
	Value string // what goes after ctrl.NAME=
	Name  string
}

// Device is a capture device.
type Device struct {
	ID         string // what goes in a source URI (v4l2:///dev/video0 → /dev/video0)
	Name       string
	Class      string
	API        string
	Formats    []VideoFormat
	Properties map[string]string
	Controls   []Control // the settings it takes (gstcast devices --controls)
	URI        string    // its source URI: v4l2:///dev/video0, argus://0, libcamera://…, mf://…
}

// DeviceEventType says what happened to a device.
type DeviceEventType int

const (
	DeviceSnapshot DeviceEventType = iota
	DeviceSnapshotDone
	DeviceAdded
	DeviceRemoved
)

// DeviceEvent is one entry of the Devices stream.
type DeviceEvent struct {
	Type   DeviceEventType
	Device Device
}

// ElementStatus is the outcome of probing one encoder.
type ElementStatus struct {
	Element  string
	Hardware bool
	Usable   bool
	Reason   string
	Chosen   bool
}

// Capabilities is what Probe found.
type Capabilities struct {
	Device   *Device
	Encoders []ElementStatus
}

// Plan is a pipeline as gstcast runs it, with how its encoder was chosen.
type Plan struct {
	Launch   string // gst-launch-1.0 line, shell-quoted, credentials masked
	Encoder  string // chosen encoder element; "" when relayed without re-encoding
	Encoders []ElementStatus
}

// Started is the answer to StartStream.
type Started struct {
	ID string
	// URL is where readers find a served stream (rtsp://HOST:PORT/MOUNT), with the port the
	// server really listens on; the host is the listen address, or 127.0.0.1 for all interfaces.
	URL string
	Plan
}

// EventType classifies stream events.
type EventType int

const (
	EventState EventType = iota
	EventStats
	EventWarning
	EventError
	EventEOS
	// EventReaderJoined and EventReaderLeft: a reader or publisher of a served mount came or
	// went; Event.Session says who.
	EventReaderJoined
	EventReaderLeft
)

func (t EventType) String() string {
	switch t {
	case EventState:
		return "state"
	case EventStats:
		return "stats"
	case EventWarning:
		return "warning"
	case EventError:
		return "error"
	case EventEOS:
		return "eos"
	case EventReaderJoined:
		return "reader_joined"
	case EventReaderLeft:
		return "reader_left"
	}
	return "unknown"
}

// Stream states carried in EventState events.
const (
	StateStarting = "starting"
	StatePlaying  = "playing"
	StateStopped  = "stopped"
	StateFailed   = "failed"
	StateEnded    = "ended"
	// StateRetrying is the host engine's: a stream or view failed and will be started again.
	StateRetrying = "retrying"
)

// Stats are a stream's running counters.
type Stats struct {
	Frames     uint64
	FPS        float64
	Bytes      uint64
	BitrateBps float64
	Keyframes  uint64
	// Width and Height of decoded frames (views).
	Width, Height int
	// ReceivedBps is what arrives at a view's source, bits per second, whether or not it
	// decodes (a sender of another codec shows here and nowhere else).
	ReceivedBps float64
	// Served streams: the mount's readers and publishers connected now; RTSP sessions set up
	// and set-ups refused since the mount was made; frames the mount's hub took from the
	// source and did not pass on (no reader yet, or waiting for a keyframe); and the readers'
	// RTCP receiver reports (at most MaxReaderReports, the worst first).
	Readers        int            `json:",omitempty"`
	Publishers     int            `json:",omitempty"`
	SessionsOpened uint64         `json:",omitempty"`
	SessionsFailed uint64         `json:",omitempty"`
	HubDropped     uint64         `json:",omitempty"`
	ReaderReports  []ReaderReport `json:",omitempty"`
}

// Event is one thing that happened to a stream.
type Event struct {
	Type    EventType
	ID      string
	Time    time.Time
	State   string
	Message string
	Element string // element path of a warning or error (/GstPipeline:stream1/GstUDPSink:out)
	Debug   string // GStreamer's debug text
	Reason  string // errors: the sentinel's wire reason (see Reason), e.g. UNAUTHORIZED
	Ring    string // views: frames now arrive in this ring (a larger one, for larger frames)
	Stats   *Stats
	Session *Session // EventReaderJoined, EventReaderLeft
}
