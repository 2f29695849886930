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
	Kind SourceKind `json:"kind,omitempty"`
	// URI is the text the user gave, for messages. It may hold credentials: use Redacted() to print.
	URI string `json:"uri,omitempty"`

	// test
	Pattern string `json:"pattern,omitempty"` // videotestsrc pattern nickname: smpte, ball, snow, black, ...
	Stamp   bool   `json:"stamp,omitempty"`   // test only: paint the capture time into each frame (see package framestamp)

	// raw video size and rate; zero means "source default" (test: 1280x720@30)
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	FPSNum int    `json:"fps_num,omitempty"`
	FPSDen int    `json:"fps_den,omitempty"`
	Format string `json:"format,omitempty"` // raw format (YUY2, NV12, I420, ...) or "MJPG"/"H264" for compressed camera output; "" = any

	// cameras: v4l2 (/dev/video0), argus (sensor id "0"), libcamera (camera id), mf (device path or index)
	Device string `json:"device,omitempty"`
	// Mode is an Argus sensor mode ("0", "1", …; gstcast devices lists them); "" lets Argus pick.
	Mode string `json:"mode,omitempty"`
	// Controls are camera settings (V4L2 controls, Argus settings, libcamerasrc properties), in
	// the order given; see Control.
	Controls []Control `json:"controls,omitempty"`

	// file
	Path string `json:"path,omitempty"` // absolute path
	Loop bool   `json:"loop,omitempty"` // restart at end of file

	// rtp in
	Address     string `json:"address,omitempty"` // bind or multicast group; "" = any
	Port        int    `json:"port,omitempty"`
	PayloadType int    `json:"payload_type,omitempty"` // default 96
	Codec       string `json:"codec,omitempty"`        // "h264"
	// Mux is "ts" for MPEG-TS in RTP (payload type 33); "" is bare H.264 RTP. udp sources are
	// always MPEG-TS and leave it empty.
	Mux string `json:"mux,omitempty"`
	// srt (Address, Port and LatencyMS too): caller or listener, and the AES passphrase.
	SRTMode    string `json:"srt_mode,omitempty"`
	Passphrase string `json:"passphrase,omitempty"`

	// rtsp pull
	URL       string `json:"url,omitempty"` // rtsp:// URL without credentials
	User      string `json:"user,omitempty"`
	Password  string `json:"password,omitempty"`
	Transport string `json:"transport,omitempty"`  // "", "tcp", "udp"
	LatencyMS int    `json:"latency_ms,omitempty"` // jitter buffer latency; default 50 for rtsp/rtp sources

	// screen (see screen.go): the X display and screen, the region's top-left corner (Width and
	// Height are its size; zero: the whole screen), the pointer drawn in, the capture API.
	// Device is the monitor index where the platform numbers monitors (Windows).
	Display   string `json:"display,omitempty"`
	ScreenNum int    `json:"screen_num,omitempty"`
	X         int    `json:"x,omitempty"`
	Y         int    `json:"y,omitempty"`
	Cursor    bool   `json:"cursor,omitempty"`
	Capture   string `json:"capture,omitempty"`

	// plugin: the third-party plugin that takes a plugin://NAME/... source (the rest is in URI)
	Plugin string `json:"plugin,omitempty"`
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
	Kind OutputKind `json:"kind,omitempty"`
	URI  string     `json:"uri,omitempty"`
	Host string     `json:"host,omitempty"` // IP address or host name
	Port int        `json:"port,omitempty"`
	// TTL for multicast destinations (0 = default).
	TTL int `json:"ttl,omitempty"`
	// PayloadType of the RTP stream, 96 by default (33 for MPEG-TS).
	PayloadType int `json:"payload_type,omitempty"`
	// Mux is "ts" for MPEG-TS in RTP (rtp outputs only); udp outputs are always MPEG-TS.
	Mux string `json:"mux,omitempty"`
	// srt (Host, Port too): caller or listener, the latency and the AES passphrase.
	SRTMode    string `json:"srt_mode,omitempty"`
	LatencyMS  int    `json:"latency_ms,omitempty"`
	Passphrase string `json:"passphrase,omitempty"`

	// serve
	Mount      string     `json:"mount,omitempty"`      // mount path without the leading slash: "cam", "site/cam"
	Server     RTSPServer `json:"server,omitempty"`     // the server the mount lives on
	Readers    []string   `json:"readers,omitempty"`    // user names that may read, "*" for anyone; empty means anyone
	Publishers []string   `json:"publishers,omitempty"` // user names that may publish (publish sources only), "*" for anyone
	// RTX serves the mount with RTP retransmission (RFC 4588, the AVPF profile) for UDP readers
	// that NACK their losses (GStreamer's rtspsrc, gstcast view); AVP-only readers (ffmpeg,
	// VLC) cannot read such a mount.
	RTX bool `json:"rtx,omitempty"`

	// publish (rtsp:// output); credentials are kept out of URL
	URL       string `json:"url,omitempty"`
	User      string `json:"user,omitempty"`
	Password  string `json:"password,omitempty"`
	Transport string `json:"transport,omitempty"` // "", "tcp", "udp"
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
	Codec            string       `json:"codec,omitempty"`             // "h264"
	BitrateKbps      int          `json:"bitrate_kbps,omitempty"`      // target bitrate in kbit/s
	KeyframeInterval int          `json:"keyframe_interval,omitempty"` // frames between keyframes
	Hardware         HWPreference `json:"hardware,omitempty"`          // auto, hardware, software
	Profile          string       `json:"profile,omitempty"`           // H.264 profile: constrained-baseline, main, high
	Encoder          string       `json:"encoder,omitempty"`           // an exact element name to force (e.g. x264enc); "" = probe
}

// StreamSpec is one stream: a source sent to an output with encoding settings.
type StreamSpec struct {
	Name     string   `json:"name,omitempty"` // optional label chosen by the user
	Source   Source   `json:"source,omitempty"`
	Output   Output   `json:"output,omitempty"`
	Encoding Encoding `json:"encoding,omitempty"`
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
