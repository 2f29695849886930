package e2e_test

// End-to-end tests: the real gstcast binary, the real linux-v4l2 plugin process over go-plugin,
// and receivers nobody here wrote (gst-launch-1.0, ffprobe).

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// pluginEnv points gstcast at the freshly built plugins only (not an installed copy).
// Each call gets its own config, cache and runtime folders, so a daemon one process starts is
// found only by processes given the same environment (see daemonEnv).
func pluginEnv(t *testing.T) []string {
	return []string{"GSTCAST_PLUGIN_PATH=" + testbin.Dir(t), "XDG_CONFIG_HOME=" + t.TempDir(),
		"XDG_CACHE_HOME=" + t.TempDir(), "XDG_RUNTIME_DIR=" + testbin.ShortTempDir(t)}
}

func rtpCaps(pt int) string {
	return fmt.Sprintf("application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=%d", pt)
}

// receive runs gst-launch-1.0 as an RTP receiver that must decode n frames, and fails the test
// when it does not within timeout.
func receive(t *testing.T, port, n int, timeout time.Duration) {
	t.Helper()
	out, code := testbin.Run(t, timeout, nil, "gst-launch-1.0", "-q",
		"udpsrc", "address=127.0.0.1", "port="+strconv.Itoa(port), "caps="+rtpCaps(96),
		"!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "identity", "eos-after="+strconv.Itoa(n), "!", "fakesink")
	if code != 0 {
		t.Fatalf("receiver on port %d failed (%d):\n%s", port, code, out)
	}
}

// startStream starts `gstcast stream` and waits until it prints that it streams.
func startStream(t *testing.T, args ...string) *testbin.Proc {
	t.Helper()
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), append([]string{"stream", "--stats", "1s"}, args...)...)
	p.WaitOutput(t, "press Ctrl-C to stop", 30*time.Second)
	return p
}

