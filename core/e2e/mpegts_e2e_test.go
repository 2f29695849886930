package e2e_test

// MPEG-TS outputs and sources against the clients the seed's users watch with: Debian's VLC
// (cvlc, which has no live555 and so opens no SDP and no rtsp://), OpenCV's cv2.VideoCapture
// and ffprobe, none of them given an SDP file.

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// unprivileged returns the command prefix that runs a program as an ordinary user: VLC refuses
// to run as root ("VLC is not supposed to be run as root"), and these tests often run as root.
func unprivileged(t *testing.T) []string {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	testbin.Need(t, "runuser")
	if _, err := user.Lookup("nobody"); err != nil {
		t.Skipf("running as root and there is no user nobody to run VLC as: %v", err)
	}
	return []string{"runuser", "-u", "nobody", "--"}
}

// sharedDir is a folder an unprivileged process can write to (t.TempDir's parents are 0700).
func sharedDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "gstcast-vlc-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	if err := os.Chmod(d, 0o777); err != nil {
		t.Fatal(err)
	}
	return d
}

// vlcSnapshot runs cvlc on url with its scene filter writing a PNG of decoded frames, and
// returns the first complete one. VLC opens rtp:// only for static payload types (33 is
// MPEG-TS); for H.264 RTP (96) it refuses, which is why these outputs exist.
func vlcSnapshot(t *testing.T, url string) image.Image {
	t.Helper()
	testbin.Need(t, "cvlc")
	dir := sharedDir(t)
	args := append(unprivileged(t), "env", "HOME="+dir, "cvlc", "-q", "--no-audio", "--vout=dummy",
		"--video-filter=scene", "--scene-path="+dir, "--scene-format=png", "--scene-ratio=10", "--scene-prefix=snap", url)
	p := testbin.Start(t, nil, args[0], args[1:]...)
	defer func() { _ = p.Cmd.Process.Kill() }()
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(dir, "snap*.png"))
		for _, f := range files {
			// The second snapshot proves the first is complete: VLC writes them in turn.
			if len(files) < 2 {
				break
			}
			if img, err := decodePNG(f); err == nil {
				return img
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("VLC (%s) wrote no snapshot of decoded video in 45 s:\n%s", url, p.Output())
	return nil
}

func decodePNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// checkBars fails unless img is a 640x360 picture of the SMPTE bars. VLC 3.0's scene filter
// writes 640x386 for a 640x360 stream (from a plain gst-launch-1.0 sender too, whose stream
// ffprobe reads as 640x360 SAR 1:1), so the height may be up to 10 % more.
func checkBars(t *testing.T, who string, img image.Image) {
	t.Helper()
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() < 360 || b.Dy() > 396 {
		t.Fatalf("%s: picture is %dx%d, want 640x360", who, b.Dx(), b.Dy())
	}
	for _, c := range []struct {
		name string
		rgb  [3]int
	}{{"yellow", [3]int{1, 1, 0}}, {"cyan", [3]int{0, 1, 1}}, {"magenta", [3]int{1, 0, 1}}} {
		if s := share(img, c.rgb); s < 0.03 {
			t.Errorf("%s: only %.1f%% of the picture is %s: not the SMPTE bars", who, 100*s, c.name)
		}
	}
}

const barsSource = "test://smpte?width=640&height=360&fps=30"

// `--to rtp://HOST:PORT?mux=ts` and `--to udp://HOST:PORT` play in `vlc rtp://@:PORT` and
// `vlc udp://@:PORT`.
func TestMPEGTSOutputsPlayInVLC(t *testing.T) {
	for _, c := range []struct{ to, vlc string }{
		{"rtp://127.0.0.1:%d?mux=ts", "rtp://@:%d"},
		{"udp://127.0.0.1:%d", "udp://@:%d"},
	} {
		port := testbin.FreeUDPPort(t)
		p := startStream(t, barsSource, "--to", fmt.Sprintf(c.to, port), "--keyframe", "15")
		url := fmt.Sprintf(c.vlc, port)
		checkBars(t, "VLC "+url, vlcSnapshot(t, url))
		stopStream(t, p)
	}
}

// stopStream ends a stream with Ctrl-C, as a user would, and wants a clean exit.
func stopStream(t *testing.T, p *testbin.Proc) {
	t.Helper()
	p.Signal(syscall.SIGINT)
	if code := p.Wait(t, 15*time.Second); code != 0 {
		t.Fatalf("exit code after Ctrl-C = %d:\n%s", code, p.Output())
	}
}

// openCVScript reads frames with cv2.VideoCapture(URL) (FFmpeg backend, no SDP) and prints how
// many it decoded and their shape, or fails.
const openCVScript = `
import sys, cv2
cap = cv2.VideoCapture(sys.argv[1], cv2.CAP_FFMPEG)
if not cap.isOpened():
    sys.exit("cannot open " + sys.argv[1])
n, shape = 0, None
for _ in range(300):
    ok, frame = cap.read()
    if ok:
        n, shape = n + 1, frame.shape
        if n == 30:
            break
print("frames", n, "shape", shape)
`

// The seed's OpenCV users: cv2.VideoCapture("rtp://…") and ("udp://…") with no SDP file.
func TestMPEGTSOutputsOpenInOpenCV(t *testing.T) {
	py := "/usr/bin/python3" // Debian's python3-opencv is for the system interpreter
	testbin.Need(t, py)
	if out, err := exec.Command(py, "-c", "import cv2").CombinedOutput(); err != nil {
		t.Skipf("python3-opencv is not installed: %s", out)
	}
	for _, to := range []string{"rtp://127.0.0.1:%d?mux=ts", "udp://127.0.0.1:%d"} {
		port := testbin.FreeUDPPort(t)
		p := startStream(t, barsSource, "--to", fmt.Sprintf(to, port), "--keyframe", "15")
		url := strings.SplitN(fmt.Sprintf(to, port), "?", 2)[0]
		out, code := testbin.Run(t, 60*time.Second, nil, py, "-c", openCVScript, url)
		if code != 0 || !strings.Contains(out, "frames 30 shape (360, 640, 3)") {
			t.Errorf("OpenCV on %s (exit %d): %s", url, code, lastLines(out, 5))
		}
		stopStream(t, p)
	}
}

func lastLines(s string, n int) string {
	l := testbin.Lines(s)
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// ffprobe reads the TS over UDP and finds the stream gstcast says it sends.
func TestMPEGTSOutputProbedByFFprobe(t *testing.T) {
	testbin.Need(t, "ffprobe")
	port := testbin.FreeUDPPort(t)
	startStream(t, barsSource, "--to", fmt.Sprintf("udp://127.0.0.1:%d", port), "--keyframe", "15")
	out, code := testbin.Run(t, 40*time.Second, nil, "ffprobe", "-v", "error", "-show_entries",
		"stream=codec_name,width,height,profile", "-of", "csv=p=0", fmt.Sprintf("udp://127.0.0.1:%d", port))
	if code != 0 || !strings.Contains(out, "h264,High,640,360") {
		t.Fatalf("ffprobe (exit %d): %s", code, lastLines(out, 5))
	}
}

// tsSender is a gst-launch-1.0 MPEG-TS sender nobody here wrote: in RTP (payload 33) or raw UDP.
func tsSender(t *testing.T, port int, rtp bool) {
	t.Helper()
	args := []string{"-q", "videotestsrc", "is-live=true", "pattern=smpte", "!", "video/x-raw,width=640,height=360,framerate=30/1",
		"!", "x264enc", "tune=zerolatency", "key-int-max=15", "!", "h264parse", "config-interval=-1", "!", "mpegtsmux", "alignment=7", "!"}
	if rtp {
		args = append(args, "rtpmp2tpay", "!")
	}
	testbin.Start(t, nil, "gst-launch-1.0", append(args, "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(port))...)
}

// rtp://@:PORT?mux=ts and udp://@:PORT as sources: relayed without re-encoding to bare H.264
// RTP, which gst-launch decodes.
func TestMPEGTSSourcesRelay(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	for _, c := range []struct {
		from string
		rtp  bool
	}{{"rtp://127.0.0.1:%d?mux=ts", true}, {"udp://127.0.0.1:%d", false}} {
		in, out := testbin.FreeUDPPort(t), testbin.FreeUDPPort(t)
		p := startStream(t, fmt.Sprintf(c.from, in), "--to", fmt.Sprintf("rtp://127.0.0.1:%d", out))
		if !strings.Contains(p.Output(), "relayed without re-encoding") || !strings.Contains(p.Output(), "tsdemux") {
			t.Fatalf("%s: not a TS relay:\n%s", c.from, p.Output())
		}
		tsSender(t, in, c.rtp)
		receive(t, out, 30, 30*time.Second)
		stopStream(t, p)
	}
}

// udp://@:PORT and rtp://@:PORT?mux=ts open in gstcast's own viewer window.
func TestMPEGTSView(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	display := xvfb(t)
	for _, c := range []struct {
		uri string
		rtp bool
	}{{"udp://@:%d", false}, {"rtp://@:%d?mux=ts", true}} {
		port := testbin.FreeUDPPort(t)
		v := startView(t, display, fmt.Sprintf(c.uri, port))
		v.WaitOutput(t, "viewing", 60*time.Second)
		tsSender(t, port, c.rtp)
		waitColours(t, display, c.uri, v)
		v.Signal(syscall.SIGINT)
		v.Wait(t, 20*time.Second)
	}
}
