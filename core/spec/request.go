package spec

import (
	"errors"
	"strings"
)

// Request is a stream as people write it: URIs and a few settings. The CLI's flags, the
// control API's short form, the config file's stream entries and the GUI's stream editor all
// fill one and call Spec, so a stream means the same wherever it was asked for.
type Request struct {
	Name   string `json:"name,omitempty" yaml:"name"`
	Source string `json:"source" yaml:"source,omitempty"` // a source URI (test://, v4l2://, file://, rtp://, rtsp://)
	// To is where it goes: rtp://HOST:PORT, or rtsp://[USER:PASS@]HOST[:PORT]/PATH to publish.
	To string `json:"to,omitempty" yaml:"to,omitempty"`
	// Serve puts it on gstcast's RTSP server as rtsp://HOST:PORT/SERVE instead.
	Serve string `json:"serve,omitempty" yaml:"serve,omitempty"`
	// Read and Publish are the mount's reader and publisher lists (Serve only; "*" is anyone).
	Read    []string `json:"read,omitempty" yaml:"read,omitempty"`
	Publish []string `json:"publish,omitempty" yaml:"publish,omitempty"`
	// RTX serves the mount with RTP retransmission for readers over UDP (Serve only; see Output.RTX).
	RTX bool `json:"rtx,omitempty" yaml:"rtx,omitempty"`

	Bitrate  int    `json:"bitrate,omitempty" yaml:"bitrate,omitempty"`   // kbit/s
	Keyframe int    `json:"keyframe,omitempty" yaml:"keyframe,omitempty"` // frames between keyframes
	Encoder  string `json:"encoder,omitempty" yaml:"encoder,omitempty"`   // force an element
	Hardware string `json:"hardware,omitempty" yaml:"hardware,omitempty"` // auto, hardware, software
	Profile  string `json:"profile,omitempty" yaml:"profile,omitempty"`   // H.264 profile
	Codec    string `json:"codec,omitempty" yaml:"codec,omitempty"`       // h264 (default) or h265
	Stamp    bool   `json:"stamp,omitempty" yaml:"stamp,omitempty"`       // test sources: paint the capture time
	// Controls are camera settings added after the source URI's own ctrl.NAME=VALUE ones (see Control).
	Controls []Control `json:"controls,omitempty" yaml:"controls,omitempty"`
}

// ErrNoDestination says a request has neither To nor Serve; callers with a default fill it in.
var ErrNoDestination = errors.New("say where the stream goes: to (rtp:// or rtsp://) or serve (a mount name)")

// Spec parses and validates the request. server is the RTSP server a Serve mount goes on.
func (r Request) Spec(server RTSPServer) (StreamSpec, error) {
	src, err := ParseSource(r.Source)
	if r.Source == "" && len(r.Publish) > 0 && r.Serve != "" {
		src, err = Source{Kind: SourcePublish}, nil
	}
	if err != nil {
		return StreamSpec{}, err
	}
	if r.Stamp {
		if src.Kind != SourceTest {
			return StreamSpec{}, bad("stamp", "works only with test:// sources")
		}
		src.Stamp = true
	}
	if len(r.Controls) > 0 {
		if !controlKind(src.Kind) {
			return StreamSpec{}, bad("controls", "%s sources have no camera controls", quote(string(src.Kind)))
		}
		src.Controls = append(append([]Control{}, src.Controls...), r.Controls...)
		if err := checkControls(src.Kind, src.Controls); err != nil {
			return StreamSpec{}, inContext(err, "source", src.URI)
		}
	}
	if src.Kind == SourcePublish && len(r.Publish) == 0 {
		return StreamSpec{}, bad("publish", "a mount fed by publishers needs a publish list")
	}
	if src.Kind != SourcePublish && len(r.Publish) > 0 {
		return StreamSpec{}, bad("publish", "a mount takes a source or publishers, not both")
	}
	var out Output
	switch {
	case r.Serve != "" && r.To != "":
		return StreamSpec{}, bad("to", "to and serve both say where the stream goes; give one")
	case r.Serve != "":
		out = Output{Kind: OutputServe, Mount: strings.Trim(r.Serve, "/"), Server: server, Readers: r.Read, Publishers: r.Publish, RTX: r.RTX}
	case r.To != "":
		if len(r.Read) > 0 {
			return StreamSpec{}, bad("read", "reader lists go with serve")
		}
		if r.RTX {
			return StreamSpec{}, bad("rtx", "retransmission is a served mount's option (serve); rtp:// and rtsp:// outputs have none yet")
		}
		if out, err = ParseOutput(r.To); err != nil {
			return StreamSpec{}, err
		}
	default:
		return StreamSpec{}, ErrNoDestination
	}
	hw := HWAuto
	if r.Hardware != "" {
		if hw, err = ParseHWPreference(r.Hardware); err != nil {
			return StreamSpec{}, err
		}
	}
	codec := DefaultCodec
	if r.Codec != "" {
		codec = r.Codec
	}
	s := StreamSpec{Name: r.Name, Source: src, Output: out, Encoding: Encoding{Codec: codec,
		BitrateKbps: r.Bitrate, KeyframeInterval: r.Keyframe, Hardware: hw, Profile: r.Profile, Encoder: r.Encoder}.WithDefaults()}
	if err := s.Validate(); err != nil {
		return StreamSpec{}, err
	}
	return s, nil
}
