package pipeline

import (
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func h265Spec() spec.StreamSpec {
	s := testSpec(1280, 720, 30)
	s.Encoding.Codec = "h265"
	return s
}

// videotestsrc ! x265enc tune=zerolatency … ! video/x-h265,profile=main ! rtph265pay ! udpsink
func TestH265Sender(t *testing.T) {
	g, err := BuildStream(h265Spec(), LinuxV4L2(), StreamOptions{Encoder: "x265enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "videotestsrc", "videoconvert", "x265enc", "capsfilter", "rtph265pay", "udpsink")
	capsOf(t, g, "video/x-h265,profile=main")
	prop(t, g, "x265enc", "tune", "zerolatency")
	prop(t, g, "x265enc", "bitrate", "2048")
	prop(t, g, "rtph265pay", "config-interval", "-1")
	golden(t, "h265-sender-x265enc", g.LaunchLine())

	if _, err := BuildStream(h265Spec(), LinuxV4L2(), StreamOptions{Encoder: "x264enc"}); err == nil {
		t.Error("an H.265 stream built with x264enc")
	}

	s := h265Spec()
	s.Output = spec.Output{Kind: spec.OutputServe, Mount: "hevc"}
	g, err = BuildStream(s, LinuxV4L2(), StreamOptions{Encoder: "x265enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "x265enc", "h265parse", "capsfilter", "appsink")
	capsOf(t, g, "video/x-h265,stream-format=byte-stream,alignment=au")
	golden(t, "h265-serve-x265enc", g.LaunchLine())

	s.Output, _ = spec.ParseOutput("udp://127.0.0.1:1234")
	g, err = BuildStream(s, LinuxV4L2(), StreamOptions{Encoder: "x265enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "x265enc", "h265parse", "mpegtsmux", "udpsink")
}

// Each profile's hardware H.265 encoders build, with their own converters and caps.
func TestEveryProfileH265EncoderBuilds(t *testing.T) {
	for _, prof := range Profiles() {
		if len(prof.H265Encoders) == 0 || len(prof.H265Decoders) == 0 {
			t.Errorf("%s: no H.265 encoders or decoders", prof.Name)
		}
		for _, e := range prof.H265Encoders {
			g, err := BuildStream(h265Spec(), prof, StreamOptions{Encoder: e.Element})
			if err != nil {
				t.Errorf("%s %s: %v", prof.Name, e.Element, err)
				continue
			}
			chain(t, g, e.Element, "rtph265pay", "udpsink")
		}
		for _, d := range prof.H265Decoders {
			if d.Codec != "h265" {
				t.Errorf("%s: decoder %s is in the H.265 list without Codec h265", prof.Name, d.Element)
			}
		}
	}
	want := map[string][]string{
		"linux-v4l2":     {"vah265enc", "v4l2h265enc", "nvh265enc", "x265enc"},
		"windows-mf":     {"nvh265enc", "qsvh265enc", "mfh265enc", "x265enc"},
		"jetson-nvargus": {"nvv4l2h265enc", "x265enc"},
		"rpi-v4l2m2m":    {"v4l2h265enc", "x265enc"},
	}
	for name, encs := range want {
		prof := mustProfile(t, name)
		for i, e := range encs {
			if i >= len(prof.H265Encoders) || prof.H265Encoders[i].Element != e {
				t.Errorf("%s: H.265 encoders %v, want %v", name, prof.ForCodec("h265").Encoders, encs)
				break
			}
		}
	}
	if d := LinuxV4L2().H265Decoders; d[0].Element != "vah265dec" || d[len(d)-1].Element != "avdec_h265" {
		t.Errorf("linux-v4l2 H.265 decoders %+v", d)
	}
}

// rtp://@:5000?codec=h265: depayloaded as H.265, relayed or decoded by an H.265 decoder.
func TestH265Receive(t *testing.T) {
	src, err := spec.ParseSource("rtp://@:5000?codec=h265")
	if err != nil {
		t.Fatal(err)
	}
	v, err := BuildView(spec.ViewSpec{Source: src}, LinuxV4L2(), ViewOptions{Decoder: "avdec_h265"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, v, "udpsrc", "rtpjitterbuffer", "rtph265depay", "h265parse", "avdec_h265", "videoconvert", "appsink")
	prop(t, v, "udpsrc", "caps", "application/x-rtp,media=video,clock-rate=90000,encoding-name=H265,payload=96")
	golden(t, "h265-view-rtp-avdec_h265", v.LaunchLine())
	if _, err := BuildView(spec.ViewSpec{Source: src}, LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"}); err == nil {
		t.Error("an H.265 view built with avdec_h264")
	}

	s := testSpec(0, 0, 0)
	s.Source = src
	s.Output = spec.Output{Kind: spec.OutputServe, Mount: "relay"}
	g, err := BuildStream(s, LinuxV4L2(), StreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "udpsrc", "rtph265depay", "h265parse", "capsfilter", "appsink")
	capsOf(t, g, "video/x-h265,stream-format=byte-stream,alignment=au")
	golden(t, "h265-relay-rtp-serve", g.LaunchLine())
}

func TestH265DecodeTest(t *testing.T) {
	d := h265Decoders([]Decoder{avdecH264()})[0]
	g, err := DecodeTestGraph(d, "x265enc")
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "videotestsrc", "x265enc", "h265parse", "avdec_h265", "fakesink")
	if _, err := DecodeTestGraph(d, "x264enc"); err == nil {
		t.Error("H.265 decoder test-decoded with H.264 video")
	}
}
