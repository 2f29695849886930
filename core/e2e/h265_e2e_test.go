package e2e_test

// H.265 (--codec h265) end to end: x265enc in the plugin, received by gst-launch-1.0
// (rtph265depay ! avdec_h265), served on an RTSP mount that ffprobe reads as HEVC, relayed from
// H.265 RTP, and shown in gstcast's own viewer.

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

func h265Caps(pt int) string {
	return fmt.Sprintf("application/x-rtp,media=video,clock-rate=90000,encoding-name=H265,payload=%d", pt)
}

// h265Sender is a gst-launch-1.0 H.265 RTP sender nobody here wrote.
func h265Sender(t *testing.T, port int) {
	t.Helper()
	testbin.Start(t, nil, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=smpte", "!",
		"video/x-raw,format=I420,width=640,height=360,framerate=30/1", "!", "x265enc", "tune=zerolatency", "key-int-max=15", "!",
		"rtph265pay", "config-interval=-1", "!", "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(port))
}

func TestH265StreamDecodedByGstLaunch(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	port := testbin.FreeUDPPort(t)
	p := startStream(t, barsSource, "--codec", "h265", "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port), "--keyframe", "15")
	if out := p.Output(); !strings.Contains(out, "x265enc") || !strings.Contains(out, "rtph265pay") {
		t.Fatalf("not an x265enc/rtph265pay stream:\n%s", out)
	}
	out, code := testbin.Run(t, 30*time.Second, nil, "gst-launch-1.0", "-q",
		"udpsrc", "address=127.0.0.1", "port="+strconv.Itoa(port), "caps="+h265Caps(96),
		"!", "rtph265depay", "!", "h265parse", "!", "avdec_h265", "!", "identity", "eos-after=30", "!", "fakesink")
	if code != 0 {
		t.Fatalf("H.265 receiver failed (%d):\n%s", code, out)
	}
	stopStream(t, p)
}

// An H.265 mount: ffprobe reads it as HEVC over TCP and UDP; an H.265 RTP source relayed onto a
// mount keeps its codec.
func TestH265ServeAndRelay(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0")
	port := freeTCPPort(t)
	p := startStream(t, barsSource, "--codec", "h265", "--serve", "hevc", "--keyframe", "15",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port))
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/hevc", port)
	mustPlay(t, "tcp", url, "hevc,640,360")
	mustPlay(t, "udp", url, "hevc,640,360")
	stopStream(t, p)

	in, port2 := testbin.FreeUDPPort(t), freeTCPPort(t)
	r := startStream(t, fmt.Sprintf("rtp://127.0.0.1:%d?codec=h265", in), "--serve", "relay",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port2))
	if !strings.Contains(r.Output(), "relayed without re-encoding") {
		t.Fatalf("not a relay:\n%s", r.Output())
	}
	h265Sender(t, in)
	mustPlay(t, "tcp", fmt.Sprintf("rtsp://127.0.0.1:%d/relay", port2), "hevc,640,360")
}

// rtp://@:PORT?codec=h265 opens in the viewer window, decoded by a probed H.265 decoder.
func TestH265View(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	display := xvfb(t)
	port := testbin.FreeUDPPort(t)
	v := startView(t, display, fmt.Sprintf("rtp://@:%d?codec=h265", port))
	v.WaitOutput(t, "decoder:  avdec_h265", 60*time.Second)
	h265Sender(t, port)
	waitColours(t, display, "h265 view", v)
}
