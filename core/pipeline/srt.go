package pipeline

import (
	"net"
	"strconv"

	"github.com/gstcast/gstcast/core/spec"
)

// SRT graphs: MPEG-TS in SRT, srtsink out and srtsrc in. Mode, latency and passphrase are
// properties (the passphrase masked in the launch line). A caller's uri property holds only the
// parsed host and port; a listener binds with localaddress/localport, because GStreamer 1.22's
// srt elements given a listener uri with a host accept no caller (seen here with ffprobe and
// srt-live-transmit as callers).

// srtURI is srt://HOST:PORT for the uri property ("srt://:PORT" for a listener on every address).
func srtURI(host string, port int) string {
	return "srt://" + net.JoinHostPort(host, strconv.Itoa(port))
}

func srtProps(host string, port int, mode string, latency int, passphrase string) []Prop {
	if mode == "" {
		mode = spec.SRTCaller
	}
	var props []Prop
	if mode == spec.SRTListener {
		props = []Prop{p("mode", mode), p("localport", itoa(port))}
		if host != "" {
			props = append(props, p("localaddress", host))
		}
	} else {
		props = []Prop{p("uri", srtURI(host, port)), p("mode", mode)}
	}
	props = append(props, p("latency", itoa(latency)))
	if passphrase != "" {
		props = append(props, Prop{Name: "passphrase", Value: passphrase, Secret: true})
	}
	return props
}

// srtSink ends a chain in MPEG-TS over SRT. A listener does not hold the stream back until a
// caller connects (wait-for-connection=false): a live source keeps running, and callers join
// at the next keyframe.
func srtSink(chain []Element, out spec.Output) []Element {
	chain = parsedForMux(chain)
	chain = append(chain, el("mpegtsmux", NameMux, p("alignment", tsPacketsPerDatagram)))
	sink := el("srtsink", NameSink, srtProps(out.Host, out.Port, out.SRTMode, out.LatencyMS, out.Passphrase)...)
	sink.Props = append(sink.Props, p("wait-for-connection", "false"), p("sync", "false"), p("async", "false"))
	return append(chain, sink)
}

// srtIn receives MPEG-TS over SRT and demuxes the video. srtsrc has no caps of its own: the
// capsfilter says what SRT carries, so tsdemux links without typefinding.
func srtIn(src spec.Source) []Element {
	return []Element{
		el("srtsrc", NameSource, srtProps(src.Address, src.Port, src.SRTMode, src.LatencyMS, src.Passphrase)...),
		capsfilter("tscaps", "video/mpegts,systemstream=(boolean)true,packetsize=(int)188"),
		el("tsdemux", "demux", p("latency", itoa(latency(src)))),
		el(parserOf(src.Codec), "parse"),
	}
}