func TestStreamTestSignalDecodedByGstLaunch(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	port := testbin.FreeUDPPort(t)
	p := startStream(t, "test://ball?width=640&height=360&fps=30", "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port), "--keyframe", "15")
	receive(t, port, 30, 30*time.Second)
	out := p.Output()
	for _, want := range []string{"plugin:   linux-v4l2", "encoder:  x264enc (software)", "pipeline: gst-launch-1.0"} {
		if !strings.Contains(out, want) {
			t.Errorf("stream output lacks %q:\n%s", want, out)
		}
	}
	p.WaitOutput(t, "fps", 10*time.Second) // a stats line

	// Ctrl-C stops cleanly with exit code 0.
	p.Signal(syscall.SIGINT)
	if code := p.Wait(t, 15*time.Second); code != 0 {
		t.Fatalf("exit code after Ctrl-C = %d:\n%s", code, p.Output())
	}
	if strings.Contains(p.Output(), "panic") || strings.Contains(p.Output(), "goroutine ") {
		t.Fatalf("panic output:\n%s", p.Output())
	}
}

func TestFFprobeReadsTheGeneratedSDP(t *testing.T) {
	testbin.Need(t, "ffprobe")
	port := testbin.FreeUDPPort(t)
	sdpFile := filepath.Join(t.TempDir(), "stream.sdp")
	to := fmt.Sprintf("rtp://127.0.0.1:%d", port)
	startStream(t, "test://smpte?width=1280&height=720&fps=30", "--to", to, "--sdp", sdpFile, "--keyframe", "15")

	// The sdp command gives the same description as the file --sdp wrote.
	sdpOut, code := testbin.Run(t, 10*time.Second, nil, testbin.Gstcast(t), "sdp", "--to", to)
	written, _ := os.ReadFile(sdpFile)
	if code != 0 || sdpOut != string(written) {
		t.Fatalf("gstcast sdp (%d):\n%s\n--sdp file:\n%s", code, sdpOut, written)
	}
	out, code := testbin.Run(t, 40*time.Second, nil, "ffprobe", "-v", "error", "-protocol_whitelist", "file,udp,rtp",
		"-analyzeduration", "3000000", "-show_streams", "-of", "json", sdpFile)
	if code != 0 {
		t.Fatalf("ffprobe failed (%d):\n%s", code, out)
	}
	var probe struct {
		Streams []struct {
			CodecName string `json:"codec_name"`
			Width     int    `json:"width"`
			Height    int    `json:"height"`
			Profile   string `json:"profile"`
		} `json:"streams"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &probe); err != nil {
		t.Fatalf("ffprobe output: %v\n%s", err, out)
	}
	if len(probe.Streams) != 1 || probe.Streams[0].CodecName != "h264" || probe.Streams[0].Width != 1280 || probe.Streams[0].Height != 720 {
		t.Fatalf("ffprobe saw %+v", probe.Streams)
	}
	if probe.Streams[0].Profile != "High" {
		t.Errorf("profile %q, want High (fixed in the encoder's caps)", probe.Streams[0].Profile)
	}
}

// The gst-launch-1.0 line gstcast exports, pasted into a shell, runs the same pipeline. A file
// name with spaces and a quote checks the quoting.
func TestExportedLaunchLineRuns(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0", "sh")
	dir := t.TempDir()
	clip := filepath.Join(dir, `my "clip's" 1.mp4`)
	makeClip(t, clip, "x264enc key-int-max=10 ! video/x-h264,profile=high ! h264parse ! mp4mux", 90)

	for _, c := range []struct{ name, source string }{
		{"test", "test://ball?width=320&height=240&fps=30"},
		{"file", (&url.URL{Scheme: "file", Path: clip}).String() + "?loop=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := testbin.FreeUDPPort(t)
			out, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "pipeline", c.source,
				"--to", fmt.Sprintf("rtp://127.0.0.1:%d", port), "--keyframe", "10")
			if code != 0 {
				t.Fatalf("gstcast pipeline (%d):\n%s", code, out)
			}
			line := testbin.Lines(out)[0]
			if !strings.HasPrefix(line, "gst-launch-1.0 ") {
				t.Fatalf("not a launch line: %q", line)
			}
			if c.name == "file" && strings.Contains(line, "x264enc") {
				t.Fatalf("H.264 file was re-encoded: %s", line)
			}
			testbin.Start(t, nil, "sh", "-c", line)
			receive(t, port, 20, 30*time.Second)
		})
	}
}

// makeClip writes a short video file with the given encoder chain.
func makeClip(t *testing.T, path, chain string, frames int) {
	t.Helper()
	args := []string{"-q", "videotestsrc", "num-buffers=" + strconv.Itoa(frames), "!",
		"video/x-raw,format=I420,width=320,height=240,framerate=30/1", "!"}
	args = append(args, strings.Fields(chain)...)
	args = append(args, "!", "filesink", "location="+path)
	if out, code := testbin.Run(t, 60*time.Second, nil, "gst-launch-1.0", args...); code != 0 {
		t.Fatalf("make %s (%d):\n%s", path, code, out)
	}
}

func TestFileSources(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	dir := t.TempDir()
	h264 := filepath.Join(dir, "h264.mp4")
	makeClip(t, h264, "x264enc key-int-max=10 ! video/x-h264,profile=main ! h264parse ! mp4mux", 300)
	vp8 := filepath.Join(dir, "vp8 clip.webm")
	makeClip(t, vp8, "vp8enc deadline=1 keyframe-max-dist=10 ! webmmux", 300)

	for _, c := range []struct {
		name, path, encoder string
	}{
		{"h264-passthrough", h264, "none (H.264 relayed without re-encoding)"},
		{"vp8-transcoded", vp8, "x264enc (software)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := testbin.FreeUDPPort(t)
			p := startStream(t, (&url.URL{Scheme: "file", Path: c.path}).String(), "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port), "--keyframe", "10")
			if !strings.Contains(p.Output(), "encoder:  "+c.encoder) {
				t.Fatalf("want encoder %q:\n%s", c.encoder, p.Output())
			}
			receive(t, port, 20, 30*time.Second)
			// A file ends: gstcast says so and exits 0.
			p.WaitOutput(t, "end of stream", 30*time.Second)
			if code := p.Wait(t, 10*time.Second); code != 0 {
				t.Fatalf("exit code %d at end of file", code)
			}
		})
	}
}

// An RTP source is relayed without re-encoding: gst-launch sends, gstcast relays, gst-launch decodes.
func TestRTPRelay(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	in, out := testbin.FreeUDPPort(t), testbin.FreeUDPPort(t)
	p := startStream(t, fmt.Sprintf("rtp://127.0.0.1:%d", in), "--to", fmt.Sprintf("rtp://127.0.0.1:%d", out))
	if !strings.Contains(p.Output(), "relayed without re-encoding") {
		t.Fatalf("relay re-encodes:\n%s", p.Output())
	}
	testbin.Start(t, nil, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=30/1",
		"!", "x264enc", "tune=zerolatency", "key-int-max=10", "!", "rtph264pay", "config-interval=-1", "!",
		"udpsink", "host=127.0.0.1", "port="+strconv.Itoa(in))
	receive(t, out, 30, 30*time.Second)
}

// A plugin killed with SIGKILL mid-stream is restarted by the host and the stream flows again.
func TestPluginKilledMidStreamIsRestarted(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	port := testbin.FreeUDPPort(t)
	p := startStream(t, "test://smpte?width=320&height=240&fps=30", "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port), "--keyframe", "10")
	receive(t, port, 15, 30*time.Second)

	// Every plugin found is started (the others answer Info and stay idle); the stream's is
	// the one the output names.
	victim := streamPlugin(t, p.Cmd.Process.Pid, "linux-v4l2")
	if !strings.Contains(p.Output(), "plugin:   linux-v4l2") {
		t.Fatalf("the stream does not say which plugin runs it:\n%s", p.Output())
	}
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.WaitOutput(t, "stream restarted", 30*time.Second)
	receive(t, port, 15, 30*time.Second)
	if after := streamPlugin(t, p.Cmd.Process.Pid, "linux-v4l2"); after == victim {
		t.Fatalf("the killed plugin %d is still the stream's", victim)
	}
}

// streamPlugin is the PID of the gstcast-plugin-NAME process under pid; exactly one must run.
func streamPlugin(t *testing.T, pid int, name string) int {
	t.Helper()
	var found []int
	var all []string
	for _, k := range testbin.Children(pid) {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", k))
		cmd := strings.SplitN(string(b), "\x00", 2)[0]
		all = append(all, fmt.Sprintf("%d %s", k, cmd))
		if filepath.Base(cmd) == "gstcast-plugin-"+name {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one gstcast-plugin-%s under gstcast, got %v", name, all)
	}
	return found[0]
}

// Bad input exits non-zero with one line on stderr, and never a panic or goroutine dump.
func TestBadInput(t *testing.T) {
	taken, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	takenPort := taken.LocalAddr().(*net.UDPAddr).Port
	to := fmt.Sprintf("rtp://127.0.0.1:%d", testbin.FreeUDPPort(t))
	cases := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"unknown scheme", []string{"stream", "foo://bar", "--to", to}, "unknown scheme", 1},
		{"missing device", []string{"stream", "v4l2:///dev/video97", "--to", to}, "/dev/video97", 1},
		{"missing file", []string{"stream", "file:///nonexistent/clip.mp4", "--to", to}, "/nonexistent/clip.mp4", 1},
		{"port in use", []string{"stream", fmt.Sprintf("rtp://127.0.0.1:%d", takenPort), "--to", to}, "port in use", 1},
		{"malformed uri", []string{"stream", "test://smpte?width=abc", "--to", to}, "width", 1},
		{"bad output", []string{"stream", "test://", "--to", "rtp://127.0.0.1:99999"}, "port", 1},
		{"unknown flag", []string{"stream", "--bogus"}, "bogus", 2},
		{"unknown command", []string{"frobnicate"}, "unknown command", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(testbin.Gstcast(t), c.args...)
			cmd.Env = append(os.Environ(), pluginEnv(t)...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			done := make(chan error, 1)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("gstcast %v hung", c.args)
			}
			if code := cmd.ProcessState.ExitCode(); code != c.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, c.code, stderr.String())
			}
			lines := testbin.Lines(stderr.String())
			if len(lines) != 1 {
				t.Errorf("want one line on stderr, got %d:\n%s", len(lines), stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, stderr.String())
			}
			for _, bad := range []string{"panic", "goroutine ", "SIGSEGV"} {
				if strings.Contains(stdout.String()+stderr.String(), bad) {
					t.Errorf("%q in output:\n%s%s", bad, stdout.String(), stderr.String())
				}
			}
		})
	}
}

func TestPluginsAndDevicesCommands(t *testing.T) {
	out, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "plugins", "--probe")
	if code != 0 {
		t.Fatalf("plugins (%d):\n%s", code, out)
	}
	for _, want := range []string{"linux-v4l2", "test", "linux/", "yes", "* x264enc", "vah264enc"} {
		if !strings.Contains(out, want) {
			t.Errorf("plugins output lacks %q:\n%s", want, out)
		}
	}
	out, code = testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "devices")
	if code != 0 {
		t.Fatalf("devices (%d):\n%s", code, out)
	}
	// No camera on CI machines: the command must say so rather than print nothing.
	if !strings.Contains(out, "no cameras found") && !strings.Contains(out, "/dev/video") {
		t.Errorf("devices output:\n%s", out)
	}
	// No plugins at all: a clear error, not a crash.
	out, code = testbin.Run(t, 30*time.Second, []string{"GSTCAST_PLUGIN_PATH=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir()},
		copyAlone(t), "stream")
	if code != 1 || !strings.Contains(out, "no plugins found") {
		t.Errorf("no plugins (%d):\n%s", code, out)
	}
}

// copyAlone copies the gstcast binary to a folder with no plugins next to it.
func copyAlone(t *testing.T) string {
	b, err := os.ReadFile(testbin.Gstcast(t))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "gstcast")
	if err := os.WriteFile(p, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHelp(t *testing.T) {
	out, code := testbin.Run(t, 10*time.Second, nil, testbin.Gstcast(t), "--help")
	if code != 0 || !strings.Contains(out, "stream") || !strings.Contains(out, "rtsp://") {
		t.Fatalf("--help (%d):\n%s", code, out)
	}
	out, code = testbin.Run(t, 10*time.Second, nil, testbin.Gstcast(t), "stream", "--help")
	if code != 0 || !strings.Contains(out, "-bitrate") || !strings.Contains(out, "-hw") {
		t.Fatalf("stream --help (%d):\n%s", code, out)
	}
}

// An RTSP camera (the seed's Python GstRtspServer, with basic auth) is pulled and relayed as
// RTP without re-encoding; the password never shows in gstcast's output.
func TestRTSPPullRelay(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0", "/usr/bin/python3")
	rtspPort := freeTCPPort(t)
	srv := testbin.Start(t, nil, "/usr/bin/python3", filepath.Join("testdata", "rtsp_server.py"), strconv.Itoa(rtspPort), "/cam", "admin", "s3cr3t!pw")
	srv.WaitOutput(t, "ready", 20*time.Second)
	out := testbin.FreeUDPPort(t)
	p := startStream(t, fmt.Sprintf("rtsp://admin:s3cr3t%%21pw@127.0.0.1:%d/cam?transport=tcp", rtspPort), "--to", fmt.Sprintf("rtp://127.0.0.1:%d", out))
	if !strings.Contains(p.Output(), "relayed without re-encoding") || !strings.Contains(p.Output(), "rtspsrc") {
		t.Fatalf("not an RTSP relay:\n%s", p.Output())
	}
	receive(t, out, 30, 40*time.Second)
	if strings.Contains(p.Output(), "s3cr3t") {
		t.Fatalf("password in output:\n%s", p.Output())
	}
}

func freeTCPPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
