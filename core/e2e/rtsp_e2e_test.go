package e2e_test

// RTSP serving end to end: the real gstcast binary and plugin process, read by clients nobody
// here wrote: ffprobe over TCP and UDP, gst-launch-1.0 rtspsrc, OpenCV (Debian's python3-opencv).

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/spec"
)

// probe asks ffprobe for the first video stream of url: "h264,1280,720" when it plays.
func probe(t *testing.T, transport, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffprobe", "-v", "error", "-timeout", "10000000", "-rtsp_transport", transport,
		"-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// The answer is stdout; decoder complaints on stderr (a reader that joined mid-GOP) are
	// shown only when there is no answer. Gaps at join are checked where they are the subject.
	if err != nil || strings.TrimSpace(string(out)) == "" {
		return strings.TrimSpace(string(out) + stderr.String()), err
	}
	return strings.TrimSpace(string(out)), nil
}

func mustPlay(t *testing.T, transport, url, want string) {
	t.Helper()
	if got, err := probe(t, transport, url); err != nil || got != want {
		t.Errorf("ffprobe -rtsp_transport %s %s: %q, %v; want %q", transport, url, got, err, want)
	}
}

// gstRead plays url with the seed's low-latency client line and waits until it has decoded n
// frames. (Its exit code is not used: when num-buffers ends the run, rtspsrc's PAUSE can race
// the server closing the session and turn a good run into exit 1.)
func gstRead(t *testing.T, url string, n int) {
	t.Helper()
	p := testbin.Start(t, nil, "gst-launch-1.0", "-v", "rtspsrc", "location="+url, "latency=10",
		"!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "fakesink", "silent=false", "sync=false")
	deadline := time.Now().Add(40 * time.Second)
	for strings.Count(p.Output(), "last-message = chain") < n {
		if time.Now().After(deadline) || p.Cmd.ProcessState != nil {
			t.Errorf("gst-launch-1.0 rtspsrc %s decoded %d of %d frames:\n%s", spec.RedactURI(url),
				strings.Count(p.Output(), "last-message = chain"), n, tail(p.Output()))
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGKILL)
}

const opencvRead = `import sys, cv2
cap = cv2.VideoCapture(sys.argv[1])
ok, frame = cap.read()
print("opened" if cap.isOpened() else "closed", "frame" if ok else "noframe", frame.shape[1] if ok else 0, frame.shape[0] if ok else 0)
`

// cvRead opens url with OpenCV's VideoCapture and reads one frame: "opened frame W H" when it works.
func cvRead(t *testing.T, url string) string {
	t.Helper()
	out, _ := testbin.Run(t, 60*time.Second, nil, "/usr/bin/python3", "-c", opencvRead, url)
	lines := testbin.Lines(out)
	if len(lines) == 0 {
		return ""
	}
	return lines[len(lines)-1]
}

func needOpenCV(t *testing.T) {
	t.Helper()
	if out, code := testbin.Run(t, 30*time.Second, nil, "/usr/bin/python3", "-c", "import cv2"); code != 0 {
		t.Fatalf("python3-opencv is missing (installer/setup-debian.sh installs it): %s", out)
	}
}

func startServe(t *testing.T, args ...string) *testbin.Proc {
	t.Helper()
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), append([]string{"serve"}, args...)...)
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	return p
}

