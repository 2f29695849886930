// Command viewlatency measures gstcast's viewer (see docs/BENCHMARKS.md, "Viewer"):
//
//   - time from starting `gstcast view` to the first frame on screen, for RTSP and for RTP;
//   - glass-to-glass latency through the viewer (capture stamp painted by the sender, read when
//     the window puts the frame on its canvas) against the seed's plain GStreamer client,
//     `rtspsrc latency=10 ! rtph264depay ! h264parse ! avdec_h264 ! videoconvert ! autovideosink`,
//     measured the same way (the stamp read as the frame is handed to the video sink).
//
// It needs a display (run it under xvfb-run) and bin/ built (installer/build.sh). Both clients
// read the same gstcast RTSP mount of a stamped 1280x720@30 test signal, one after the other.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/bench/internal/stamp"
	"github.com/gstcast/gstcast/core/pipeline"
)

func main() {
	gstcast := flag.String("gstcast", "bin/gstcast", "gstcast binary (plugins next to it)")
	duration := flag.Duration("duration", 12*time.Second, "latency measurement per round")
	rounds := flag.Int("rounds", 3, "latency rounds per client")
	runs := flag.Int("ttff", 5, "time-to-first-frame runs per source kind")
	baselineURL := flag.String("baseline", "", "internal: measure the plain GStreamer client on this URL and print one latency per line")
	flag.Parse()
	if *baselineURL != "" {
		for _, v := range baselineLatency(*baselineURL, *duration) {
			fmt.Println(v)
		}
		return
	}
	if os.Getenv("DISPLAY") == "" {
		fail("no DISPLAY: run under xvfb-run -a -s '-screen 0 1280x800x24'")
	}
	dir, err := os.MkdirTemp("", "gstcast-viewbench")
	check(err)
	defer os.RemoveAll(dir)
	port := freePort("tcp")
	cfg := filepath.Join(dir, "serve.yaml")
	check(os.WriteFile(cfg, []byte(fmt.Sprintf(`rtsp: {address: 127.0.0.1, port: %d}
mounts:
  - {name: g2g, source: "test://smpte?width=1280&height=720&fps=30", stamp: true, keyframe: 30, bitrate: 2000}
`, port)), 0o644))
	srv := start(*gstcast, "serve", cfg)
	defer stop(srv)
	waitFor(srv, "press Ctrl-C", 60*time.Second)
	url := fmt.Sprintf("rtsp://127.0.0.1:%d/g2g", port)

	// Time to first frame.
	var rtspTTFF, rtpTTFF []float64
	for i := 0; i < *runs; i++ {
		rtspTTFF = append(rtspTTFF, ttff(*gstcast, url, "--latency", "10"))
	}
	udp := freePort("udp")
	sender := exec.Command("gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=smpte", "!",
		"video/x-raw,width=1280,height=720,framerate=30/1", "!", "x264enc", "tune=zerolatency", "bitrate=2000",
		"key-int-max=30", "speed-preset=superfast", "!", "rtph264pay", "config-interval=-1", "pt=96", "!",
		"udpsink", "host=127.0.0.1", "port="+strconv.Itoa(udp))
	sender.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	check(sender.Start())
	for i := 0; i < *runs; i++ {
		rtpTTFF = append(rtpTTFF, ttff(*gstcast, fmt.Sprintf("rtp://@:%d", udp), "--latency", "10"))
	}
	_ = syscall.Kill(-sender.Process.Pid, syscall.SIGKILL)
	_ = sender.Wait()

	// Glass to glass, rounds interleaved so drift on the machine hits both alike.
	var ours, base [][]float64
	for r := 0; r < *rounds; r++ {
		ours = append(ours, viewerLatency(*gstcast, url, dir, *duration))
		base = append(base, baselineInChild(url, *duration))
	}
	fmt.Println("| measure | gstcast view | gst-launch rtspsrc … autovideosink | ratio |")
	fmt.Println("|---|---|---|---|")
	for _, q := range []float64{50, 95, 99} {
		a, b := medianOf(ours, q), medianOf(base, q)
		fmt.Printf("| glass-to-glass p%.0f (ms) | %.1f | %.1f | %.2f |\n", q, a, b, a/b)
	}
	fmt.Printf("| frames measured per round | %d | %d | |\n", count(ours), count(base))
	fmt.Printf("| time to first frame, RTSP (ms, median of %d) | %.0f | | |\n", len(rtspTTFF), pct(rtspTTFF, 50))
	fmt.Printf("| time to first frame, RTP (ms, median of %d) | %.0f | | |\n", len(rtpTTFF), pct(rtpTTFF, 50))
	fmt.Printf("\nTTFF runs (ms): rtsp %v; rtp %v\n", round(rtspTTFF), round(rtpTTFF))
}

