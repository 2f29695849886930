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
	codec                                  string
	bitrate, keyframe                      int
	stamp, rtx                             bool
	serve, rtspAddress                     string
	rtspPort                               int
}

func (f *streamFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.to, "to", "", "where to send: rtp://HOST:PORT, or rtsp://[USER:PASS@]HOST:PORT/PATH to publish to an RTSP server (default "+defaultOutput+")")
	fs.StringVar(&f.serve, "serve", "", "serve the stream on gstcast's own RTSP server as rtsp://HOST:PORT/NAME instead of sending it")
	fs.StringVar(&f.rtspAddress, "rtsp-address", "", "with --serve: address the RTSP server listens on (default all interfaces)")
	fs.IntVar(&f.rtspPort, "rtsp-port", 0, "with --serve: port the RTSP server listens on (default 8554, or the running daemon's)")
	fs.IntVar(&f.bitrate, "bitrate", spec.DefaultBitrateKbps, "target bitrate in kbit/s")
	fs.IntVar(&f.keyframe, "keyframe", spec.DefaultKeyframeInterval, "frames between keyframes")
	fs.StringVar(&f.hw, "hw", "auto", "encoder choice: auto (hardware when one works), hardware, software")
	fs.StringVar(&f.encoder, "encoder", "", "force an encoder element (e.g. x264enc) instead of probing")
	fs.StringVar(&f.profile, "profile", "", "H.264 profile: constrained-baseline, main, high (default high; H.265 is always main)")
	fs.StringVar(&f.codec, "codec", spec.DefaultCodec, "video codec to encode: h264 or h265")
	fs.BoolVar(&f.stamp, "stamp", false, "test sources: paint the capture time into each frame (for latency readouts)")
	fs.StringVar(&f.name, "name", "", "a name for the stream (shown in the SDP and logs)")
	fs.BoolVar(&f.rtx, "rtx", false, "with --serve: RTP retransmission (RFC 4588) for readers over UDP that ask for it (GStreamer's rtspsrc, gstcast view); ffmpeg and VLC cannot read such a mount")
	fs.StringVar(&f.plugin, "plugin", "", "use only this plugin (default: the first that works here)")
}

// spec builds the stream spec from the source argument and the flags, through the one
// parser every client uses (spec.Request).
func (f *streamFlags) spec(source string) (spec.StreamSpec, error) {
	if f.serve == "" && (f.rtspAddress != "" || f.rtspPort != 0) {
		return spec.StreamSpec{}, usagef("--rtsp-address and --rtsp-port go with --serve")
	}
	to := f.to
	if to == "" && f.serve == "" {
		to = defaultOutput
	}
	if f.serve != "" && f.to != "" {
		return spec.StreamSpec{}, usagef("--serve and --to both say where the stream goes; give one")
	}
	if f.stamp && !strings.HasPrefix(source, "test:") {
		return spec.StreamSpec{}, usagef("--stamp works only with test:// sources")
	}
	return spec.Request{Name: f.name, Source: source, To: to, Serve: f.serve, Bitrate: f.bitrate, Keyframe: f.keyframe,
		Encoder: f.encoder, Hardware: f.hw, Profile: f.profile, Codec: f.codec, Stamp: f.stamp, RTX: f.rtx}.Spec(spec.RTSPServer{Address: f.rtspAddress, Port: f.rtspPort})
}
