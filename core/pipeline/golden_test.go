package pipeline

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func testSpec(w, h, fps int) spec.StreamSpec {
	return spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "smpte", Width: w, Height: h, FPSNum: fps, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5000, PayloadType: 96},
		Encoding: spec.Encoding{BitrateKbps: 2048},
	}
}

func camSpec(device, format string, w, h, fps int) spec.StreamSpec {
	s := testSpec(w, h, fps)
	s.Source = spec.Source{Kind: spec.SourceV4L2, Device: device, Format: format, Width: w, Height: h, FPSNum: fps, FPSDen: 1}
	return s
}

// kindSpec is a camera of another kind (argus, libcamera, mf).
func kindSpec(kind spec.SourceKind, device, format string, w, h, fps int) spec.StreamSpec {
	s := camSpec(device, format, w, h, fps)
	s.Source.Kind = kind
	return s
}

func mustProfile(t *testing.T, name string) Profile {
	t.Helper()
	p, ok := ProfileByName(name)
	if !ok {
		t.Fatalf("no profile %q", name)
	}
	return p
}

// golden compares a launch line with testdata/NAME.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./core/pipeline -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != got {
		t.Errorf("%s:\n got: %s\nwant: %s", name, got, strings.TrimSpace(string(want)))
	}
}

// chain checks that the seed recipe's elements appear in this order (others may sit between).
func chain(t *testing.T, g Graph, want ...string) {
	t.Helper()
	got := g.Factories()
	i := 0
	for _, f := range got {
		if i < len(want) && f == want[i] {
			i++
		}
	}
	if i != len(want) {
		t.Errorf("element chain %v does not contain %v in order", got, want)
	}
}

func prop(t *testing.T, g Graph, factory, name, want string) {
	t.Helper()
	for _, e := range g.Elements {
		if e.Factory == factory {
			if v, ok := e.Prop(name); ok && v == want {
				return
			}
			v, _ := e.Prop(name)
			t.Errorf("%s %s=%q, want %q", factory, name, v, want)
			return
		}
	}
	t.Errorf("no %s in %v", factory, g.Factories())
}

func capsOf(t *testing.T, g Graph, substr string) {
	t.Helper()
	if !slices.ContainsFunc(g.Elements, func(e Element) bool { return strings.Contains(e.Caps, substr) }) {
		t.Errorf("no capsfilter with %q in %s", substr, g.LaunchLine())
	}
}

// Seed: videotestsrc ! video/x-raw,width=1280,height=720,framerate=20/1 ! videoscale ! videoconvert
// ! x264enc tune=zerolatency bitrate=2048 speed-preset=superfast ! rtph264pay config-interval=1 pt=96
// ! udpsink host=127.0.0.1 port=5000
func TestSeedSoftwareSender(t *testing.T) {
	for _, prof := range []string{"linux-v4l2", "windows-mf", "rpi-v4l2m2m"} {
		g, err := BuildStream(testSpec(1280, 720, 20), mustProfile(t, prof), StreamOptions{Encoder: "x264enc"})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, "videotestsrc", "capsfilter", "videoconvert", "capsfilter", "x264enc", "capsfilter", "rtph264pay", "udpsink")
		capsOf(t, g, "width=1280,height=720,framerate=20/1")
		capsOf(t, g, "format=I420")
		capsOf(t, g, "video/x-h264,profile=high")
		prop(t, g, "x264enc", "tune", "zerolatency")
		prop(t, g, "x264enc", "bitrate", "2048")
		prop(t, g, "x264enc", "speed-preset", "superfast")
		prop(t, g, "rtph264pay", "pt", "96")
		prop(t, g, "udpsink", "host", "127.0.0.1")
		prop(t, g, "udpsink", "port", "5000")
		golden(t, "sender-"+prof+"-x264enc", g.LaunchLine())
	}
}

