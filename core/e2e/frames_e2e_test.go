package e2e_test

import (
	"context"
	"fmt"
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

// Frames from a user's program: docs/examples/send_frames.py (OpenCV, Debian's python3-opencv)
// draws a left half red, a right half blue; gstcast encodes and serves them; ffmpeg, a reader
// nobody here wrote, decodes the RTSP stream and the test finds both colours where they were drawn.

var sendFrames = filepath.Join(testbin.Root(), "docs", "examples", "send_frames.py")

const frameURI = "?format=BGR&width=640&height=480&fps=30"

// grabRGB decodes one frame of an RTSP URL with ffmpeg, scaled to w×h RGB24.
func grabRGB(t *testing.T, url string, w, h int) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", url,
		"-frames:v", "1", "-vf", fmt.Sprintf("scale=%d:%d", w, h), "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || len(out) != w*h*3 {
		t.Fatalf("ffmpeg %s: %v, %d bytes:\n%s", url, err, len(out), stderr.String())
	}
	return out
}

// checkColour wants the pixel at (x, y) of an RGB24 image near want (H.264 moves colours a little).
func checkColour(t *testing.T, img []byte, w, x, y int, want [3]int, what string) {
	t.Helper()
	i := (y*w + x) * 3
	for c := 0; c < 3; c++ {
		if d := int(img[i+c]) - want[c]; d > 40 || d < -40 {
			t.Errorf("%s at (%d,%d) is RGB %v, want about %v", what, x, y, img[i:i+3], want)
			return
		}
	}
}

func checkRedBlue(t *testing.T, url string) {
	t.Helper()
	img := grabRGB(t, url, 64, 48)
	checkColour(t, img, 64, 12, 16, [3]int{255, 0, 0}, "the left half (drawn red)")
	checkColour(t, img, 64, 52, 16, [3]int{0, 0, 255}, "the right half (drawn blue)")
}

func servedURL(port int, mount string) string {
	return fmt.Sprintf("rtsp://127.0.0.1:%d/%s", port, mount)
}

// TestFramesOnStdin: python3 send_frames.py | gstcast stream fd://0?… --serve: the frames
// reach an RTSP reader, and when the program ends the stream ends with a clear word.
func TestFramesOnStdin(t *testing.T) {
	testbin.Need(t, "ffmpeg", "/usr/bin/python3")
	needOpenCV(t)
	port := freeTCPPort(t)
	sh := fmt.Sprintf("/usr/bin/python3 %s --frames 240 | %s stream --stats 1s 'fd://0%s' --serve frames --rtsp-address 127.0.0.1 --rtsp-port %d",
		sendFrames, testbin.Gstcast(t), frameURI, port)
	p := testbin.Start(t, pluginEnv(t), "sh", "-c", sh)
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	if !strings.Contains(p.Output(), "fdsrc fd=0 ! rawvideoparse format=bgr width=640 height=480 framerate=30/1") {
		t.Errorf("launch line:\n%s", p.Output())
	}
	checkRedBlue(t, servedURL(port, "frames"))
	if code := p.Wait(t, 30*time.Second); code != 0 {
		t.Errorf("exit %d after the program ended", code)
	}
	if !strings.Contains(p.Output(), "end of stream: the program closed its pipe") {
		t.Errorf("no clear end of stream:\n%s", p.Output())
	}
}

// TestFramesOnNamedPipe: fd:///path/to/fifo, gstcast started before the program (it waits for
// a writer without blocking its start), then the program writes.
func TestFramesOnNamedPipe(t *testing.T) {
	testbin.Need(t, "ffmpeg", "/usr/bin/python3")
	needOpenCV(t)
	fifo := filepath.Join(testbin.ShortTempDir(t), "frames")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	port := freeTCPPort(t)
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), "stream", "fd://"+fifo+frameURI, "--serve", "pipe",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	testbin.Start(t, nil, "/usr/bin/python3", sendFrames, "--out", fifo, "--frames", "600")
	checkRedBlue(t, servedURL(port, "pipe"))
}

