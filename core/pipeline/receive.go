package pipeline

import (
	"fmt"

	"github.com/gstcast/gstcast/core/spec"
)

// BuildReceiver makes the graph that receives H.264 over RTP or RTSP and decodes it with the
// given decoder, ending in sink (autovideosink, appsink, fakesink …). Viewers and the benchmark
// receiver use it.
func BuildReceiver(src spec.Source, prof Profile, decoder string, sink Element) (Graph, error) {
	var in []Element
	switch {
	case isTS(src):
		in = tsIn(src)
	case src.Kind == spec.SourceRTP:
		in = rtpIn(src)
	case src.Kind == spec.SourceRTSP:
		in = rtspIn(src)
	case src.Kind == spec.SourceSRT:
		in = srtIn(src)
	default:
		return Graph{}, fmt.Errorf("receive %q: only rtp://, udp:// and rtsp:// sources can be received", src.Redacted())
	}
	d, ok := prof.ForCodec(ViewCodec(src)).DecoderByName(decoder)
	if !ok {
		return Graph{}, fmt.Errorf("decoder %q is not one of the %s profile's decoders", decoder, prof.Name)
	}
	g := Graph{Live: true, Elements: in}
	g.Elements = append(g.Elements, Element{Factory: d.Element, Name: NameDecoder, Props: d.Props})
	g.Elements = append(g.Elements, d.After...)
	g.Elements = append(g.Elements, el("videoconvert", "convert"), sink)
	return g, nil
}
