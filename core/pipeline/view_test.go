package pipeline

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func view(src spec.Source) spec.ViewSpec { return spec.ViewSpec{Name: "v", Source: src} }

// Seed receiver, with the viewer's end: … ! avdec_h264 ! videoconvert ! video/x-raw,format=RGBA
// ! appsink sync=false max-buffers=1 drop=true.
func TestViewRTP(t *testing.T) {
	rtp := spec.Source{Kind: spec.SourceRTP, Port: 5000, PayloadType: 96}
	g, err := BuildView(view(rtp), LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "udpsrc", "rtpjitterbuffer", "rtph264depay", "h264parse", "avdec_h264", "videoconvert", "capsfilter", "appsink")
	prop(t, g, "udpsrc", "caps", "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96")
	prop(t, g, "rtpjitterbuffer", "latency", "50")
	prop(t, g, "appsink", "sync", "false")
	prop(t, g, "appsink", "async", "false")
	prop(t, g, "appsink", "max-buffers", "1")
	prop(t, g, "appsink", "drop", "true")
	capsOf(t, g, "video/x-raw,format=RGBA")
	if d, ok := g.Find(NameDecoder); !ok || d.Factory != "avdec_h264" {
		t.Errorf("no decoder named %q: %s", NameDecoder, g.LaunchLine())
	}
	golden(t, "view-linux-v4l2-rtp-avdec_h264", g.LaunchLine())

	rtp.Address, rtp.LatencyMS = "239.1.1.1", 200
	g, err = BuildView(view(rtp), LinuxV4L2(), ViewOptions{Decoder: "vah264dec"})
	if err != nil {
		t.Fatal(err)
	}
	prop(t, g, "udpsrc", "address", "239.1.1.1")
	prop(t, g, "rtpjitterbuffer", "latency", "200")
	golden(t, "view-linux-v4l2-rtp-multicast-vah264dec", g.LaunchLine())
}

