package pipeline

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// StreamOptions are the facts a plugin found out before building: which encoder passed its
// probe, and what a file holds.
type StreamOptions struct {
	// Encoder is the element chosen by probing (or forced by the user). Needed only when the
	// source must be encoded.
	Encoder string
	// FileCodec is the video codec a file source holds ("h264" passes through untouched);
	// empty or anything else means decode and encode again.
	FileCodec string
	// JPEGDecoder decodes an MJPEG camera's frames (probed among the profile's JPEGDecoders);
	// empty means jpegdec.
	JPEGDecoder string
}

// NeedsEncoder reports whether a spec's source is raw video that must be encoded (as opposed to
// H.264 that is relayed: RTP/RTSP in, H.264 files, cameras that output H.264).
func NeedsEncoder(s spec.StreamSpec, fileCodec string) bool {
	switch s.Source.Kind {
	case spec.SourceRTP, spec.SourceUDP, spec.SourceSRT, spec.SourceRTSP:
		return false
	case spec.SourceFile:
		return fileCodec != "h264"
	case spec.SourceV4L2, spec.SourceArgus, spec.SourceLibcamera, spec.SourceMF:
		return s.Source.Format != "H264"
	}
	return true
}

// BuildStream makes the graph of a stream: source → (encode) → one of
//
//	rtp:    RTP payloader → UDP sink
//	serve:  H.264 parser → appsink, which the plugin's RTSP server mount reads (see rtspserver.Mount)
//	rtsp:   H.264 parser → rtspclientsink (RECORD to someone else's server)
//
// A publish source has no graph: its mount is fed by the publisher.
func BuildStream(s spec.StreamSpec, prof Profile, o StreamOptions) (Graph, error) {
	switch s.Output.Kind {
	case spec.OutputRTP, spec.OutputUDP, spec.OutputSRT, spec.OutputServe, spec.OutputPublish:
	default:
		return Graph{}, fmt.Errorf("output %q: %q outputs are not supported", s.Output.URI, s.Output.Kind)
	}
	if s.Source.Kind == spec.SourcePublish {
		return Graph{}, fmt.Errorf("a publish source has no pipeline: its mount is fed by the publisher")
	}
	enc := s.Encoding.WithDefaults()
	g, encoded, err := sourceChain(s.Source, prof, o)
	if err != nil {
		return Graph{}, err
	}
	codec := codecOf(s, encoded, enc)
	if !encoded {
		e, ok := prof.ForCodec(enc.Codec).EncoderByName(o.Encoder)
		if !ok {
			return Graph{}, fmt.Errorf("encoder %q is not one of the %s profile's %s encoders", o.Encoder, prof.Name, enc.Codec)
		}
		g.Elements = append(g.Elements, encodeAfter(g.Elements, e, prof, enc)...)
	}
	if isTSOutput(s.Output) {
		g.Elements = tsSink(g.Elements, s.Output, g.Live)
		return g, nil
	}
	if s.Output.Kind == spec.OutputSRT {
		g.Elements = srtSink(g.Elements, s.Output)
		return g, nil
	}
	switch s.Output.Kind {
	case spec.OutputServe:
		g.Elements = servedSink(g.Elements, g.Live, codec)
		return g, nil
	case spec.OutputPublish:
		g.Elements = append(g.Elements, publishSink(s.Output, codec)...)
		return g, nil
	}
	pt := s.Output.PayloadType
	if pt == 0 {
		pt = spec.DefaultPayloadType
	}
	// config-interval=-1 sends SPS/PPS with every keyframe, so a receiver that joins late
	// decodes at the next keyframe rather than waiting up to a second for parameter sets.
	g.Elements = append(g.Elements, payloaderOf(codec, pt))
	sink := el("udpsink", NameSink, p("host", s.Output.Host), p("port", itoa(s.Output.Port)))
	if g.Live {
		// A live source is already paced; syncing again would only add the pipeline latency.
		sink.Props = append(sink.Props, p("sync", "false"), p("async", "false"))
	}
	if s.Output.TTL > 0 {
		sink.Props = append(sink.Props, p("ttl-mc", itoa(s.Output.TTL)))
	}
	g.Elements = append(g.Elements, sink)
	return g, nil
}