var firstFrame = regexp.MustCompile(`first frame on screen after (\d+) ms`)

// ttff starts `gstcast view` and returns the milliseconds it reports until its first frame.
func ttff(gstcast, url string, args ...string) float64 {
	p := start(gstcast, append([]string{"view", url}, args...)...)
	defer stop(p)
	out := waitFor(p, "first frame on screen", 60*time.Second)
	m := firstFrame.FindStringSubmatch(out)
	if m == nil {
		fail("no first-frame line:\n" + out)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// viewerLatency runs `gstcast view --trace` and returns shown-minus-captured per frame, in ms,
// leaving out the first two seconds (start-up).
func viewerLatency(gstcast, url, dir string, d time.Duration) []float64 {
	trace := filepath.Join(dir, fmt.Sprintf("trace-%d", time.Now().UnixNano()))
	p := start(gstcast, "view", url, "--latency", "10", "--trace", trace)
	waitFor(p, "first frame on screen", 60*time.Second)
	time.Sleep(2*time.Second + d)
	stop(p)
	f, err := os.Open(trace)
	check(err)
	defer f.Close()
	var lat []float64
	sc := bufio.NewScanner(f)
	var t0 int64
	for sc.Scan() {
		var seq, capt, shown int64
		if _, err := fmt.Sscan(sc.Text(), &seq, &capt, &shown); err != nil || capt == 0 {
			continue
		}
		if t0 == 0 {
			t0 = shown
		}
		if shown-t0 >= 2000 {
			lat = append(lat, float64(shown-capt))
		}
	}
	return lat
}

// baselineInChild runs the baseline in a fresh process per round: X video sinks keep their
// display connection for the life of the process.
func baselineInChild(url string, d time.Duration) []float64 {
	exe, err := os.Executable()
	check(err)
	out, err := exec.Command(exe, "-baseline", url, "-duration", d.String()).Output()
	check(err)
	var lat []float64
	for _, f := range strings.Fields(string(out)) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			lat = append(lat, v)
		}
	}
	return lat
}

func baselineLatency(url string, d time.Duration) []float64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second+d)
	defer cancel()
	var lat []float64
	var t0 time.Time
	err := stamp.Watch(ctx, baselineClient(url), "at", func(captured, shown time.Time) {
		if t0.IsZero() {
			t0 = shown
		}
		if shown.Sub(t0) >= 2*time.Second {
			lat = append(lat, float64(shown.Sub(captured).Microseconds())/1000)
		}
	})
	check(err)
	return lat
}

// baselineClient is the seed's plain GStreamer client, element by element:
//
//	rtspsrc location=URL latency=10 ! rtph264depay ! h264parse ! avdec_h264 ! videoconvert
//	  ! video/x-raw,format=RGBA ! identity name=at ! videoconvert ! autovideosink
//
// with the stamp read where frames leave "at", as they are handed on to the video sink. The
// RGBA conversion before it is the one gstcast's viewer makes too, so both read the same pixels.
func baselineClient(url string) pipeline.Graph {
	prop := func(name, value string) pipeline.Prop { return pipeline.Prop{Name: name, Value: value} }
	return pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "rtspsrc", Name: pipeline.NameSource, Props: []pipeline.Prop{prop("location", url), prop("latency", "10")}},
		{Factory: "rtph264depay"},
		{Factory: "h264parse"},
		{Factory: "avdec_h264"},
		{Factory: "videoconvert"},
		{Factory: "capsfilter", Caps: "video/x-raw,format=RGBA"},
		{Factory: "identity", Name: "at"},
		{Factory: "videoconvert"},
		{Factory: "autovideosink"},
	}}
}

type proc struct {
	cmd *exec.Cmd
	out *syncBuf
}

func start(name string, args ...string) *proc {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	b := &syncBuf{}
	cmd.Stdout, cmd.Stderr = b, b
	check(cmd.Start())
	return &proc{cmd: cmd, out: b}
}

func stop(p *proc) {
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func waitFor(p *proc, s string, timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if out := p.out.String(); strings.Contains(out, s) {
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	fail(fmt.Sprintf("no %q within %s:\n%s", s, timeout, p.out.String()))
	return ""
}

func freePort(network string) int {
	if network == "udp" {
		c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		check(err)
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func pct(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(q / 100 * float64(len(s)-1))
	return s[i]
}

// medianOf is the median over rounds of each round's q-th percentile.
func medianOf(rounds [][]float64, q float64) float64 {
	var per []float64
	for _, r := range rounds {
		per = append(per, pct(r, q))
	}
	return pct(per, 50)
}

func count(rounds [][]float64) int {
	n := 0
	for _, r := range rounds {
		n += len(r)
	}
	return n / max(1, len(rounds))
}

func round(v []float64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x + 0.5)
	}
	return out
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "viewlatency:", msg)
	os.Exit(1)
}
