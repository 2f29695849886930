package e2e_test

// SRT (MPEG-TS in SRT) against srt-live-transmit (Debian's srt-tools) and ffprobe srt://.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

const srtSecret = "s3cret-passphrase-42"

// ffprobeTS asks ffprobe for the video stream of a TS URL (udp:// or srt://).
func ffprobeTS(t *testing.T, url string) string {
	t.Helper()
	out, _ := testbin.Run(t, 40*time.Second, nil, "timeout", "35", "ffprobe", "-v", "error", "-show_entries",
		"stream=codec_name,width,height", "-of", "csv=p=0", url)
	return out
}

// A caller output reaches an srt-live-transmit listener (encrypted), which hands the TS on over
// UDP to ffprobe. The stream starts before the listener exists: the connection failure is
// retried with backoff until the listener is up. The passphrase never shows in gstcast's output.
func TestSRTCallerToSrtLiveTransmit(t *testing.T) {
	testbin.Need(t, "srt-live-transmit", "ffprobe")
	srtPort, udpPort := testbin.FreeUDPPort(t), testbin.FreeUDPPort(t)
	p := testbin.Start(t, pluginEnv(t), testbin.Gstcast(t), "stream", barsSource, "--keyframe", "15",
		"--to", fmt.Sprintf("srt://127.0.0.1:%d?passphrase=%s&latency=80", srtPort, srtSecret))
	time.Sleep(3 * time.Second) // no listener yet: the stream fails to connect and is retried
	testbin.Start(t, nil, "srt-live-transmit", "-q",
		fmt.Sprintf("srt://:%d?mode=listener&passphrase=%s", srtPort, srtSecret), fmt.Sprintf("udp://127.0.0.1:%d", udpPort))
	// The retries back off, and this machine is shared: give the reconnect up to three probes.
	got := ""
	for i := 0; i < 3 && !strings.Contains(got, "h264,640,360"); i++ {
		got = ffprobeTS(t, fmt.Sprintf("udp://127.0.0.1:%d", udpPort))
	}
	if !strings.Contains(got, "h264,640,360") {
		t.Fatalf("ffprobe behind srt-live-transmit: %s\ngstcast:\n%s", lastLines(got, 5), p.Output())
	}
	out := p.Output()
	if strings.Contains(out, srtSecret) {
		t.Fatalf("gstcast printed the SRT passphrase:\n%s", out)
	}
	if !strings.Contains(out, `passphrase="***"`) {
		t.Errorf("the printed pipeline does not show the masked passphrase:\n%s", out)
	}
}

// A listener output is read by `ffprobe srt://HOST:PORT` (a caller).
func TestSRTListenerReadByFFprobe(t *testing.T) {
	testbin.Need(t, "ffprobe")
	port := testbin.FreeUDPPort(t)
	startStream(t, barsSource, "--keyframe", "15", "--to", fmt.Sprintf("srt://127.0.0.1:%d?mode=listener", port))
	if got := ffprobeTS(t, fmt.Sprintf("srt://127.0.0.1:%d", port)); !strings.Contains(got, "h264,640,360") {
		t.Fatalf("ffprobe srt://: %s", lastLines(got, 5))
	}
}

// An SRT source: srt-live-transmit calls gstcast's listener with TS from a gst-launch sender;
// gstcast relays it onto an RTSP mount (SRT → RTSP), which ffprobe reads.
func TestSRTSourceRelayedToRTSP(t *testing.T) {
	testbin.Need(t, "srt-live-transmit", "ffprobe", "gst-launch-1.0")
	srtPort, udpPort, rtspPort := testbin.FreeUDPPort(t), testbin.FreeUDPPort(t), freeTCPPort(t)
	p := startStream(t, fmt.Sprintf("srt://:%d?mode=listener&passphrase=%s", srtPort, srtSecret), "--serve", "srt",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", fmt.Sprint(rtspPort))
	if !strings.Contains(p.Output(), "relayed without re-encoding") {
		t.Fatalf("not a relay:\n%s", p.Output())
	}
	testbin.Start(t, nil, "srt-live-transmit", "-q", fmt.Sprintf("udp://:%d", udpPort),
		fmt.Sprintf("srt://127.0.0.1:%d?passphrase=%s", srtPort, srtSecret))
	tsSender(t, udpPort, false)
	mustPlay(t, "tcp", fmt.Sprintf("rtsp://127.0.0.1:%d/srt", rtspPort), "h264,640,360")
	if strings.Contains(p.Output(), srtSecret) {
		t.Fatalf("gstcast printed the SRT passphrase:\n%s", p.Output())
	}
}

// A wrong passphrase is final: the stream stops with an error that says so, instead of
// reconnecting forever, and the passphrase is not printed.
func TestSRTWrongPassphraseIsFinal(t *testing.T) {
	testbin.Need(t, "srt-live-transmit")
	srtPort, udpPort := testbin.FreeUDPPort(t), testbin.FreeUDPPort(t)
	testbin.Start(t, nil, "srt-live-transmit", "-q", fmt.Sprintf("udp://:%d", udpPort),
		fmt.Sprintf("srt://:%d?mode=listener&passphrase=%s", srtPort, srtSecret))
	time.Sleep(time.Second)
	wrong := "not-the-right-one-99"
	out, code := testbin.Run(t, 90*time.Second, pluginEnv(t), testbin.Gstcast(t), "stream",
		fmt.Sprintf("srt://127.0.0.1:%d?passphrase=%s", srtPort, wrong), "--to", fmt.Sprintf("rtp://127.0.0.1:%d", testbin.FreeUDPPort(t)))
	if code == 0 || !strings.Contains(out, "wrong passphrase") {
		t.Fatalf("exit %d, want a failure naming the wrong passphrase:\n%s", code, out)
	}
	if strings.Contains(out, wrong) {
		t.Fatalf("the passphrase is printed:\n%s", out)
	}
}
