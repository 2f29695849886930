package pipeline

import (
	"fmt"

	"github.com/gstcast/gstcast/core/spec"
)

// DecodeTestFrames is how many frames a decoder's test decode gets.
const DecodeTestFrames = 10

// DecodeTestGraph is a decoder's test: a few frames of 320x240 test video encoded by a software
// encoder (x264enc or openh264enc), then the view's own DecodeChain into a fakesink named
// NameSink. The encoder's output is fixed to a profile every hardware decoder takes (high for
// x264, constrained-baseline for OpenH264); left free, x264enc picks High 4:4:4 from a test
// source and every hardware decoder would fail the test for the wrong reason.
func DecodeTestGraph(d Decoder, encoder string) (Graph, error) {
	var enc Encoder
	profile := "high"
	caps, parser := "video/x-h264,profile=", "h264parse"
	switch encoder {
	case "x264enc":
		enc = x264enc()
	case "openh264enc":
		enc, profile = openh264enc(), "constrained-baseline"
	case "x265enc":
		enc, profile, caps, parser = x265enc(), "main", "video/x-h265,profile=", "h265parse"
	default:
		return Graph{}, fmt.Errorf("no test video from %q: only x264enc, openh264enc and x265enc make it", encoder)
	}
	if (d.Codec == "h265") != (encoder == "x265enc") {
		return Graph{}, fmt.Errorf("no test video for %s from %s: the codecs differ", d.Element, encoder)
	}
	settings := spec.Encoding{BitrateKbps: 500, KeyframeInterval: DecodeTestFrames}.WithDefaults()
	g := Graph{Elements: []Element{
		el("videotestsrc", NameSource, p("num-buffers", itoa(DecodeTestFrames)), p("pattern", "smpte")),
		capsfilter(NameRawCaps, "video/x-raw,format=I420,width=320,height=240,framerate=30/1"),
		{Factory: enc.Element, Name: NameEncoder, Props: enc.Props(settings)},
		capsfilter("h264caps", caps+profile),
		el(parser, "parse"),
	}}
	g.Elements = append(g.Elements, DecodeChain(d)...)
	g.Elements = append(g.Elements, el("fakesink", NameSink, p("sync", "false")))
	return g, nil
}