// Seed: udpsrc port=5000 caps="application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96"
// ! rtph264depay ! h264parse ! avdec_h264 ! videoconvert ! autovideosink sync=false
func TestSeedReceivers(t *testing.T) {
	sink := Element{Factory: "autovideosink", Props: []Prop{{Name: "sync", Value: "false"}}}
	rtp := spec.Source{Kind: spec.SourceRTP, Port: 5000, PayloadType: 96}
	g, err := BuildReceiver(rtp, LinuxV4L2(), "avdec_h264", sink)
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "udpsrc", "rtph264depay", "h264parse", "avdec_h264", "videoconvert", "autovideosink")
	prop(t, g, "udpsrc", "caps", "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96")
	prop(t, g, "autovideosink", "sync", "false")
	golden(t, "receiver-rtp-avdec_h264", g.LaunchLine())

	// Seed: rtspsrc location=rtsp://host:8554/camera latency=10 ! rtph264depay ! h264parse ! avdec_h264 ! videoconvert ! autovideosink
	rtsp := spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://host:8554/camera", LatencyMS: 10}
	g, err = BuildReceiver(rtsp, LinuxV4L2(), "avdec_h264", Element{Factory: "autovideosink"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "rtspsrc", "rtph264depay", "h264parse", "avdec_h264", "videoconvert", "autovideosink")
	prop(t, g, "rtspsrc", "location", "rtsp://host:8554/camera")
	prop(t, g, "rtspsrc", "latency", "10")
	golden(t, "receiver-rtsp-avdec_h264", g.LaunchLine())

	// Seed (Pi): … ! v4l2h264dec capture-io-mode=4 ! v4l2convert output-io-mode=5 capture-io-mode=4 ! autovideosink sync=false
	g, err = BuildReceiver(rtp, RPiV4L2M2M(), "v4l2h264dec", sink)
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "udpsrc", "rtph264depay", "h264parse", "v4l2h264dec", "v4l2convert", "autovideosink")
	prop(t, g, "v4l2h264dec", "capture-io-mode", "4")
	prop(t, g, "v4l2convert", "output-io-mode", "5")
	prop(t, g, "v4l2convert", "capture-io-mode", "4")
	golden(t, "receiver-rpi-v4l2h264dec", g.LaunchLine())

	for _, c := range []struct{ prof, dec string }{{"windows-mf", "d3d11h264dec"}, {"jetson-nvargus", "nvv4l2decoder"}, {"linux-v4l2", "nvh264dec"}} {
		g, err = BuildReceiver(rtp, mustProfile(t, c.prof), c.dec, sink)
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, "udpsrc", "rtph264depay", "h264parse", c.dec, "videoconvert", "autovideosink")
		golden(t, "receiver-"+c.prof+"-"+c.dec, g.LaunchLine())
	}
}

// Seed (Windows): mfvideosrc device-index=0 ! video/x-raw,width=1280,height=720,framerate=30/1 ! videoconvert ! x264enc …
func TestSeedWindowsCamera(t *testing.T) {
	prof := WindowsMF()
	g, err := BuildStream(kindSpec(spec.SourceMF, "0", "", 1280, 720, 30), prof, StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "mfvideosrc", "capsfilter", "videoconvert", "x264enc", "rtph264pay", "udpsink")
	prop(t, g, "mfvideosrc", "device-index", "0")
	capsOf(t, g, "video/x-raw,width=1280,height=720,framerate=30/1")
	golden(t, "sender-windows-mf-camera-x264enc", g.LaunchLine())

	// A device path (what GstDeviceMonitor reports) goes to device-path.
	g, err = BuildStream(kindSpec(spec.SourceMF, `\\?\usb#vid_046d&pid_0825`, "", 1280, 720, 30), prof, StreamOptions{Encoder: "mfh264enc"})
	if err != nil {
		t.Fatal(err)
	}
	prop(t, g, "mfvideosrc", "device-path", `\\?\usb#vid_046d&pid_0825`)
	prop(t, g, "mfh264enc", "bitrate", "2048")
	prop(t, g, "mfh264enc", "low-latency", "true")
	golden(t, "sender-windows-mf-camera-mfh264enc", g.LaunchLine())

	for _, enc := range []string{"nvh264enc", "qsvh264enc"} {
		g, err = BuildStream(kindSpec(spec.SourceMF, "0", "", 1280, 720, 30), prof, StreamOptions{Encoder: enc})
		if err != nil {
			t.Fatal(err)
		}
		chain(t, g, "mfvideosrc", "videoconvert", enc, "rtph264pay", "udpsink")
		golden(t, "sender-windows-mf-camera-"+enc, g.LaunchLine())
	}
}

