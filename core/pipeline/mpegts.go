package pipeline

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// Names in MPEG-TS graphs.
const (
	// NameMux is mpegtsmux.
	NameMux = "mux"
	// NameFrames is the parser before a muxer: frames are counted on its source pad, since what
	// a TS payloader or sink takes are transport packets, not frames.
	NameFrames = "frames"
)

// tsPacketsPerDatagram is the seven 188-byte TS packets (1316 bytes) of one UDP datagram, as
// every TS-over-UDP sender and receiver expects: it fits an Ethernet MTU with room for headers.
const tsPacketsPerDatagram = "7"

// tsSink ends a chain in MPEG-TS: the parser (with SPS/PPS, or VPS/SPS/PPS, before every
// keyframe, so VLC and OpenCV join at any keyframe), mpegtsmux, then for rtp outputs rtpmp2tpay
// (payload type 33 unless the user chose another) and a UDP sink.
func tsSink(chain []Element, out spec.Output, live bool) []Element {
	chain = parsedForMux(chain)
	chain = append(chain, el("mpegtsmux", NameMux, p("alignment", tsPacketsPerDatagram)))
	if out.Kind == spec.OutputRTP {
		pt := out.PayloadType
		if pt == 0 {
			pt = spec.MP2TPayloadType
		}
		chain = append(chain, el("rtpmp2tpay", NamePayloader, p("pt", itoa(pt))))
	}
	return append(chain, udpSink(out, live))
}

// parsedForMux makes a chain end in a parser named NameFrames that repeats the parameter sets:
// the chain's own parser where it has one (relays, H.264 files), else a new one after the
// encoder's caps.
func parsedForMux(chain []Element) []Element {
	parser := "h264parse"
	if n := len(chain); n > 0 {
		last := &chain[n-1]
		if last.Factory == "h264parse" || last.Factory == "h265parse" {
			last.Name = NameFrames
			last.Props = append(withoutProp(last.Props, "config-interval"), p("config-interval", "-1"))
			return chain
		}
		if strings.HasPrefix(last.Caps, "video/x-h265") {
			parser = "h265parse"
		}
	}
	return append(chain, el(parser, NameFrames, p("config-interval", "-1")))
}

// udpSink sends to out's host and port. A live source is already paced; syncing again would
// only add the pipeline latency.
func udpSink(out spec.Output, live bool) Element {
	sink := el("udpsink", NameSink, p("host", out.Host), p("port", itoa(out.Port)))
	if live {
		sink.Props = append(sink.Props, p("sync", "false"), p("async", "false"))
	}
	if out.TTL > 0 {
		sink.Props = append(sink.Props, p("ttl-mc", itoa(out.TTL)))
	}
	return sink
}

// tsIn receives MPEG-TS, in RTP (rtp://…?mux=ts: jitter buffer, rtpmp2tdepay) or raw over UDP
// (udp://), and demuxes the video. tsdemux waits 700 ms by default to smooth demuxing; a live
// receiver gets the source's latency instead, as rtpjitterbuffer does.
func tsIn(src spec.Source) []Element {
	var in []Element
	if src.Kind == spec.SourceRTP {
		pt := src.PayloadType
		if pt == 0 {
			pt = spec.MP2TPayloadType
		}
		in = []Element{
			udpIn(src, fmt.Sprintf("application/x-rtp,media=video,clock-rate=90000,encoding-name=MP2T,payload=%d", pt)),
			el("rtpjitterbuffer", "jitter", p("latency", itoa(latency(src)))),
			el("rtpmp2tdepay", "depay"),
		}
	} else {
		in = []Element{udpIn(src, "video/mpegts,systemstream=(boolean)true,packetsize=(int)188")}
	}
	return append(in, el("tsdemux", "demux", p("latency", itoa(latency(src)))), el(parserOf(src.Codec), "parse"))
}

// udpIn is a udpsrc on the source's port (and multicast group or local address).
func udpIn(src spec.Source, caps string) Element {
	u := el("udpsrc", NameSource, p("port", itoa(src.Port)), p("caps", caps))
	if src.Address != "" {
		u.Props = append([]Prop{p("address", src.Address)}, u.Props...)
	}
	return u
}

// parserOf is the parser of a codec's elementary stream.
func parserOf(codec string) string {
	if codec == "h265" {
		return "h265parse"
	}
	return "h264parse"
}

// isTS reports a source that carries MPEG-TS.
func isTS(src spec.Source) bool {
	return src.Kind == spec.SourceUDP || src.Kind == spec.SourceRTP && src.Mux == spec.MuxTS
}

// isTSOutput reports an output that sends MPEG-TS.
func isTSOutput(out spec.Output) bool {
	return out.Kind == spec.OutputUDP || out.Kind == spec.OutputRTP && out.Mux == spec.MuxTS
}