func TestServeDefaultTestSignal(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0", "/usr/bin/python3")
	needOpenCV(t)
	port := freeTCPPort(t)
	p := startServe(t, "--address", "127.0.0.1", "--port", strconv.Itoa(port))
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/test", port)
	if !strings.Contains(p.Output(), "serving test://smpte at "+url) {
		t.Fatalf("serve does not print its URL:\n%s", p.Output())
	}
	mustPlay(t, "tcp", url, "h264,1280,720")
	mustPlay(t, "udp", url, "h264,1280,720")
	gstRead(t, url, 30)
	if got := cvRead(t, url); got != "opened frame 1280 720" {
		t.Errorf("OpenCV VideoCapture: %q", got)
	}

	// A mount that does not exist is a 404, not a hang.
	if got, err := probe(t, "tcp", fmt.Sprintf("rtsp://127.0.0.1:%d/nothing", port)); err == nil || !strings.Contains(got, "404") {
		t.Errorf("missing mount: %q, %v; want 404", got, err)
	}
	// Garbage, and a client that leaves mid-handshake, do not hurt anyone else.
	for _, junk := range []string{"\x00\x01\x02 garbage \xff\r\n\r\n", "OPTIONS rtsp://127.0.0.1/test RTSP/1.0\r\nCSeq: 1\r\n",
		"DESCRIBE rtsp://127.0.0.1/test RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 999999\r\n\r\nabc"} {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.Write([]byte(junk))
		time.Sleep(100 * time.Millisecond)
		c.Close()
	}
	mustPlay(t, "tcp", url, "h264,1280,720")

	// A second server on the same port: a clear error, exit 1.
	out, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "serve", "--address", "127.0.0.1", "--port", strconv.Itoa(port))
	if code != 1 || !strings.Contains(out, "in use") || strings.Contains(out, "panic") {
		t.Errorf("second server on port %d: exit %d:\n%s", port, code, out)
	}
	mustPlay(t, "tcp", url, "h264,1280,720")

	p.Signal(syscall.SIGINT)
	if code := p.Wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit code after Ctrl-C = %d:\n%s", code, p.Output())
	}
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gstcast.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Readers need credentials where the config says so (basic and digest offered), a publisher can
// publish only where it is allowed, and no password ever shows in output or pipelines.
func TestServeAuthAndPublish(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0", "/usr/bin/python3")
	needOpenCV(t)
	port := freeTCPPort(t)
	cfg := writeConfig(t, fmt.Sprintf(`
rtsp:
  address: 127.0.0.1
  port: %d
users:
  - {name: alice, password: "al1ce-pw"}
  - {name: bob, password: "b0b-pw"}
mounts:
  - name: cam
    source: test://ball?width=320&height=240
    keyframe: 15
    read: [alice]
  - name: live/in
    publish: [bob]
`, port))
	srv := startServe(t, cfg)
	host := fmt.Sprintf("127.0.0.1:%d", port)
	if got, err := probe(t, "tcp", "rtsp://"+host+"/cam"); err == nil || !strings.Contains(got, "401") {
		t.Errorf("no credentials: %q, %v; want 401", got, err)
	}
	if got, err := probe(t, "tcp", "rtsp://alice:wrong@"+host+"/cam"); err == nil || !strings.Contains(got, "401") {
		t.Errorf("wrong password: %q, %v; want 401", got, err)
	}
	mustPlay(t, "tcp", "rtsp://alice:al1ce-pw@"+host+"/cam", "h264,320,240")
	mustPlay(t, "udp", "rtsp://alice:al1ce-pw@"+host+"/cam", "h264,320,240")
	gstRead(t, "rtsp://alice:al1ce-pw@"+host+"/cam", 10)
	if got := cvRead(t, "rtsp://alice:al1ce-pw@"+host+"/cam"); got != "opened frame 320 240" {
		t.Errorf("OpenCV with credentials: %q", got)
	}
	if got := cvRead(t, "rtsp://"+host+"/cam"); strings.Contains(got, "frame 320") {
		t.Errorf("OpenCV without credentials got a frame: %q", got)
	}

	// gstcast publishes to its own server: bob may, anonymous may not.
	bad := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), "stream", "test://ball?width=320&height=240", "--to", "rtsp://"+host+"/live/in")
	if code := bad.Wait(t, 60*time.Second); code != 1 || !strings.Contains(bad.Output(), "Not authorized") || !strings.Contains(bad.Output(), "not retrying") {
		t.Errorf("anonymous publish: exit %d:\n%s", code, bad.Output())
	}
	pub := startStream(t, "test://ball?width=320&height=240", "--keyframe", "15", "--to", "rtsp://bob:b0b-pw@"+host+"/live/in?transport=tcp")
	mustPlay(t, "tcp", "rtsp://"+host+"/live/in", "h264,320,240")
	gstRead(t, "rtsp://"+host+"/live/in", 10)
	for _, p := range []*testbin.Proc{srv, pub} {
		for _, secret := range []string{"al1ce-pw", "b0b-pw"} {
			if strings.Contains(p.Output(), secret) {
				t.Errorf("a password shows in output:\n%s", p.Output())
			}
		}
	}
	if !strings.Contains(pub.Output(), "user-pw=") || !strings.Contains(pub.Output(), "publishing test://") {
		t.Errorf("publisher output:\n%s", pub.Output())
	}
}