// servedSink ends a stream that an RTSP mount serves: whole access units in byte-stream form
// with SPS/PPS before every keyframe (readers join at any keyframe), handed to an appsink whose
// samples the mount pushes into its shared media. For live sources the appsink never syncs (the
// source is paced already) and never blocks it: a mount without readers must not stall a camera.
//
// A chain that already ends in h264parse (relays, H.264 files and cameras) gets no second one:
// its parser is told to repeat SPS/PPS instead. Every parser is work done once per frame for as
// long as the mount is served, readers or not.
func servedSink(chain []Element, live bool, codec string) []Element {
	parser := parserOf(codec)
	if n := len(chain); n > 0 && chain[n-1].Factory == parser {
		last := &chain[n-1]
		last.Props = append(withoutProp(last.Props, "config-interval"), p("config-interval", "-1"))
	} else {
		chain = append(chain, el(parser, "outparse", p("config-interval", "-1")))
	}
	// A file is not paced by anyone else: the appsink plays it at its own rate (sync), or the
	// whole file would be pushed to readers at disk speed.
	sync := "false"
	if !live {
		sync = "true"
	}
	return append(chain,
		capsfilter("outcaps", byteStreamCaps(codec)),
		el("appsink", NameSink, p("sync", sync), p("async", "false"), p("max-buffers", "4"), p("drop", "true")))
}

func withoutProp(ps []Prop, name string) []Prop {
	var out []Prop
	for _, q := range ps {
		if q.Name != name {
			out = append(out, q)
		}
	}
	return out
}

// publishSink sends to an RTSP server with RECORD. Credentials go in properties, never in the
// location, and are masked in the exported line.
func publishSink(o spec.Output, codec string) []Element {
	sink := el("rtspclientsink", NameSink, p("location", o.URL), p("latency", "0"))
	switch strings.ToLower(o.Transport) {
	case "tcp":
		sink.Props = append(sink.Props, p("protocols", "tcp"))
	case "udp":
		sink.Props = append(sink.Props, p("protocols", "udp"))
	}
	if o.User != "" {
		sink.Props = append(sink.Props, p("user-id", o.User), Prop{Name: "user-pw", Value: o.Password, Secret: true})
	}
	return []Element{el(parserOf(codec), "outparse", p("config-interval", "-1")), sink}
}

// sourceChain builds the source part. encoded says it ends in parsed H.264 (no encoder needed).
func sourceChain(src spec.Source, prof Profile, o StreamOptions) (g Graph, encoded bool, err error) {
	fileCodec := o.FileCodec
	switch src.Kind {
	case spec.SourceTest:
		pattern := src.Pattern
		if pattern == "" {
			pattern = spec.DefaultPattern
		}
		format := src.Format
		if format == "" {
			format = "I420" // the stamp writes luma into I420; also what software encoders take
		}
		return Graph{Live: true, Elements: []Element{
			el("videotestsrc", NameSource, p("is-live", "true"), p("pattern", pattern)),
			capsfilter(NameRawCaps, rawCaps("", format, src)),
		}}, false, nil

	case spec.SourceV4L2, spec.SourceArgus, spec.SourceLibcamera, spec.SourceMF:
		return cameraChain(src, prof, o)
	case spec.SourceFile:
		srcEl := el("filesrc", NameSource, p("location", src.Path))
		if fileCodec == "h264" {
			// parsebin demuxes any container without decoding; h264parse normalises to what
			// the payloader wants.
			return Graph{Elements: []Element{srcEl, el("parsebin", "demux"), el("h264parse", "parse")}}, true, nil
		}
		return Graph{Elements: []Element{srcEl, el("decodebin", "decode")}}, false, nil

	case spec.SourceRTP, spec.SourceUDP:
		if isTS(src) {
			return Graph{Live: true, Elements: tsIn(src)}, true, nil
		}
		return Graph{Live: true, Elements: rtpIn(src)}, true, nil

	case spec.SourceRTSP:
		return Graph{Live: true, Elements: rtspIn(src)}, true, nil

	case spec.SourceFD, spec.SourceSHM:
		g, err := rawFrameChain(src)
		return g, false, err

	case spec.SourceScreen:
		g, err := screenChain(src, prof)
		return g, false, err

	case spec.SourceSRT:
		return Graph{Live: true, Elements: srtIn(src)}, true, nil
	}
	return Graph{}, false, fmt.Errorf("source %q: kind %q is not supported by the %s profile", src.Redacted(), src.Kind, prof.Name)
}