// TestFramesOverSharedMemory: the program's OpenCV VideoWriter ends in a GStreamer shmsink;
// gstcast reads it with shmsrc.
func TestFramesOverSharedMemory(t *testing.T) {
	testbin.Need(t, "ffmpeg", "/usr/bin/python3")
	needOpenCV(t)
	sock := filepath.Join(testbin.ShortTempDir(t), "frames.sock")
	testbin.Start(t, nil, "/usr/bin/python3", sendFrames, "--shm", sock, "--frames", "900")
	waitFile(t, sock)
	port := freeTCPPort(t)
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), "stream", "shm://"+sock+frameURI, "--serve", "shm",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	checkRedBlue(t, servedURL(port, "shm"))
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not appear", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFramesBadInput: a program that sends another size than its URI says gets an error that
// names the expected and the actual bytes; a pipe that is not there and an fd other than 0 are
// refused before anything starts.
func TestFramesBadInput(t *testing.T) {
	testbin.Need(t, "/usr/bin/python3")
	needOpenCV(t)
	port := testbin.FreeUDPPort(t)
	// 330x240 BGR frames (237600 bytes) into a 640x480 URI (921600 bytes): 100 frames are
	// 23760000 bytes, 25 frames of 921600 and 720000 bytes over.
	sh := fmt.Sprintf("/usr/bin/python3 %s --width 330 --height 240 --fps 200 --frames 100 | %s stream 'fd://0%s' --to rtp://127.0.0.1:%d",
		sendFrames, testbin.Gstcast(t), frameURI, port)
	got, code := testbin.Run(t, 60*time.Second, pluginEnv(t), "sh", "-c", sh)
	if code == 0 || !strings.Contains(got, "wrong frame size: the pipe closed after 23760000 bytes, 25 whole 640x480 BGR frames of 921600 bytes and 720000 bytes over") {
		t.Errorf("wrong frame size on stdin: exit %d:\n%s", code, got)
	}

	sock := filepath.Join(testbin.ShortTempDir(t), "small.sock")
	testbin.Start(t, nil, "/usr/bin/python3", sendFrames, "--shm", sock, "--width", "320", "--height", "240")
	waitFile(t, sock)
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), "stream", "shm://"+sock+frameURI, "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port))
	p.WaitOutput(t, "wrong frame size: a 640x480 BGR frame is 921600 bytes, the program sent 230400", 60*time.Second)

	for _, tc := range []struct{ uri, want string }{
		{"fd:///nonexistent/frames" + frameURI, "pipe /nonexistent/frames: file not found"},
		{"fd://3" + frameURI, "only fd://0 (standard input) or fd:///path/to/fifo"},
		{"fd://0?width=640&height=480", "format: required"},
	} {
		got, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "stream", tc.uri, "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port))
		if code == 0 || !strings.Contains(got, tc.want) {
			t.Errorf("%s: exit %d, want %q:\n%s", tc.uri, code, tc.want, got)
		}
	}
}

// The seed's own recipe: an OpenCV program's VideoWriter with CAP_GSTREAMER sends H.264 RTP
// (appsrc ! videoconvert ! x264enc tune=zerolatency ! rtph264pay ! udpsink) to a gstcast
// rtp://@:PORT relay that serves it over RTSP; ffprobe reads it. (key-int-max=30 is added so
// the reader need not wait for x264's default 250-frame GOP.)
const opencvSender = `import sys, time, cv2, numpy as np
port = int(sys.argv[1])
line = ("appsrc ! videoconvert ! x264enc tune=zerolatency key-int-max=30 ! rtph264pay ! "
        "udpsink host=127.0.0.1 port=%d" % port)
w = cv2.VideoWriter(line, cv2.CAP_GSTREAMER, 0, 30.0, (640, 480), True)
if not w.isOpened():
    sys.exit("VideoWriter did not open")
f = np.zeros((480, 640, 3), np.uint8)
for n in range(900):
    f[:] = (n % 256, 128, 255 - n % 256)
    w.write(f)
    time.sleep(1 / 30)
w.release()
`

func TestOpenCVVideoWriterToRelay(t *testing.T) {
	testbin.Need(t, "ffprobe", "/usr/bin/python3")
	needOpenCV(t)
	in, port := testbin.FreeUDPPort(t), freeTCPPort(t)
	startStream(t, fmt.Sprintf("rtp://@:%d", in), "--serve", "opencv", "--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	testbin.Start(t, nil, "/usr/bin/python3", "-c", opencvSender, strconv.Itoa(in))
	mustPlay(t, "tcp", servedURL(port, "opencv"), "h264,640,480")
	mustPlay(t, "udp", servedURL(port, "opencv"), "h264,640,480")
}