// An IP camera relayed on a mount drops out and comes back: the reader keeps its session and
// sees frames again, without reconnecting.
func TestServeRelayReaderSurvivesCameraDropout(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0", "/usr/bin/python3")
	camPort, port := freeTCPPort(t), freeTCPPort(t)
	camera := func() *testbin.Proc {
		c := testbin.Start(t, nil, "/usr/bin/python3", filepath.Join("testdata", "rtsp_server.py"), strconv.Itoa(camPort), "/cam")
		c.WaitOutput(t, "ready", 20*time.Second)
		return c
	}
	cam := camera()
	p := startStream(t, fmt.Sprintf("rtsp://127.0.0.1:%d/cam?transport=tcp", camPort), "--serve", "relay",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	if !strings.Contains(p.Output(), "relayed without re-encoding") {
		t.Fatalf("not a relay:\n%s", p.Output())
	}
	// One long-lived reader printing a line per decoded frame.
	reader := testbin.Start(t, nil, "gst-launch-1.0", "-v", "rtspsrc", fmt.Sprintf("location=rtsp://127.0.0.1:%d/relay", port),
		"latency=10", "protocols=tcp", "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "fakesink", "silent=false", "sync=false")
	frames := func() int { return strings.Count(reader.Output(), "last-message = chain") }
	waitFrames := func(n int, what string) {
		deadline := time.Now().Add(40 * time.Second)
		for frames() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d frames, want %d\nreader:\n%s\ngstcast:\n%s", what, frames(), n, tail(reader.Output()), p.Output())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitFrames(30, "before the dropout")
	_ = syscall.Kill(-cam.Cmd.Process.Pid, syscall.SIGKILL)
	cam.Wait(t, 10*time.Second)
	p.WaitOutput(t, "retrying", 30*time.Second)
	time.Sleep(2 * time.Second)
	before := frames()
	camera()
	waitFrames(before+30, "after the camera came back")
	p.WaitOutput(t, "stream restarted", 30*time.Second)
	if reader.Cmd.ProcessState != nil {
		t.Fatalf("the reader ended:\n%s", tail(reader.Output()))
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

// gstcast publishes to someone else's RTSP server (gst-rtsp-server's RECORD recipe in Python),
// which writes what it receives to a file that ffprobe then reads.
func TestPublishToOtherServer(t *testing.T) {
	testbin.Need(t, "ffprobe", "/usr/bin/python3")
	port := freeTCPPort(t)
	file := filepath.Join(t.TempDir(), "rec.ts")
	srv := testbin.Start(t, nil, "/usr/bin/python3", filepath.Join("testdata", "rtsp_record_server.py"), strconv.Itoa(port), file)
	srv.WaitOutput(t, "ready", 20*time.Second)
	pub := startStream(t, "test://ball?width=320&height=240", "--keyframe", "15", "--to", fmt.Sprintf("rtsp://127.0.0.1:%d/rec", port))
	deadline := time.Now().Add(30 * time.Second)
	for {
		if st, err := os.Stat(file); err == nil && st.Size() > 50_000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server recorded nothing:\n%s\n%s", pub.Output(), srv.Output())
		}
		time.Sleep(200 * time.Millisecond)
	}
	pub.Signal(syscall.SIGINT)
	pub.Wait(t, 20*time.Second)
	out, code := testbin.Run(t, 30*time.Second, nil, "ffprobe", "-v", "error", "-select_streams", "v:0",
		"-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file)
	if code != 0 || testbin.Lines(out)[0] != "h264,320,240" {
		t.Fatalf("recorded file: %q (%d)", out, code)
	}
}

func TestServeBadInput(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().(*net.TCPAddr).Port
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"stream", "--serve", "x", "--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(busy)}, 1, "in use"},
		{[]string{"stream", "--serve", "a/../b"}, 1, "mount"},
		{[]string{"stream", "--serve", "x", "--to", "rtp://127.0.0.1:5000"}, 2, "give one"},
		{[]string{"stream", "--to", "rtsp://h/"}, 1, "path"},
		{[]string{"serve", "/nonexistent/gstcast.yaml"}, 1, "no such file"},
		{[]string{"serve", writeConfig(t, "mounts:\n  - {name: a, sorce: 'test://'}\n")}, 1, "line 2"},
		{[]string{"serve", writeConfig(t, "mounts:\n  - {name: a, source: 'test://', read: [eve]}\n")}, 1, "eve"},
	} {
		out, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), tc.args...)
		if code != tc.code || !strings.Contains(out, tc.want) || strings.Contains(out, "panic") {
			t.Errorf("gstcast %s: exit %d, want %d and %q:\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out)
		}
	}
}

// H.264 RTP arriving on a UDP port is re-served on a mount without re-encoding; the mount is
// up before the sender starts (a drone that is switched on later).
func TestServeRTPRelay(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0")
	in, port := testbin.FreeUDPPort(t), freeTCPPort(t)
	p := startStream(t, fmt.Sprintf("rtp://@:%d", in), "--serve", "cam/relay", "--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	if !strings.Contains(p.Output(), "relayed without re-encoding") {
		t.Fatalf("not a relay:\n%s", p.Output())
	}
	testbin.Start(t, nil, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=ball", "!",
		"video/x-raw,width=320,height=240,framerate=30/1", "!", "x264enc", "tune=zerolatency", "key-int-max=15", "!",
		"rtph264pay", "config-interval=-1", "pt=96", "!", "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(in))
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/cam/relay", port)
	mustPlay(t, "tcp", url, "h264,320,240")
	mustPlay(t, "udp", url, "h264,320,240")
}
