package pipeline

import (
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// The seed's VLC recipe (MPEG-TS in RTP, which `vlc rtp://@:5000` opens without SDP):
// videotestsrc ! x264enc tune=zerolatency ! h264parse config-interval=-1 ! mpegtsmux ! rtpmp2tpay pt=33
// ! udpsink host=127.0.0.1 port=5000
func TestMPEGTSSenders(t *testing.T) {
	for _, c := range []struct {
		name, uri string
		chain     []string
	}{
		{"rtp", "rtp://127.0.0.1:5000?mux=ts", []string{"videotestsrc", "x264enc", "h264parse", "mpegtsmux", "rtpmp2tpay", "udpsink"}},
		{"udp", "udp://239.1.1.1:1234?ttl=1", []string{"videotestsrc", "x264enc", "h264parse", "mpegtsmux", "udpsink"}},
	} {
		s := testSpec(1280, 720, 30)
		out, err := spec.ParseOutput(c.uri)
		if err != nil {
			t.Fatal(err)
		}
		s.Output = out
		g, err := BuildStream(s, LinuxV4L2(), StreamOptions{Encoder: "x264enc"})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, c.chain...)
		prop(t, g, "h264parse", "config-interval", "-1")
		prop(t, g, "mpegtsmux", "alignment", "7")
		if c.name == "rtp" {
			prop(t, g, "rtpmp2tpay", "pt", "33")
		} else {
			prop(t, g, "udpsink", "ttl-mc", "1")
		}
		if _, ok := g.Find(NameFrames); !ok {
			t.Errorf("%s: no element named %q to count frames on: %s", c.name, NameFrames, g.LaunchLine())
		}
		golden(t, "mpegts-sender-"+c.name, g.LaunchLine())
	}
}

// A relay keeps its own parser (one per frame is enough) and muxes what it received.
func TestMPEGTSRelay(t *testing.T) {
	s := testSpec(0, 0, 0)
	s.Source = spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://cam/live", LatencyMS: 50}
	s.Output = spec.Output{Kind: spec.OutputUDP, Host: "127.0.0.1", Port: 1234}
	g, err := BuildStream(s, LinuxV4L2(), StreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "rtspsrc", "rtph264depay", "h264parse", "mpegtsmux", "udpsink")
	n := 0
	for _, e := range g.Elements {
		if e.Factory == "h264parse" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d h264parse in %s, want 1", n, g.LaunchLine())
	}
	golden(t, "mpegts-relay-rtsp-udp", g.LaunchLine())
}

// Receivers: rtp://@:5000?mux=ts and udp://@:1234 as stream sources, views and receivers.
func TestMPEGTSReceivers(t *testing.T) {
	for _, c := range []struct {
		name, uri string
		chain     []string
		caps      string
	}{
		{"rtp", "rtp://@:5000?mux=ts", []string{"udpsrc", "rtpjitterbuffer", "rtpmp2tdepay", "tsdemux", "h264parse"},
			"application/x-rtp,media=video,clock-rate=90000,encoding-name=MP2T,payload=33"},
		{"udp", "udp://239.1.2.3:1234", []string{"udpsrc", "tsdemux", "h264parse"},
			"video/mpegts,systemstream=(boolean)true,packetsize=(int)188"},
	} {
		src, err := spec.ParseSource(c.uri)
		if err != nil {
			t.Fatal(err)
		}
		v, err := BuildView(spec.ViewSpec{Source: src}, LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, v, append(c.chain, "avdec_h264", "videoconvert", "appsink")...)
		prop(t, v, "udpsrc", "caps", c.caps)
		prop(t, v, "tsdemux", "latency", "50")
		golden(t, "mpegts-view-"+c.name, v.LaunchLine())

		r, err := BuildReceiver(src, LinuxV4L2(), "avdec_h264", Element{Factory: "fakesink"})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, r, append(c.chain, "avdec_h264", "fakesink")...)

		s := testSpec(0, 0, 0)
		s.Source = src
		s.Output = spec.Output{Kind: spec.OutputServe, Mount: "ts"}
		g, err := BuildStream(s, LinuxV4L2(), StreamOptions{})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, append(c.chain, "appsink")...)
		golden(t, "mpegts-serve-"+c.name, g.LaunchLine())
	}
	if _, ok := func() (Graph, error) {
		src, _ := spec.ParseSource("udp://@:1234")
		return BuildView(spec.ViewSpec{Source: src}, LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"})
	}(); ok != nil {
		t.Fatal(ok)
	}
}
