package pipeline

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func mustSource(t *testing.T, uri string) spec.Source {
	t.Helper()
	src, err := spec.ParseSource(uri)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// Frames from a program: bytes on a pipe cut into frames by rawvideoparse, or shm buffers with
// their caps, then the chosen encoder; served (the RTSP mount's appsink) or sent as RTP.
func TestRawFrameSenders(t *testing.T) {
	prof := LinuxV4L2()
	s := testSpec(640, 480, 30)
	s.Source = mustSource(t, "fd://0?format=BGR&width=640&height=480&fps=30")
	g, err := BuildStream(s, prof, StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "fdsrc", "rawvideoparse", "capsfilter", "videoconvert", "capsfilter", "x264enc", "capsfilter", "rtph264pay", "udpsink")
	prop(t, g, "fdsrc", "fd", "0")
	prop(t, g, "rawvideoparse", "format", "bgr")
	prop(t, g, "rawvideoparse", "framerate", "30/1")
	prop(t, g, "udpsink", "sync", "false") // the program paces the frames
	capsOf(t, g, "video/x-raw,format=BGR,width=640,height=480,framerate=30/1")
	golden(t, "sender-linux-v4l2-fd-bgr-x264enc", g.LaunchLine())

	s.Source = mustSource(t, "shm:///tmp/my%20frames?format=I420&width=1280&height=720&fps=60")
	s.Output = spec.Output{Kind: spec.OutputServe, Mount: "prog"}
	g, err = BuildStream(s, prof, StreamOptions{Encoder: "vah264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "shmsrc", "capsfilter", "videoconvert", "capsfilter", "vah264enc", "capsfilter", "h264parse", "capsfilter", "appsink")
	prop(t, g, "shmsrc", "socket-path", "/tmp/my frames")
	prop(t, g, "shmsrc", "is-live", "true")
	prop(t, g, "shmsrc", "do-timestamp", "true")
	golden(t, "sender-linux-v4l2-shm-i420-vah264enc-serve", g.LaunchLine())
	if !strings.Contains(g.LaunchLine(), `socket-path="/tmp/my frames"`) {
		t.Errorf("the path is not quoted: %s", g.LaunchLine())
	}

	// A hand-built source without its size is refused, not guessed.
	s.Source = spec.Source{Kind: spec.SourceFD, Path: "/tmp/f", Format: "BGR"}
	if _, err := BuildStream(s, prof, StreamOptions{Encoder: "x264enc"}); err == nil {
		t.Error("a raw-frame source without width and height was built")
	}
	// Jetson and Pi do not take them (their converters are not videoconvert): linux-v4l2 does.
	for _, p := range []Profile{JetsonNvargus(), RPiV4L2M2M(), WindowsMF()} {
		for _, k := range p.SourceKinds {
			if k == spec.SourceFD || k == spec.SourceSHM {
				t.Errorf("%s takes %s sources", p.Name, k)
			}
		}
	}
}

// Screens: ximagesrc on Linux (region as startx/starty/endx/endy, inclusive), the monitor index on
// Windows; what a platform cannot do is an error that says so.
func TestScreenSenders(t *testing.T) {
	prof := LinuxV4L2()
	s := testSpec(0, 0, 0)
	s.Source = mustSource(t, "screen://?display=:99&x=10&y=20&width=320&height=240&cursor=1&fps=15")
	g, err := BuildStream(s, prof, StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	chain(t, g, "ximagesrc", "capsfilter", "videoconvert", "capsfilter", "x264enc", "rtph264pay", "udpsink")
	prop(t, g, "ximagesrc", "display-name", ":99")
	prop(t, g, "ximagesrc", "startx", "10")
	prop(t, g, "ximagesrc", "endx", "329")
	prop(t, g, "ximagesrc", "endy", "259")
	prop(t, g, "ximagesrc", "show-pointer", "true")
	prop(t, g, "ximagesrc", "use-damage", "false")
	capsOf(t, g, "video/x-raw,framerate=15/1")
	golden(t, "sender-linux-v4l2-screen-x11-x264enc", g.LaunchLine())

	s.Source = mustSource(t, "screen://")
	if g, err = BuildStream(s, prof, StreamOptions{Encoder: "x264enc"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := g.Elements[0].Prop("display-name"); ok {
		t.Errorf("screen:// named a display (the plugin's $DISPLAY is the default): %s", g.LaunchLine())
	}
	prop(t, g, "ximagesrc", "show-pointer", "false")

	for uri, want := range map[string]string{
		"screen://1":                 "no monitors to choose from",
		"screen://?capture=pipewire": "xdg-desktop-portal",
		"screen://?capture=d3d11":    "captures screens with x11, not d3d11",
	} {
		s.Source = mustSource(t, uri)
		if _, err := BuildStream(s, prof, StreamOptions{Encoder: "x264enc"}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", uri, err, want)
		}
	}

	win := WindowsMF()
	s.Source = mustSource(t, "screen://1?x=100&y=50&width=1280&height=720&capture=d3d11")
	if g, err = BuildStream(s, win, StreamOptions{Encoder: "mfh264enc"}); err != nil {
		t.Fatal(err)
	}
	chain(t, g, "d3d11screencapturesrc", "capsfilter", "d3d11download", "capsfilter", "videoconvert", "capsfilter", "mfh264enc")
	prop(t, g, "d3d11screencapturesrc", "monitor-index", "1")
	prop(t, g, "d3d11screencapturesrc", "crop-width", "1280")
	s.Source = mustSource(t, "screen://?display=:0")
	if _, err := BuildStream(s, win, StreamOptions{Encoder: "mfh264enc"}); err == nil {
		t.Error("a Windows screen took an X display")
	}
	s.Source = mustSource(t, "screen://")
	if _, err := BuildStream(s, JetsonNvargus(), StreamOptions{Encoder: "x264enc"}); err == nil {
		t.Error("a profile without a screen element built a screen stream")
	}
}