// rtspsrc with the spec's latency (default 50 ms), transport and credentials as properties,
// the password masked in the exported line.
func TestViewRTSP(t *testing.T) {
	src := spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://cam.local:554/live?ch=1&sub=0", User: "admin", Password: "s3cret", Transport: "tcp"}
	g, err := BuildView(view(src), LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "rtspsrc", "rtph264depay", "h264parse", "avdec_h264", "videoconvert", "capsfilter", "appsink")
	prop(t, g, "rtspsrc", "latency", "50")
	prop(t, g, "rtspsrc", "protocols", "tcp")
	prop(t, g, "rtspsrc", "user-id", "admin")
	prop(t, g, "appsink", "sync", "false")
	if line := g.LaunchLine(); strings.Contains(line, "s3cret") || !strings.Contains(line, "***") {
		t.Fatalf("password not masked: %s", line)
	}
	golden(t, "view-linux-v4l2-rtsp-avdec_h264", g.LaunchLine())

	src = spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://host:8554/camera", LatencyMS: 10, Transport: "udp"}
	g, err = BuildView(view(src), LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"})
	if err != nil {
		t.Fatal(err)
	}
	prop(t, g, "rtspsrc", "latency", "10")
	prop(t, g, "rtspsrc", "protocols", "udp")
	golden(t, "view-linux-v4l2-rtsp-udp-avdec_h264", g.LaunchLine())
}

// Files play at their own rate (sync=true): H.264 is demuxed by parsebin and decoded by the
// probed decoder, anything else goes through decodebin.
func TestViewFile(t *testing.T) {
	src := spec.Source{Kind: spec.SourceFile, Path: "/media/my clip's.mp4"}
	g, err := BuildView(view(src), LinuxV4L2(), ViewOptions{Decoder: "avdec_h264", FileCodec: "h264"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "filesrc", "parsebin", "h264parse", "avdec_h264", "videoconvert", "capsfilter", "appsink")
	prop(t, g, "appsink", "sync", "true")
	if g.Live {
		t.Error("a file view is not live")
	}
	golden(t, "view-linux-v4l2-file-h264-avdec_h264", g.LaunchLine())

	g, err = BuildView(view(spec.Source{Kind: spec.SourceFile, Path: "/media/clip.webm"}), LinuxV4L2(), ViewOptions{FileCodec: "x-vp9"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "filesrc", "decodebin", "videoconvert", "capsfilter", "appsink")
	if d, ok := g.Find(NameDecoder); !ok || d.Factory != "decodebin" {
		t.Errorf("decodebin is not named %q: %s", NameDecoder, g.LaunchLine())
	}
	prop(t, g, "appsink", "sync", "true")
	golden(t, "view-linux-v4l2-file-vp9-decodebin", g.LaunchLine())
}

// The hardware profiles: each decoder's frames reach system-memory RGBA through the
// platform's converter (GPU conversion where there is one).
func TestViewHardwareProfiles(t *testing.T) {
	rtp := spec.Source{Kind: spec.SourceRTP, Port: 5000, PayloadType: 96}
	for _, c := range []struct {
		prof, dec string
		chain     []string
	}{
		// Jetson: nvvidconv converts NVMM NV12 to RGBA on the VIC.
		{"jetson-nvargus", "nvv4l2decoder", []string{"nvv4l2decoder", "nvvidconv", "capsfilter", "videoconvert", "capsfilter", "appsink"}},
		// Pi: the seed's v4l2convert (DMABUF in and out), videoconvert makes RGBA from what it gives.
		{"rpi-v4l2m2m", "v4l2h264dec", []string{"v4l2h264dec", "v4l2convert", "videoconvert", "capsfilter", "appsink"}},
		// Windows: convert on the GPU, download only the RGBA frame.
		{"windows-mf", "d3d11h264dec", []string{"d3d11h264dec", "d3d11convert", "capsfilter", "d3d11download", "videoconvert", "capsfilter", "appsink"}},
		{"windows-mf", "nvh264dec", []string{"nvh264dec", "videoconvert", "capsfilter", "appsink"}},
		{"linux-v4l2", "nvh264dec", []string{"nvh264dec", "videoconvert", "capsfilter", "appsink"}},
	} {
		g, err := BuildView(view(rtp), mustProfile(t, c.prof), ViewOptions{Decoder: c.dec})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, append([]string{"udpsrc", "rtph264depay", "h264parse"}, c.chain...)...)
		golden(t, "view-"+c.prof+"-"+c.dec, g.LaunchLine())
	}
	g, _ := BuildView(view(rtp), JetsonNvargus(), ViewOptions{Decoder: "nvv4l2decoder"})
	capsOf(t, g, "video/x-raw,format=RGBA")
	g, _ = BuildView(view(rtp), WindowsMF(), ViewOptions{Decoder: "d3d11h264dec"})
	capsOf(t, g, "video/x-raw(memory:D3D11Memory),format=RGBA")
	g, _ = BuildView(view(rtp), RPiV4L2M2M(), ViewOptions{Decoder: "v4l2h264dec"})
	prop(t, g, "v4l2h264dec", "capture-io-mode", "4")
	prop(t, g, "v4l2convert", "output-io-mode", "5")
}

func TestEveryProfileDecoderBuilds(t *testing.T) {
	rtp := spec.Source{Kind: spec.SourceRTP, Port: 5000}
	for _, prof := range Profiles() {
		for _, d := range prof.Decoders {
			if _, err := BuildView(view(rtp), prof, ViewOptions{Decoder: d.Element}); err != nil {
				t.Errorf("%s/%s: %v", prof.Name, d.Element, err)
			}
			for _, enc := range []string{"x264enc", "openh264enc"} {
				g, err := DecodeTestGraph(d, enc)
				if err != nil {
					t.Fatalf("%s/%s/%s: %v", prof.Name, d.Element, enc, err)
				}
				chain(t, g, "videotestsrc", enc, "h264parse", d.Element, "videoconvert", "fakesink")
			}
		}
	}
	if _, err := BuildView(view(rtp), LinuxV4L2(), ViewOptions{Decoder: "nvv4l2decoder"}); err == nil {
		t.Error("a decoder from another profile was accepted")
	}
	if _, err := BuildView(view(spec.Source{Kind: spec.SourceTest}), LinuxV4L2(), ViewOptions{Decoder: "avdec_h264"}); err == nil {
		t.Error("a test source was accepted as a view")
	}
	if _, err := DecodeTestGraph(avdecH264(), "vah264enc"); err == nil {
		t.Error("a hardware encoder was accepted for test video")
	}
	g, _ := DecodeTestGraph(avdecH264(), "x264enc")
	golden(t, "decodetest-avdec_h264-x264enc", g.LaunchLine())
}
