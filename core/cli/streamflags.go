package cli

import (
	"flag"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// Defaults of the stream command: a test signal to a local port, so the bare command works.
const (
	defaultSource = "test://smpte"
	defaultOutput = "rtp://127.0.0.1:5000"
)

type streamFlags struct {
	to, hw, encoder, profile, name, plugin string
	bitrate, keyframe                      int
	stamp                                  bool
	serve, rtspAddress                     string
	rtspPort                               int
}

func (f *streamFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.to, "to", "", "where to send: rtp://HOST:PORT, or rtsp://[USER:PASS@]HOST:PORT/PATH to publish to an RTSP server (default "+defaultOutput+")")
	fs.StringVar(&f.serve, "serve", "", "serve the stream on gstcast's own RTSP server as rtsp://HOST:PORT/NAME instead of sending it")
	fs.StringVar(&f.rtspAddress, "rtsp-address", "", "with --serve: address the RTSP server listens on (default all interfaces)")
	fs.IntVar(&f.rtspPort, "rtsp-port", spec.DefaultRTSPPort, "with --serve: port the RTSP server listens on")
	fs.IntVar(&f.bitrate, "bitrate", spec.DefaultBitrateKbps, "target bitrate in kbit/s")
	fs.IntVar(&f.keyframe, "keyframe", spec.DefaultKeyframeInterval, "frames between keyframes")
	fs.StringVar(&f.hw, "hw", "auto", "encoder choice: auto (hardware when one works), hardware, software")
	fs.StringVar(&f.encoder, "encoder", "", "force an encoder element (e.g. x264enc) instead of probing")
	fs.StringVar(&f.profile, "profile", spec.DefaultProfile, "H.264 profile: constrained-baseline, main, high")
	fs.BoolVar(&f.stamp, "stamp", false, "test sources: paint the capture time into each frame (for latency readouts)")
	fs.StringVar(&f.name, "name", "", "a name for the stream (shown in the SDP and logs)")
	fs.StringVar(&f.plugin, "plugin", "", "use only this plugin (default: the first that works here)")
}

// spec builds the stream spec from the source argument and the flags.
func (f *streamFlags) spec(source string) (spec.StreamSpec, error) {
	src, err := spec.ParseSource(source)
	if err != nil {
		return spec.StreamSpec{}, err
	}
	if f.stamp {
		if src.Kind != spec.SourceTest {
			return spec.StreamSpec{}, usagef("--stamp works only with test:// sources")
		}
		src.Stamp = true
	}
	var out spec.Output
	switch {
	case f.serve != "" && f.to != "":
		return spec.StreamSpec{}, usagef("--serve and --to both say where the stream goes; give one")
	case f.serve != "":
		out = spec.Output{Kind: spec.OutputServe, Mount: strings.Trim(f.serve, "/"),
			Server: spec.RTSPServer{Address: f.rtspAddress, Port: f.rtspPort}}
	default:
		if f.rtspAddress != "" || f.rtspPort != spec.DefaultRTSPPort {
			return spec.StreamSpec{}, usagef("--rtsp-address and --rtsp-port go with --serve")
		}
		to := f.to
		if to == "" {
			to = defaultOutput
		}
		var err error
		if out, err = spec.ParseOutput(to); err != nil {
			return spec.StreamSpec{}, err
		}
	}
	hw, err := spec.ParseHWPreference(f.hw)
	if err != nil {
		return spec.StreamSpec{}, err
	}
	s := spec.StreamSpec{Name: f.name, Source: src, Output: out, Encoding: spec.Encoding{
		Codec: spec.DefaultCodec, BitrateKbps: f.bitrate, KeyframeInterval: f.keyframe, Hardware: hw,
		Profile: f.profile, Encoder: f.encoder,
	}}
	s.Encoding = s.Encoding.WithDefaults()
	if err := s.Validate(); err != nil {
		return spec.StreamSpec{}, err
	}
	return s, nil
}
