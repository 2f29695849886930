package spec

import (
	"strings"
)

// sourceSchemes is what ParseSource takes, for messages.
const sourceSchemes = "test, v4l2, argus, libcamera, mf, file, rtp, udp, srt, rtsp, rtsps, plugin, fd, shm, screen"

const sourceExamples = "test://smpte, v4l2:///dev/video0, file:///path/video.mp4, rtp://@:5600 or rtsp://host/path"

// ParseSource parses a source URI:
//
//	test://PATTERN?width=W&height=H&fps=N[/D]&format=F&stamp=1
//	v4l2:///dev/video0?width=W&height=H&fps=N[/D]&format=F
//	file:///abs/path/video.mp4?loop=1
//	rtp://@:5600, rtp://239.1.2.3:5600?pt=96&codec=h264&latency=50, rtp://@:5000?mux=ts
//	udp://@:1234, udp://239.1.2.3:1234?codec=h265 (raw MPEG-TS)
//	rtsp://user:pass@host:8554/path?transport=tcp&latency=50 (and rtsps://)
//
// Surrounding white space is ignored. Unknown query parameters are errors (rtsp passes its own
// on to the server). The error is an *Error naming the bad part; an unknown scheme wraps
// ErrUnknownScheme.
func ParseSource(s string) (Source, error) {
	s = strings.TrimSpace(s)
	src, err := parseSource(s)
	if err != nil {
		return Source{}, inContext(err, "source", s)
	}
	src.URI = s
	return src, nil
}

func parseSource(s string) (Source, error) {
	// A bare path is the commonest slip; say which URI was probably meant.
	if strings.HasPrefix(s, "/") && !strings.Contains(s, "@") {
		if strings.HasPrefix(s, "/dev/") {
			return Source{}, bad("scheme", "missing; for a camera write v4l2://%s", s)
		}
		return Source{}, bad("scheme", "missing; for a file write file://%s", s)
	}
	u, err := splitURI(s, sourceExamples)
	if err != nil {
		return Source{}, err
	}
	if u.hasFragment {
		return Source{}, bad("fragment", "%s is not allowed (percent-encode '#' as %%23)", quote("#"+u.fragment))
	}
	switch u.scheme {
	case "test":
		return parseTestSource(u)
	case "v4l2":
		return parseV4L2Source(u)
	case "file":
		return parseFileSource(u)
	case "rtp":
		return parseRTPSource(u)
	case "udp":
		return parseUDPSource(u)
	case "srt":
		return parseSRTSource(u)
	case "rtsp", "rtsps":
		return parseRTSPSource(u)
	case "argus":
		return parseArgusSource(u)
	case "libcamera":
		return parseLibcameraSource(s)
	case "mf":
		return parseMFSource(s)
	case "plugin":
		return parsePluginSource(u)
	case "fd", "shm":
		return parseRawFrameSource(u)
	case "screen":
		return parseScreenSource(u)
	}
	return Source{}, unknownScheme(u.rawScheme, sourceSchemes)
}

// noUserinfo refuses credentials where a scheme has no use for them: silently dropping them
// would hide a mistake, and keeping them would leak them into logs.
func noUserinfo(u uri) error {
	if u.hasUserinfo {
		return bad("user info", "not allowed in %s URIs", u.scheme)
	}
	return nil
}

// videoParams are the query parameters of sources that make raw video (test, v4l2).
var videoParams = []string{"width", "height", "fps", "framerate", "format"}

// takeVideoParams reads width, height, fps (or framerate) and format into src.
func takeVideoParams(ps params, src *Source, rawOnly bool) error {
	for _, d := range []struct {
		name string
		dst  *int
	}{{"width", &src.Width}, {"height", &src.Height}} {
		p, err := ps.take(d.name)
		if err != nil {
			return err
		}
		if p != nil {
			if *d.dst, err = parseDimension(p.name, p.value); err != nil {
				return err
			}
		}
	}
	p, err := ps.take("fps", "framerate")
	if err != nil {
		return err
	}
	if p != nil {
		if src.FPSNum, src.FPSDen, err = parseFPS(p.name, p.value); err != nil {
			return err
		}
	}
	if p, err = ps.take("format"); err != nil {
		return err
	}
	if p != nil {
		if src.Format, err = parseFormat(p.name, p.value, rawOnly); err != nil {
			return err
		}
	}
	return nil
}

// takeLatency reads latency=MS for network sources.
func takeLatency(ps params, src *Source) error {
	p, err := ps.take("latency")
	if err != nil || p == nil {
		return err
	}
	src.LatencyMS, err = parseWhole(p.name, p.value, 0, maxLatencyMS)
	return err
}

// Validate checks a Source, parsed or built by hand, against the rules ParseSource applies:
// the fields of its Kind are valid and the fields of other kinds are zero. Zero video fields
// mean "source default" and pass.
func (s Source) Validate() error {
	if err := s.check(); err != nil {
		return inContext(err, "source", s.URI)
	}
	return nil
}

