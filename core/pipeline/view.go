package pipeline

import (
	"fmt"

	"github.com/gstcast/gstcast/core/spec"
)

// Names in view graphs, besides NameSource, NameDecoder and NameSink.
const (
	// NameRGBA is the capsfilter that fixes the viewer's frames as system-memory RGBA.
	NameRGBA = "rgba"
	// FileDecoder decodes files that do not hold H.264: decodebin picks the decoder itself.
	FileDecoder = "decodebin"
)

// RGBACaps is what a viewer's frame ring takes.
const RGBACaps = "video/x-raw,format=RGBA"

// ViewOptions are the facts a plugin found out before building a view.
type ViewOptions struct {
	// Decoder is the H.264 decoder chosen by probing (or forced by the user).
	Decoder string
	// FileCodec is what a file source holds: "h264" is demuxed, parsed and decoded with
	// Decoder; anything else goes through decodebin.
	FileCodec string
}

// BuildView makes the graph of a viewer: source → depay/parse → decoder → RGBA → appsink named
// NameSink, whose frames the plugin copies into a frame ring. Compressed bytes enter the element
// named NameDecoder (a decoder, or decodebin for files in other codecs), so that is where the
// bitrate is counted; decoded frames are counted at the sink.
func BuildView(v spec.ViewSpec, prof Profile, o ViewOptions) (Graph, error) {
	var g Graph
	switch v.Source.Kind {
	case spec.SourceRTP, spec.SourceUDP:
		if isTS(v.Source) {
			g = Graph{Live: true, Elements: tsIn(v.Source)}
			break
		}
		g = Graph{Live: true, Elements: rtpIn(v.Source)}
	case spec.SourceRTSP:
		g = Graph{Live: true, Elements: rtspIn(v.Source)}
	case spec.SourceSRT:
		g = Graph{Live: true, Elements: srtIn(v.Source)}
	case spec.SourceFile:
		src := el("filesrc", NameSource, p("location", v.Source.Path))
		if o.FileCodec != "h264" {
			g = Graph{Elements: []Element{src, el(FileDecoder, NameDecoder), el("videoconvert", "convert"), capsfilter(NameRGBA, RGBACaps)}}
			g.Elements = append(g.Elements, ViewSink(false))
			return g, nil
		}
		// parsebin demuxes any container without decoding, so the probed decoder does the work.
		g = Graph{Elements: []Element{src, el("parsebin", "demux"), el("h264parse", "parse")}}
	default:
		return Graph{}, fmt.Errorf("view %q: %s sources cannot be viewed (use rtsp://, rtp://@:PORT, udp://@:PORT or file://)", v.Source.Redacted(), v.Source.Kind)
	}
	codec := ViewCodec(v.Source)
	d, ok := prof.ForCodec(codec).DecoderByName(o.Decoder)
	if !ok {
		return Graph{}, fmt.Errorf("decoder %q is not one of the %s profile's %s decoders", o.Decoder, prof.Name, codec)
	}
	g.Elements = append(g.Elements, DecodeChain(d)...)
	g.Elements = append(g.Elements, ViewSink(g.Live))
	return g, nil
}

// DecodeChain is H.264 in, system-memory RGBA out: the decoder, its converter (the profile's
// View elements, else its After elements then videoconvert) and the RGBA caps. The decoder
// probe tests this same chain, so a decoder whose converter is missing or cannot make RGBA is
// never chosen. videoconvert stays after a GPU converter: it passes RGBA through untouched.
func DecodeChain(d Decoder) []Element {
	out := []Element{{Factory: d.Element, Name: NameDecoder, Props: d.Props}}
	if d.View != nil {
		out = append(out, d.View...)
	} else {
		out = append(out, d.After...)
	}
	return append(out, el("videoconvert", "convert"), capsfilter(NameRGBA, RGBACaps))
}

// ViewCodec is the codec a view's decoder takes: what an rtp or udp source says it carries
// (codec=h265), H.264 otherwise (files that hold anything else go through decodebin).
func ViewCodec(src spec.Source) string {
	if (src.Kind == spec.SourceRTP || src.Kind == spec.SourceUDP || src.Kind == spec.SourceSRT) && src.Codec == "h265" {
		return "h265"
	}
	return "h264"
}

// ViewSink is the appsink a viewer's frames are pulled from. It keeps one frame and drops older
// ones (the ring wants the newest, never a queue), and holds no last sample. Network sources
// (live) do not sync: the jitter buffer has paced them already, and syncing again only adds
// latency; nor do they preroll (async=false), so the view plays, its port bound, before any
// sender starts. Files sync, so they play at their own rate.
func ViewSink(live bool) Element {
	if live {
		return el("appsink", NameSink, p("sync", "false"), p("async", "false"), p("max-buffers", "1"), p("drop", "true"),
			p("enable-last-sample", "false"))
	}
	return el("appsink", NameSink, p("sync", "true"), p("max-buffers", "1"), p("drop", "true"),
		p("enable-last-sample", "false"))
}
