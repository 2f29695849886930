package e2e_test

// The viewer end to end: gstcast serves a known pattern, `gstcast view` opens it in a real Fyne
// window on an Xvfb display, and a screenshot of the display (ImageMagick's import) must show
// the pattern's colours. The plugin decodes; the host only maps the frame ring and draws.

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// xvfb starts a virtual display and returns its DISPLAY value.
func xvfb(t *testing.T) string {
	t.Helper()
	testbin.Need(t, "Xvfb", "import")
	for n := 90; n < 400; n++ {
		if staleDisplay(n) {
			// An Xvfb killed with its test left its lock and socket behind.
			os.Remove(fmt.Sprintf("/tmp/.X%d-lock", n))
			os.Remove(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		d := fmt.Sprintf(":%d", n)
		p := testbin.Start(t, nil, "Xvfb", d, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
				return d
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start:\n%s", d, p.Output())
	}
	t.Fatal("no free X display number")
	return ""
}

// staleDisplay says whether display n's lock file names a process that is gone.
func staleDisplay(n int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/tmp/.X%d-lock", n))
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return false
	}
	return syscall.Kill(pid, 0) != nil
}

func screenshot(t *testing.T, display string) image.Image {
	t.Helper()
	out, code := testbin.Run(t, 30*time.Second, []string{"DISPLAY=" + display}, "import", "-window", "root", "png:-")
	if code != 0 {
		t.Fatalf("import failed (%d): %.300s", code, out)
	}
	img, err := png.Decode(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return img
}

// share is the fraction of the screenshot's pixels whose channels are high (1) or low (0) as
// want says: the bars' colours at 75% or 100%, after H.264 and colour conversion.
func share(img image.Image, want [3]int) float64 {
	bd := img.Bounds()
	n, hit := 0, 0
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			n++
			ok := true
			for i, v := range []uint32{pr >> 8, pg >> 8, pb >> 8} {
				if want[i] == 1 && v < 150 || want[i] == 0 && v > 90 {
					ok = false
				}
			}
			if ok {
				hit++
			}
		}
	}
	return float64(hit) / float64(n)
}

func startView(t *testing.T, display string, args ...string) *testbin.Proc {
	t.Helper()
	env := append(pluginEnv(t), "DISPLAY="+display, "LANG=C.UTF-8")
	return testbin.Start(t, env, testbin.Gstcast(t), append([]string{"view"}, args...)...)
}

// waitColours takes screenshots until the SMPTE bars' colours fill a good part of the screen.
func waitColours(t *testing.T, display string, what string, p *testbin.Proc) {
	t.Helper()
	bars := []struct {
		name string
		rgb  [3]int
	}{{"yellow", [3]int{1, 1, 0}}, {"cyan", [3]int{0, 1, 1}}, {"green", [3]int{0, 1, 0}}, {"magenta", [3]int{1, 0, 1}}}
	deadline := time.Now().Add(45 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		img := screenshot(t, display)
		ok := true
		var got []string
		for _, c := range bars {
			s := share(img, c.rgb)
			got = append(got, fmt.Sprintf("%s %.1f%%", c.name, 100*s))
			ok = ok && s > 0.01
		}
		last = strings.Join(got, ", ")
		if ok {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	if p != nil {
		t.Logf("viewer output:\n%s", p.Output())
	}
	t.Fatalf("%s: the SMPTE colours are not on screen (%s)", what, last)
}

func TestViewShowsTheStreamInAWindow(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	display := xvfb(t)
	port := freeTCPPort(t)
	cfg := writeConfig(t, fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: bars, source: \"test://smpte?width=640&height=360\", keyframe: 15, stamp: true}\n", port))
	startServe(t, cfg)
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/bars", port)
	trace := filepath.Join(t.TempDir(), "trace")
	v := startView(t, display, url, "--latency", "50", "--trace", trace)
	v.WaitOutput(t, "decoder:  avdec_h264", 60*time.Second)
	waitColours(t, display, "rtsp view", v)
	v.WaitOutput(t, "first frame on screen after", 10*time.Second)
	checkLatency(t, trace)

	// The decoding plugin dies: the picture comes back by itself.
	plugins := testbin.Children(v.Cmd.Process.Pid)
	if len(plugins) == 0 {
		t.Fatal("no plugin process under gstcast view")
	}
	for _, pid := range plugins {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	time.Sleep(3 * time.Second)
	waitColours(t, display, "after the plugin was killed", v)
	if v.Cmd.ProcessState != nil {
		t.Fatalf("gstcast view exited:\n%s", v.Output())
	}
	v.Signal(syscall.SIGINT)
	if code := v.Wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit %d after Ctrl-C:\n%s", code, v.Output())
	}
}

// An RTP stream described by an SDP file (written by gstcast sdp) opens in the window.
func TestViewRTPFromSDP(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	display := xvfb(t)
	udp := testbin.FreeUDPPort(t)
	sdpFile := filepath.Join(t.TempDir(), "s.sdp")
	out, code := testbin.Run(t, 30*time.Second, pluginEnv(t), testbin.Gstcast(t), "sdp", "--to", "rtp://127.0.0.1:"+strconv.Itoa(udp))
	if code != 0 {
		t.Fatalf("gstcast sdp: %s", out)
	}
	if err := os.WriteFile(sdpFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	v := startView(t, display, sdpFile)
	v.WaitOutput(t, "viewing", 60*time.Second)
	testbin.Start(t, nil, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=smpte", "!",
		"video/x-raw,width=640,height=360,framerate=30/1", "!", "x264enc", "tune=zerolatency", "key-int-max=15", "!",
		"rtph264pay", "config-interval=-1", "pt=96", "!", "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(udp))
	waitColours(t, display, "rtp view", v)
}

// Bad input shows a state in the window or a clear error, never a hang or a crash.
func TestViewBadInput(t *testing.T) {
	display := xvfb(t)
	// Unreachable: the window opens and retries; the process stays up until told to stop.
	closed := freeTCPPort(t)
	v := startView(t, display, fmt.Sprintf("rtsp://127.0.0.1:%d/none", closed))
	v.WaitOutput(t, "retrying", 60*time.Second)
	time.Sleep(2 * time.Second)
	if v.Cmd.ProcessState != nil || strings.Contains(v.Output(), "panic") {
		t.Fatalf("unreachable host: the viewer ended:\n%s", v.Output())
	}
	v.Signal(syscall.SIGINT)
	if code := v.Wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit %d after Ctrl-C:\n%s", code, v.Output())
	}

	// Garbage on the UDP port: no frames, no crash.
	udp := testbin.FreeUDPPort(t)
	g := startView(t, display, fmt.Sprintf("rtp://@:%d", udp))
	g.WaitOutput(t, "viewing", 60*time.Second)
	for i := 0; i < 200; i++ {
		sendUDP(t, udp, bytes.Repeat([]byte{byte(i), 0xff, 0x13}, 100))
	}
	time.Sleep(2 * time.Second)
	if g.Cmd.ProcessState != nil || strings.Contains(g.Output(), "panic") {
		t.Fatalf("garbage on the port: the viewer ended:\n%s", g.Output())
	}

	// Errors that cannot heal end the command with a message.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"test://smpte"}, "cannot be viewed"},
		{[]string{"/nonexistent/x.sdp"}, "no such file"},
		{[]string{"rtp://@:5000", "--transport", "tcp"}, "rtsp"},
	} {
		out, code := testbin.Run(t, 60*time.Second, append(pluginEnv(t), "DISPLAY="+display), testbin.Gstcast(t), append([]string{"view"}, tc.args...)...)
		if code == 0 || !strings.Contains(out, tc.want) || strings.Contains(out, "panic") {
			t.Errorf("view %v: exit %d:\n%s", tc.args, code, out)
		}
	}
	// Without a display: a clear error.
	out, code := testbin.Run(t, 60*time.Second, append(pluginEnv(t), "DISPLAY="), testbin.Gstcast(t), "view", fmt.Sprintf("rtp://@:%d", testbin.FreeUDPPort(t)))
	if code == 0 || !strings.Contains(out, "DISPLAY") {
		t.Errorf("no display: exit %d:\n%s", code, out)
	}
}

func sendUDP(t *testing.T, port int, b []byte) {
	t.Helper()
	c, err := net.Dial("udp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = c.Write(b)
}

// checkLatency reads a --trace file: frames carry the sender's capture stamp, so the window can
// show glass-to-glass latency, and it is plausible (same machine, same clock).
func checkLatency(t *testing.T, trace string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(trace)
		var lat []int64
		for _, line := range testbin.Lines(string(b)) {
			var seq, capt, shown int64
			if _, err := fmt.Sscan(line, &seq, &capt, &shown); err == nil && capt > 0 {
				lat = append(lat, shown-capt)
			}
		}
		if len(lat) >= 30 {
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			if med := lat[len(lat)/2]; med < 0 || med > 2000 {
				t.Fatalf("median glass-to-glass latency %d ms over %d frames", med, len(lat))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d stamped frames in the trace:\n%.500s", len(lat), b)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// A file plays in the window at its own rate.
func TestViewFile(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	display := xvfb(t)
	clip := filepath.Join(t.TempDir(), "bars.mp4")
	makeClip(t, clip, "x264enc key-int-max=10 ! video/x-h264,profile=main ! h264parse ! mp4mux", 450)
	v := startView(t, display, "file://"+clip)
	v.WaitOutput(t, "viewing", 60*time.Second)
	waitColours(t, display, "file view", v)
}
