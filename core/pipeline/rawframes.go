package pipeline

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// rawFrameChain reads a user's program's raw frames, timestamped as they arrive (the program
// paces them; Graph.Live), and ends in system-memory raw video of the URI's format and size for
// the encoder's converter:
//
//	fd:  fdsrc fd=0 ! rawvideoparse format=bgr width=640 height=480 framerate=30/1
//	shm: shmsrc socket-path=/tmp/frames is-live=true do-timestamp=true ! video/x-raw,format=BGR,width=640,height=480,framerate=30/1
//
// fdsrc fd=0 is what the launch line shows (`… < /path/to/fifo` runs the same in a shell); the
// plugin opens the named pipe itself and sets fd to its descriptor (pluginkit), because
// filesrc's open of a pipe blocks the state change until a writer comes. rawvideoparse cuts the
// byte stream into frames; shmsrc hands over one frame per buffer, as the shmsink got it.
func rawFrameChain(src spec.Source) (Graph, error) {
	if src.Format == "" || src.Width == 0 || src.Height == 0 {
		return Graph{}, fmt.Errorf("source %q: a raw-frame source needs its format, width and height", src.Redacted())
	}
	src.FPSNum, src.FPSDen = fps(src)
	caps := rawCaps("", src.Format, src)
	switch src.Kind {
	case spec.SourceFD:
		return Graph{Live: true, Elements: []Element{
			el("fdsrc", NameSource, p("fd", "0")),
			el("rawvideoparse", "parse", p("format", strings.ToLower(src.Format)), p("width", itoa(src.Width)),
				p("height", itoa(src.Height)), p("framerate", fmt.Sprintf("%d/%d", src.FPSNum, src.FPSDen))),
			capsfilter(NameRawCaps, caps),
		}}, nil
	case spec.SourceSHM:
		return Graph{Live: true, Elements: []Element{
			el("shmsrc", NameSource, p("socket-path", src.Path), p("is-live", "true"), p("do-timestamp", "true")),
			capsfilter(NameRawCaps, caps),
		}}, nil
	}
	return Graph{}, fmt.Errorf("%s is not a raw-frame source", src.Kind)
}

// rawFrameKinds are the raw-frame sources, for profiles whose encoders take system-memory raw
// video after their converter (videoconvert): every Unix desktop or server.
func rawFrameKinds() []spec.SourceKind { return []spec.SourceKind{spec.SourceFD, spec.SourceSHM} }

// fps is a source's frame rate with the default filled in.
func fps(src spec.Source) (num, den int) {
	num, den = src.FPSNum, src.FPSDen
	if num == 0 {
		return spec.DefaultFPS, 1
	}
	if den == 0 {
		den = 1
	}
	return num, den
}
