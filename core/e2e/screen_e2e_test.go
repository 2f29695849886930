package e2e_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/tray/traytest"
	"github.com/gstcast/gstcast/core/internal/testbin"
)

// drawScreen paints an Xvfb display (1024x768): the left half lime green, the right half
// magenta, with ImageMagick's display on the root window.
func drawScreen(t *testing.T, display string) {
	t.Helper()
	img := filepath.Join(t.TempDir(), "screen.png")
	if out, code := testbin.Run(t, 30*time.Second, nil, "convert", "-size", "1024x768", "xc:magenta",
		"-fill", "lime", "-draw", "rectangle 0,0 511,767", img); code != 0 {
		t.Fatalf("convert: %s", out)
	}
	// display -window root sets the root window's background and exits (status 1 without a
	// window manager, the picture set all the same); what counts is what ximagesrc sees below.
	testbin.Run(t, 30*time.Second, nil, "display", "-display", display, "-window", "root", img)
}

// TestScreenCapture: screen:// captures an Xvfb display whose content the test drew; ffmpeg,
// reading the served RTSP stream, finds both colours where they were drawn, and a region shows
// only its part, at its size.
func TestScreenCapture(t *testing.T) {
	testbin.Need(t, "ffmpeg", "ffprobe", "convert", "display")
	display := traytest.Xvfb(t)
	drawScreen(t, display)
	port := freeTCPPort(t)
	p := startStream(t, "screen://?display="+display+"&fps=15", "--serve", "screen", "--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	if !strings.Contains(p.Output(), "ximagesrc use-damage=false display-name="+display) {
		t.Errorf("launch line:\n%s", p.Output())
	}
	url := servedURL(port, "screen")
	mustPlay(t, "tcp", url, "h264,1024,768")
	img := grabRGB(t, url, 64, 48)
	checkColour(t, img, 64, 10, 24, [3]int{0, 255, 0}, "the left half (drawn lime)")
	checkColour(t, img, 64, 54, 24, [3]int{255, 0, 255}, "the right half (drawn magenta)")

	// A 320x240 region of the magenta half, pointer drawn in.
	port2 := freeTCPPort(t)
	startStream(t, "screen://?display="+display+"&x=600&y=100&width=320&height=240&cursor=1", "--serve", "region",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port2))
	url = servedURL(port2, "region")
	mustPlay(t, "tcp", url, "h264,320,240")
	img = grabRGB(t, url, 32, 24)
	for _, xy := range [][2]int{{2, 2}, {29, 2}, {2, 21}, {29, 21}} {
		checkColour(t, img, 32, xy[0], xy[1], [3]int{255, 0, 255}, "the region (all in the magenta half)")
	}
}

// TestScreenBadInput: a display with no X server and a region on a platform without monitors
// are refused before anything starts, saying what is wrong.
func TestScreenBadInput(t *testing.T) {
	port := testbin.FreeUDPPort(t)
	for _, tc := range []struct{ uri, want string }{
		{"screen://?display=:87", "X display :87 is not there (no /tmp/.X11-unix/X87)"},
		{"screen://1?display=:87", "X display :87 is not there"},
		{"screen://?display=87", `display: "87" is not an X display name`},
		{"screen://?width=320", "needs both width and height"},
	} {
		got, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "stream", tc.uri, "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port))
		if code == 0 || !strings.Contains(got, tc.want) {
			t.Errorf("%s: exit %d, want %q:\n%s", tc.uri, code, tc.want, got)
		}
	}
	// A display that is there but a monitor index, which ximagesrc has not.
	display := traytest.Xvfb(t)
	got, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "stream", "screen://1?display="+display, "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port))
	if code == 0 || !strings.Contains(got, "ximagesrc has no monitors to choose from") {
		t.Errorf("screen://1 on X11: exit %d:\n%s", code, got)
	}
}