func (s Source) check() error {
	if err := s.checkForeignFields(); err != nil {
		return err
	}
	switch s.Kind {
	case SourceTest:
		if err := checkPattern(s.Pattern); err != nil {
			return err
		}
		return s.checkVideo(true)
	case SourceV4L2:
		if err := checkDevice(s.Device); err != nil {
			return err
		}
		return s.checkCamera(false)
	case SourceFile:
		return checkFilePath(s.Path)
	case SourceRTP:
		return s.checkRTP()
	case SourceUDP:
		return s.checkUDP()
	case SourceSRT:
		return s.checkSRTSource()
	case SourceRTSP:
		return s.checkRTSP()
	case SourceArgus:
		if err := s.checkArgus(); err != nil {
			return err
		}
		return s.checkCamera(true)
	case SourceLibcamera:
		if err := checkCameraID("camera", s.Device, true); err != nil {
			return err
		}
		return s.checkCamera(false)
	case SourceMF:
		if err := checkCameraID("device", s.Device, false); err != nil {
			return err
		}
		return s.checkVideo(false)
	case SourcePlugin:
		return s.checkPlugin()
	case SourcePublish:
		return nil
	case SourceFD, SourceSHM:
		return s.checkRawFrames()
	case SourceScreen:
		return s.checkScreen()
	case "":
		return bad("kind", "not set")
	}
	return bad("kind", "%s is not a source kind (known: %s)", quote(string(s.Kind)), sourceSchemes)
}

// checkForeignFields enforces "only the fields of its Kind are set": a Port on a test source is
// a caller's mistake that would otherwise be ignored without a word.
func (s Source) checkForeignFields() error {
	test, v4l2, file, rtp, rtsp := SourceTest, SourceV4L2, SourceFile, SourceRTP, SourceRTSP
	argus, libcam, mf, udp, srt := SourceArgus, SourceLibcamera, SourceMF, SourceUDP, SourceSRT
	fd, shm, screen := SourceFD, SourceSHM, SourceScreen
	for _, f := range []struct {
		name  string
		set   bool
		kinds []SourceKind
	}{
		{"pattern", s.Pattern != "", []SourceKind{test}},
		{"stamp", s.Stamp, []SourceKind{test}},
		{"width", s.Width != 0, []SourceKind{test, v4l2, argus, libcam, mf, fd, shm, screen}},
		{"height", s.Height != 0, []SourceKind{test, v4l2, argus, libcam, mf, fd, shm, screen}},
		{"fps", s.FPSNum != 0 || s.FPSDen != 0, []SourceKind{test, v4l2, argus, libcam, mf, fd, shm, screen}},
		{"format", s.Format != "", []SourceKind{test, v4l2, argus, libcam, mf, fd, shm}},
		{"device", s.Device != "", []SourceKind{v4l2, argus, libcam, mf, screen}},
		{"mode", s.Mode != "", []SourceKind{argus}},
		{"controls", len(s.Controls) > 0, []SourceKind{v4l2, argus, libcam}},
		{"plugin", s.Plugin != "", []SourceKind{SourcePlugin}},
		{"path", s.Path != "", []SourceKind{file, fd, shm}},
		{"display", s.Display != "", []SourceKind{screen}},
		{"screen", s.ScreenNum != 0, []SourceKind{screen}},
		{"x", s.X != 0, []SourceKind{screen}},
		{"y", s.Y != 0, []SourceKind{screen}},
		{"cursor", s.Cursor, []SourceKind{screen}},
		{"capture", s.Capture != "", []SourceKind{screen}},
		{"loop", s.Loop, []SourceKind{file}},
		{"address", s.Address != "", []SourceKind{rtp, udp, srt}},
		{"port", s.Port != 0, []SourceKind{rtp, udp, srt}},
		{"srt mode", s.SRTMode != "", []SourceKind{srt}},
		{"passphrase", s.Passphrase != "", []SourceKind{srt}},
		{"payload type", s.PayloadType != 0, []SourceKind{rtp}},
		{"mux", s.Mux != "", []SourceKind{rtp}},
		{"codec", s.Codec != "", []SourceKind{rtp, udp, srt}},
		{"url", s.URL != "", []SourceKind{rtsp}},
		{"user", s.User != "", []SourceKind{rtsp}},
		{"password", s.Password != "", []SourceKind{rtsp}},
		{"transport", s.Transport != "", []SourceKind{rtsp}},
		{"latency", s.LatencyMS != 0, []SourceKind{rtp, rtsp, srt}},
	} {
		if !f.set {
			continue
		}
		ok := false
		for _, k := range f.kinds {
			ok = ok || k == s.Kind
		}
		if !ok {
			return bad(f.name, "set on a %s source, which has none", quote(string(s.Kind)))
		}
	}
	return nil
}

// checkCamera checks a camera's video settings and controls.
func (s Source) checkCamera(rawOnly bool) error {
	if err := s.checkVideo(rawOnly); err != nil {
		return err
	}
	return checkControls(s.Kind, s.Controls)
}

// checkVideo checks the optional size, rate and format.
func (s Source) checkVideo(rawOnly bool) error {
	if s.Width != 0 {
		if err := checkDimension("width", s.Width); err != nil {
			return err
		}
	}
	if s.Height != 0 {
		if err := checkDimension("height", s.Height); err != nil {
			return err
		}
	}
	if s.FPSNum != 0 || s.FPSDen != 0 {
		if err := checkFPS("fps", s.FPSNum, s.FPSDen); err != nil {
			return err
		}
	}
	if s.Format != "" {
		return checkFormat("format", s.Format, rawOnly)
	}
	return nil
}
