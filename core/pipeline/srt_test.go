package pipeline

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func TestSRTGraphs(t *testing.T) {
	s := testSpec(1280, 720, 30)
	out, err := spec.ParseOutput("srt://203.0.113.5:9000?passphrase=0123456789abc&latency=200")
	if err != nil {
		t.Fatal(err)
	}
	s.Output = out
	g, err := BuildStream(s, LinuxV4L2(), StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "x264enc", "h264parse", "mpegtsmux", "srtsink")
	prop(t, g, "srtsink", "uri", "srt://203.0.113.5:9000")
	prop(t, g, "srtsink", "mode", "caller")
	prop(t, g, "srtsink", "latency", "200")
	line := g.LaunchLine()
	if strings.Contains(line, "0123456789abc") || !strings.Contains(line, `passphrase="***"`) {
		t.Errorf("launch line does not mask the passphrase: %s", line)
	}
	golden(t, "srt-sender-caller", line)

	src, err := spec.ParseSource("srt://:9000?mode=listener&codec=h265")
	if err != nil {
		t.Fatal(err)
	}
	s = testSpec(0, 0, 0)
	s.Source, s.Output = src, spec.Output{Kind: spec.OutputServe, Mount: "srt"}
	g, err = BuildStream(s, LinuxV4L2(), StreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "srtsrc", "capsfilter", "tsdemux", "h265parse", "capsfilter", "appsink")
	prop(t, g, "srtsrc", "localport", "9000")
	prop(t, g, "srtsrc", "mode", "listener")
	capsOf(t, g, "video/x-h265,stream-format=byte-stream")
	golden(t, "srt-relay-listener-serve", g.LaunchLine())

	v, err := BuildView(spec.ViewSpec{Source: src}, LinuxV4L2(), ViewOptions{Decoder: "avdec_h265"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, v, "srtsrc", "tsdemux", "h265parse", "avdec_h265", "appsink")
}