// rtpIn receives H.264 (or H.265, codec=h265) RTP on UDP, reorders it and parses it back into access units.
func rtpIn(src spec.Source) []Element {
	pt := src.PayloadType
	if pt == 0 {
		pt = spec.DefaultPayloadType
	}
	name, depay := rtpDepay(src.Codec)
	u := udpIn(src, fmt.Sprintf("application/x-rtp,media=video,clock-rate=90000,encoding-name=%s,payload=%d", name, pt))
	return []Element{u, el("rtpjitterbuffer", "jitter", p("latency", itoa(latency(src)))),
		el(depay, "depay"), el(parserOf(src.Codec), "parse")}
}

// rtspIn pulls an RTSP stream. Credentials go in properties, never in the location.
func rtspIn(src spec.Source) []Element {
	r := el("rtspsrc", NameSource, p("location", src.URL), p("latency", itoa(latency(src))))
	switch strings.ToLower(src.Transport) {
	case "tcp":
		r.Props = append(r.Props, p("protocols", "tcp"))
	case "udp":
		r.Props = append(r.Props, p("protocols", "udp"))
	}
	if src.User != "" {
		r.Props = append(r.Props, p("user-id", src.User), Prop{Name: "user-pw", Value: src.Password, Secret: true})
	}
	return []Element{r, el("rtph264depay", "depay"), el("h264parse", "parse")}
}

func latency(src spec.Source) int {
	if src.LatencyMS > 0 {
		return src.LatencyMS
	}
	return spec.DefaultLatencyMS
}

// EncodeChain is convert → input caps → encoder → output caps: what follows raw video to make
// the encoder's stream (H.264, or H.265 for the profile's H265Encoders).
func EncodeChain(e Encoder, prof Profile, enc spec.Encoding) []Element {
	convert := e.Convert
	if convert == "" {
		convert = prof.Convert
	}
	props := e.Props(enc)
	return []Element{
		el(convert, "convert"),
		capsfilter("enccaps", e.Input),
		{Factory: e.Element, Name: NameEncoder, Props: props},
		capsfilter("h264caps", strings.ReplaceAll(e.Output, "%PROFILE%", h264Profile(enc.Profile))),
	}
}

func h264Profile(p string) string {
	switch p {
	case "", "high":
		return "high"
	case "baseline":
		return "constrained-baseline"
	}
	return p
}

// rawCaps is video/x-raw[(memory)],format=F,width=W,height=H,framerate=N/D (unset fields left out).
func rawCaps(memory, format string, src spec.Source) string {
	media := "video/x-raw"
	if memory != "" {
		media += "(" + memory + ")"
	}
	if format != "" {
		media += ",format=" + format
	}
	return sizeCaps(media, src)
}

func sizeCaps(media string, src spec.Source) string {
	c := media
	if src.Width > 0 {
		c += fmt.Sprintf(",width=%d", src.Width)
	}
	if src.Height > 0 {
		c += fmt.Sprintf(",height=%d", src.Height)
	}
	if src.FPSNum > 0 {
		den := src.FPSDen
		if den == 0 {
			den = 1
		}
		c += fmt.Sprintf(",framerate=%d/%d", src.FPSNum, den)
	}
	return c
}
