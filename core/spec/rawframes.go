package spec

import (
	"net/url"
	"strings"
)

// Raw-frame sources take frames that a user's own program makes (an OpenCV loop, a simulator, a
// game): uncompressed BGR/RGB/I420/… frames, one after another, of the size and format the URI
// says. gstcast encodes them with the encoder its plugin chose.
const (
	// SourceFD reads frames from a byte stream: the standard input of the gstcast command
	// (fd://0) or a named pipe (fd:///path/to/fifo).
	SourceFD SourceKind = "fd"
	// SourceSHM reads frames from a GStreamer shmsink's socket (shm:///path/to/socket): one
	// frame per buffer, no copy through a pipe.
	SourceSHM SourceKind = "shm"
)

// StdinPath is the Path of an fd://0 source: the standard input of the gstcast command that was
// given the URI. Only that command can read it, so it relays it into a named pipe of its own and
// puts the pipe's path in the spec before the spec goes anywhere (core/cli); a plugin that still
// sees StdinPath refuses it (a config file or a service has no standard input to give).
const StdinPath = "/dev/stdin"

// rawFrameFormats are the frame formats a program is likely to hold (OpenCV's BGR above all);
// each has a fixed frame size, so a frame's bytes can be checked (see RawFrameBytes).
var rawFrameFormats = []string{"BGR", "RGB", "BGRx", "RGBx", "BGRA", "RGBA", "GRAY8", "I420", "NV12", "YUY2", "UYVY"}

var rawFrameParams = []string{"format", "width", "height", "fps", "framerate"}

// parseRawFrameSource reads fd://0?format=BGR&width=640&height=480&fps=30,
// fd:///path/to/fifo?… and shm:///path/to/socket?…. format, width and height are required: a byte
// stream of raw frames says nothing about them. fps defaults to 30.
func parseRawFrameSource(u uri) (Source, error) {
	src := Source{Kind: SourceFD}
	if u.scheme == "shm" {
		src.Kind = SourceSHM
	}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	switch {
	case src.Kind == SourceFD && u.hostport != "":
		if u.hostport != "0" {
			return src, bad("fd", "%s: only fd://0 (standard input) or fd:///path/to/fifo (a named pipe) can be read", quote(u.hostport))
		}
		if err := checkEmptyPath(u.path); err != nil {
			return src, err
		}
		src.Path = StdinPath
	case u.hostport != "":
		return src, bad("host", "%s given, but shm sockets are local: write shm:///path/to/socket", quote(u.hostport))
	default:
		p, err := url.PathUnescape(u.path)
		if err != nil {
			return src, bad("path", "%s has a bad percent-escape", quote(u.path))
		}
		if p == "" {
			if src.Kind == SourceFD {
				return src, bad("path", "required: fd://0 (standard input) or fd:///path/to/fifo")
			}
			return src, bad("path", "required: the socket-path of the shmsink, e.g. shm:///tmp/frames")
		}
		src.Path = p
	}
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	if err := takeRawFrameParams(ps, &src); err != nil {
		return src, err
	}
	if err := ps.checkAllUsed(rawFrameParams...); err != nil {
		return src, err
	}
	if src.FPSNum == 0 {
		src.FPSNum, src.FPSDen = DefaultFPS, 1
	}
	return src, src.checkRawFrames()
}

// checkRawFrames checks a raw-frame source, parsed or built by hand.
func (s Source) checkRawFrames() error {
	if s.Path != StdinPath {
		if err := checkFilePath(s.Path); err != nil {
			return err
		}
	}
	if s.Format == "" {
		return bad("format", "required: the frames' pixel format (%s; OpenCV's frames are BGR)", strings.Join(rawFrameFormats, ", "))
	}
	if !knownRawFrameFormat(s.Format) {
		return bad("format", "%s is not a raw frame format gstcast reads (known: %s)", quote(s.Format), strings.Join(rawFrameFormats, ", "))
	}
	if s.Width == 0 {
		return bad("width", "required: the frames' width in pixels")
	}
	if s.Height == 0 {
		return bad("height", "required: the frames' height in pixels")
	}
	if err := checkDimension("width", s.Width); err != nil {
		return err
	}
	if err := checkDimension("height", s.Height); err != nil {
		return err
	}
	if s.FPSNum == 0 && s.FPSDen == 0 {
		return nil
	}
	return checkFPS("fps", s.FPSNum, s.FPSDen)
}

// takeRawFrameParams reads format, width, height and fps. The format list is the raw-frame
// one (it has BGRA and RGBA, which cameras and test sources have no use for).
func takeRawFrameParams(ps params, src *Source) error {
	p, err := ps.take("format")
	if err != nil {
		return err
	}
	if p != nil {
		for _, f := range rawFrameFormats {
			if strings.EqualFold(p.value, f) {
				src.Format = f
			}
		}
		if src.Format == "" {
			return bad(p.name, "%s is not a raw frame format gstcast reads (known: %s)", quote(p.value), strings.Join(rawFrameFormats, ", "))
		}
	}
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
	if p, err = ps.take("fps", "framerate"); err != nil || p == nil {
		return err
	}
	src.FPSNum, src.FPSDen, err = parseFPS(p.name, p.value)
	return err
}

func knownRawFrameFormat(f string) bool {
	for _, k := range rawFrameFormats {
		if f == k {
			return true
		}
	}
	return false
}

// RawFrameBytes is the size in bytes of one frame of format at width×height as GStreamer lays it
// out (rows of packed RGB formats padded to 4 bytes, 4:2:0 chroma planes rounded up); 0 for a
// format it does not know. A frame of any other size is a program writing something else than
// its URI says.
func RawFrameBytes(format string, width, height int) int {
	round4 := func(n int) int { return (n + 3) &^ 3 }
	switch format {
	case "BGR", "RGB":
		return round4(width*3) * height
	case "BGRx", "RGBx", "BGRA", "RGBA":
		return width * 4 * height
	case "GRAY8":
		return round4(width) * height
	case "YUY2", "UYVY":
		return round4(width*2) * height
	case "I420":
		cw, ch := (width+1)/2, (height+1)/2
		return round4(width)*height + 2*round4(cw)*ch
	case "NV12":
		cw, ch := (width+1)/2, (height+1)/2
		return round4(width)*height + round4(cw*2)*ch
	}
	return 0
}