// Seed (Jetson): nvarguscamerasrc ! video/x-raw(memory:NVMM),width=1920,height=1080,framerate=30/1
// ! nvv4l2h264enc bitrate=8000000 insert-sps-pps=true ! rtph264pay ! udpsink …
func TestSeedJetson(t *testing.T) {
	s := kindSpec(spec.SourceArgus, "0", "", 1920, 1080, 30)
	s.Encoding.BitrateKbps = 8000
	g, err := BuildStream(s, JetsonNvargus(), StreamOptions{Encoder: "nvv4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	// NVMM from the sensor to the encoder: no nvvidconv between them.
	if got, want := strings.Join(g.Factories(), " "), "nvarguscamerasrc capsfilter nvv4l2h264enc capsfilter rtph264pay udpsink"; got != want {
		t.Errorf("chain %s, want %s", got, want)
	}
	capsOf(t, g, "video/x-raw(memory:NVMM),format=NV12,width=1920,height=1080,framerate=30/1")
	prop(t, g, "nvarguscamerasrc", "sensor-id", "0")
	prop(t, g, "nvv4l2h264enc", "bitrate", "8000000")
	prop(t, g, "nvv4l2h264enc", "insert-sps-pps", "true")
	prop(t, g, "nvv4l2h264enc", "insert-vui", "true")
	prop(t, g, "nvv4l2h264enc", "control-rate", "1")
	prop(t, g, "nvv4l2h264enc", "idrinterval", "60")
	prop(t, g, "nvv4l2h264enc", "preset-level", "1")
	prop(t, g, "nvv4l2h264enc", "maxperf-enable", "true")
	prop(t, g, "nvv4l2h264enc", "profile", "4")
	golden(t, "sender-jetson-nvargus-nvv4l2h264enc", g.LaunchLine())

	// A sensor mode and Argus settings are properties of the source.
	m := s
	m.Source.Mode = "2"
	m.Source.Controls = []spec.Control{{Name: "wbmode", Value: "5"}, {Name: "gainrange", Value: "1 16"}}
	g, err = BuildStream(m, JetsonNvargus(), StreamOptions{Encoder: "nvv4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	prop(t, g, "nvarguscamerasrc", "sensor-mode", "2")
	prop(t, g, "nvarguscamerasrc", "wbmode", "5")
	prop(t, g, "nvarguscamerasrc", "gainrange", "1 16")
	golden(t, "sender-jetson-nvargus-mode-settings", g.LaunchLine())

	// A USB camera: system memory, so nvvidconv brings it to NVMM (the seed's Jetson USB line).
	g, err = BuildStream(camSpec("/dev/video1", "YUY2", 1280, 720, 30), JetsonNvargus(), StreamOptions{Encoder: "nvv4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "v4l2src", "capsfilter", "nvvidconv", "capsfilter", "nvv4l2h264enc", "rtph264pay")
	golden(t, "sender-jetson-nvargus-usb-nvv4l2h264enc", g.LaunchLine())
	// A test source too.
	g, err = BuildStream(testSpec(1280, 720, 30), JetsonNvargus(), StreamOptions{Encoder: "nvv4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "videotestsrc", "capsfilter", "nvvidconv", "capsfilter", "nvv4l2h264enc")

	// Orin Nano: no NVENC, x264enc after nvvidconv to system memory.
	g, err = BuildStream(s, JetsonNvargus(), StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "nvarguscamerasrc", "nvvidconv", "capsfilter", "x264enc", "rtph264pay")
	capsOf(t, g, "video/x-raw,format=I420")
	golden(t, "sender-jetson-nvargus-x264enc", g.LaunchLine())
}

// Seed (Pi): v4l2h264enc extra-controls="controls,video_bitrate=…,h264_i_frame_period=…,repeat_sequence_header=1"
// with caps video/x-h264,level=(string)4.1
func TestSeedRaspberryPi(t *testing.T) {
	s := camSpec("/dev/video0", "YUY2", 1280, 720, 30)
	g, err := BuildStream(s, RPiV4L2M2M(), StreamOptions{Encoder: "v4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "v4l2src", "capsfilter", "v4l2convert", "capsfilter", "v4l2h264enc", "capsfilter", "rtph264pay", "udpsink")
	prop(t, g, "v4l2src", "device", "/dev/video0")
	prop(t, g, "v4l2h264enc", "extra-controls", "controls,video_bitrate=2048000,h264_i_frame_period=60,repeat_sequence_header=1")
	capsOf(t, g, "video/x-h264,level=(string)4.1")
	golden(t, "sender-rpi-v4l2m2m-v4l2h264enc", g.LaunchLine())

	// Pi 5: no hardware encoder.
	g, err = BuildStream(s, RPiV4L2M2M(), StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "v4l2src", "videoconvert", "x264enc", "rtph264pay")
	golden(t, "sender-rpi-v4l2m2m-camera-x264enc", g.LaunchLine())
}

func TestLinuxSources(t *testing.T) {
	prof := LinuxV4L2()
	cases := []struct {
		name string
		s    spec.StreamSpec
		opt  StreamOptions
	}{
		{"v4l2-mjpg", camSpec("/dev/video0", "MJPG", 1920, 1080, 30), StreamOptions{Encoder: "vah264enc"}},
		{"v4l2-h264-passthrough", camSpec("/dev/video2", "H264", 1920, 1080, 30), StreamOptions{}},
		{"file-h264-passthrough", fileSpec("/media/my clip's.mp4"), StreamOptions{FileCodec: "h264"}},
		{"file-transcode", fileSpec("/media/clip.webm"), StreamOptions{FileCodec: "vp9", Encoder: "openh264enc"}},
		{"rtp-relay", netSpec(spec.Source{Kind: spec.SourceRTP, Address: "239.1.1.1", Port: 5600, PayloadType: 96}), StreamOptions{}},
		{"rtsp-relay", netSpec(spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://cam.local:554/stream?x=1&y=2", User: "admin", Password: "s3cret", Transport: "tcp"}), StreamOptions{}},
		{"v4l2h264enc", camSpec("/dev/video0", "", 640, 480, 30), StreamOptions{Encoder: "v4l2h264enc"}},
		{"nvh264enc", testSpec(1920, 1080, 30), StreamOptions{Encoder: "nvh264enc"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := BuildStream(c.s, prof, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(g.LaunchLine(), "s3cret") {
				t.Fatalf("password in launch line: %s", g.LaunchLine())
			}
			golden(t, "sender-linux-v4l2-"+c.name, g.LaunchLine())
		})
	}
}

func fileSpec(path string) spec.StreamSpec {
	s := testSpec(0, 0, 0)
	s.Source = spec.Source{Kind: spec.SourceFile, Path: path}
	return s
}

func netSpec(src spec.Source) spec.StreamSpec {
	s := testSpec(0, 0, 0)
	s.Source = src
	return s
}

func TestEveryProfileEncoderBuilds(t *testing.T) {
	for _, prof := range Profiles() {
		if len(prof.Encoders) == 0 || len(prof.Decoders) == 0 || prof.Camera.Element == "" {
			t.Errorf("profile %s is incomplete", prof.Name)
		}
		for _, e := range prof.Encoders {
			g, err := BuildStream(testSpec(640, 480, 30), prof, StreamOptions{Encoder: e.Element})
			if err != nil {
				t.Errorf("%s/%s: %v", prof.Name, e.Element, err)
				continue
			}
			if enc, ok := g.Find(NameEncoder); !ok || enc.Factory != e.Element {
				t.Errorf("%s/%s: encoder element missing: %s", prof.Name, e.Element, g.LaunchLine())
			}
		}
	}
	if _, err := BuildStream(testSpec(640, 480, 30), LinuxV4L2(), StreamOptions{Encoder: "nvv4l2h264enc"}); err == nil {
		t.Error("an encoder from another profile was accepted")
	}
}

func TestQuoting(t *testing.T) {
	cases := map[string]string{
		"plain":            "plain",
		"/tmp/a b.mp4":     `"/tmp/a b.mp4"`,
		`say "hi"`:         `"say \"hi\""`,
		`back\slash`:       `"back\\slash"`,
		"":                 `""`,
		"rtsp://h/p?a&b=1": `"rtsp://h/p?a&b=1"`,
	}
	for in, want := range cases {
		if got := gstQuote(in); got != want {
			t.Errorf("gstQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := shellQuote("location=\"it's\""); got != `'location="it'\''s"'` {
		t.Errorf("shellQuote = %s", got)
	}
}

// A served stream ends in one h264parse (a relay's own, told to repeat SPS/PPS) and an appsink
// that syncs only when nothing else paces the source (files).
func TestServedStreamEnding(t *testing.T) {
	serve := spec.Output{Kind: spec.OutputServe, Mount: "m"}
	for _, tc := range []struct {
		src       spec.Source
		enc       string
		parsers   int
		wantSync  string
		fileCodec string
	}{
		{spec.Source{Kind: spec.SourceRTP, Port: 5000}, "", 1, "false", ""},
		{spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://h/x"}, "", 1, "false", ""},
		{spec.Source{Kind: spec.SourceTest}, "x264enc", 1, "false", ""},
		{spec.Source{Kind: spec.SourceFile, Path: "/a.mp4"}, "", 1, "true", "h264"},
	} {
		g, err := BuildStream(spec.StreamSpec{Source: tc.src, Output: serve}, LinuxV4L2(), StreamOptions{Encoder: tc.enc, FileCodec: tc.fileCodec})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range g.Elements {
			if e.Factory == "h264parse" {
				n++
				if v, _ := e.Prop("config-interval"); v != "-1" {
					t.Errorf("%s: h264parse config-interval %q", tc.src.Kind, v)
				}
			}
		}
		sink := g.Elements[len(g.Elements)-1]
		if sync, _ := sink.Prop("sync"); n != tc.parsers || sink.Factory != "appsink" || sync != tc.wantSync {
			t.Errorf("%s: %d parsers, sink %s sync=%s\n%s", tc.src.Kind, n, sink.Factory, sync, g.LaunchLine())
		}
	}
}

// The platform cameras: a libcamera CSI camera on a Pi (libcamerasrc ! v4l2convert ! v4l2h264enc),
// MJPEG cameras through the probed JPEG decoder, V4L2 controls in extra-controls, a Windows
// screen, and the Jetson H.265 encoder.
func TestPlatformCameras(t *testing.T) {
	pi := RPiV4L2M2M()
	g, err := BuildStream(kindSpec(spec.SourceLibcamera, "/base/soc/i2c0mux/i2c@1/imx708@1a", "", 1280, 720, 30), pi, StreamOptions{Encoder: "v4l2h264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "libcamerasrc", "capsfilter", "v4l2convert", "capsfilter", "v4l2h264enc", "capsfilter", "rtph264pay")
	prop(t, g, "libcamerasrc", "camera-name", "/base/soc/i2c0mux/i2c@1/imx708@1a")
	golden(t, "sender-rpi-v4l2m2m-libcamera-v4l2h264enc", g.LaunchLine())
	g, err = BuildStream(kindSpec(spec.SourceLibcamera, "", "", 1280, 720, 30), pi, StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := g.Elements[0].Prop("camera-name"); ok {
		t.Errorf("libcamera:// (first camera) set camera-name: %s", g.LaunchLine())
	}
	chain(t, g, "libcamerasrc", "capsfilter", "videoconvert", "capsfilter", "x264enc")
	golden(t, "sender-rpi-v4l2m2m-libcamera-x264enc", g.LaunchLine())

	// Seed (Windows MJPEG): mfvideosrc device-index=0 ! image/jpeg, width=1280, height=720 ! jpegdec ! videoconvert …
	win := WindowsMF()
	mj := kindSpec(spec.SourceMF, "0", "MJPG", 1280, 720, 30)
	g, err = BuildStream(mj, win, StreamOptions{Encoder: "mfh264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "mfvideosrc", "capsfilter", "jpegdec", "videoconvert", "capsfilter", "mfh264enc")
	capsOf(t, g, "image/jpeg,width=1280,height=720,framerate=30/1")
	golden(t, "sender-windows-mf-mjpeg-jpegdec-mfh264enc", g.LaunchLine())
	g, err = BuildStream(mj, win, StreamOptions{Encoder: "mfh264enc", JPEGDecoder: "qsvjpegdec"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "mfvideosrc", "capsfilter", "qsvjpegdec", "videoconvert", "mfh264enc")
	if _, err := BuildStream(mj, win, StreamOptions{Encoder: "mfh264enc", JPEGDecoder: "nope"}); err == nil {
		t.Error("an unknown JPEG decoder was accepted")
	}
	for _, e := range g.Elements {
		if e.Factory == "mfh264enc" {
			for _, p := range e.Props {
				if p.Name != "bitrate" && !p.Optional {
					t.Errorf("mfh264enc %s is not optional (the MFT may lack it)", p.Name)
				}
			}
		}
	}

	// Seed (v4l2-ctl --set-ctrl): controls go into v4l2src extra-controls, in the order given.
	c := camSpec("/dev/video0", "YUY2", 640, 480, 30)
	c.Source.Controls = []spec.Control{{Name: "exposure_auto", Value: "1"}, {Name: "exposure_time_absolute", Value: "100"}, {Name: "gain", Value: "16"}}
	for _, prof := range []Profile{LinuxV4L2(), pi, JetsonNvargus()} {
		g, err = BuildStream(c, prof, StreamOptions{Encoder: "x264enc"})
		if err != nil {
			t.Fatal(err)
		}
		prop(t, g, "v4l2src", "extra-controls", "controls,exposure_auto=1,exposure_time_absolute=100,gain=16")
	}
	golden(t, "sender-jetson-nvargus-usb-controls-x264enc", g.LaunchLine())

	// Windows screen (DXGI desktop duplication).
	sc, err := win.Screen.Chain(ScreenOptions{Monitor: 1, Cursor: true, X: 100, Y: 50, Width: 1280, Height: 720, FPSNum: 30})
	if err != nil {
		t.Fatal(err)
	}
	sg := Graph{Live: true, Elements: append(sc, EncodeChain(mfh264enc(), win, spec.Encoding{}.WithDefaults())...)}
	chain(t, sg, "d3d11screencapturesrc", "capsfilter", "d3d11download", "capsfilter", "videoconvert", "capsfilter", "mfh264enc")
	prop(t, sg, "d3d11screencapturesrc", "monitor-index", "1")
	prop(t, sg, "d3d11screencapturesrc", "show-cursor", "true")
	prop(t, sg, "d3d11screencapturesrc", "crop-width", "1280")
	capsOf(t, sg, "video/x-raw(memory:D3D11Memory),format=BGRA,framerate=30/1")
	golden(t, "screen-windows-mf-d3d11screencapturesrc", sg.LaunchLine())
	if _, err := JetsonNvargus().Screen.Chain(ScreenOptions{}); err == nil {
		t.Error("a profile without a screen element made a screen chain")
	}

	// Jetson H.265: the same NVMM input, bitrate in bit/s.
	h := JetsonNvargus().H265Encoders[0]
	hg := Graph{Elements: EncodeChain(h, JetsonNvargus(), spec.Encoding{BitrateKbps: 4000}.WithDefaults())}
	chain(t, hg, "nvvidconv", "capsfilter", "nvv4l2h265enc", "capsfilter")
	prop(t, hg, "nvv4l2h265enc", "bitrate", "4000000")
	golden(t, "encode-jetson-nvargus-nvv4l2h265enc", hg.LaunchLine())
}
