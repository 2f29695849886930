// Package spec holds what a user asks gstcast to do: stream specs (a source, an output, encoding
// options) parsed from the URIs people already use with GStreamer tools. It is pure Go: no
// GStreamer, no RPC, so the host, the plugins and third parties share one validated meaning.
package spec

// SourceKind names where video comes from.
type SourceKind string

const (
	SourceTest SourceKind = "test" // test://PATTERN?width=&height=&fps=
	SourceV4L2 SourceKind = "v4l2" // v4l2:///dev/video0?width=&height=&fps=&format=
	SourceFile SourceKind = "file" // file:///path/video.mp4
	SourceRTP  SourceKind = "rtp"  // rtp://@:5600 (H.264 RTP in)
	SourceRTSP SourceKind = "rtsp" // rtsp://user:pass@host:554/path (pull)
	// SourcePublish is a mount of gstcast's RTSP server that takes its video from an RTSP
	// publisher (ANNOUNCE/RECORD, e.g. ffmpeg or rtspclientsink); no URI, the output says where.
	SourcePublish SourceKind = "publish"
)

// Source is a parsed, validated video source. Only the fields of its Kind are set.
type Source struct {
	Kind SourceKind
	// URI is the text the user gave, for messages. It may hold credentials: use Redacted() to print.
	URI string

	// test
	Pattern string // videotestsrc pattern nickname: smpte, ball, snow, black, ...
	Stamp   bool   // test only: paint the capture time into each frame (see package framestamp)

	// raw video size and rate; zero means "source default" (test: 1280x720@30)
	Width, Height int
	FPSNum        int
	FPSDen        int
	Format        string // raw format (YUY2, NV12, I420, ...) or "MJPG"/"H264" for compressed camera output; "" = any

	// v4l2
	Device string // /dev/video0

	// file
	Path string // absolute path
	Loop bool   // restart at end of file

	// rtp in
	Address     string // bind or multicast group; "" = any
	Port        int
	PayloadType int    // default 96
	Codec       string // "h264"

	// rtsp pull
	URL       string // rtsp:// URL without credentials
	User      string
	Password  string
	Transport string // "", "tcp", "udp"
	LatencyMS int    // jitter buffer latency; default 50 for rtsp/rtp sources
}

// OutputKind names where video goes.
type OutputKind string

const (
	OutputRTP OutputKind = "rtp" // rtp://HOST:PORT
	// OutputServe is a mount of the plugin's own RTSP server: rtsp://HOST:8554/MOUNT.
	OutputServe OutputKind = "serve"
	// OutputPublish sends to someone else's RTSP server with RECORD: rtsp://[user:pass@]host:port/path.
	OutputPublish OutputKind = "rtsp"
)

// Output is a parsed, validated destination.
type Output struct {
	Kind OutputKind
	URI  string
	Host string // IP address or host name
	Port int
	// TTL for multicast destinations (0 = default).
	TTL int
	// PayloadType of the RTP stream, 96 by default.
	PayloadType int

	// serve
	Mount      string     // mount path without the leading slash: "cam", "site/cam"
	Server     RTSPServer // the server the mount lives on
	Readers    []string   // user names that may read, "*" for anyone; empty means anyone
	Publishers []string   // user names that may publish (publish sources only), "*" for anyone

	// publish (rtsp:// output); credentials are kept out of URL
	URL       string
	User      string
	Password  string
	Transport string // "", "tcp", "udp"
}

// HWPreference says which encoders may be chosen.
type HWPreference string

const (
	HWAuto     HWPreference = "auto"     // hardware if one passes the test encode, else software
	HWHardware HWPreference = "hardware" // hardware only; fail if none works
	HWSoftware HWPreference = "software" // software only
)

// Encoding holds the encoder settings. Zero values mean defaults (see Defaults).
type Encoding struct {
	Codec            string       // "h264"
	BitrateKbps      int          // target bitrate in kbit/s
	KeyframeInterval int          // frames between keyframes
	Hardware         HWPreference // auto, hardware, software
	Profile          string       // H.264 profile: constrained-baseline, main, high
	Encoder          string       // an exact element name to force (e.g. x264enc); "" = probe
}

// StreamSpec is one stream: a source sent to an output with encoding settings.
type StreamSpec struct {
	Name     string // optional label chosen by the user
	Source   Source
	Output   Output
	Encoding Encoding
}

// Defaults for anything a user leaves out.
const (
	DefaultWidth            = 1280
	DefaultHeight           = 720
	DefaultFPS              = 30
	DefaultPattern          = "smpte"
	DefaultBitrateKbps      = 2048
	DefaultKeyframeInterval = 60 // two seconds at 30 fps: quick joins without wasting bits
	DefaultPayloadType      = 96
	DefaultLatencyMS        = 50
	DefaultCodec            = "h264"
	DefaultProfile          = "high"
)
