// Command joinlatency measures how soon a reader that joins an RTSP mount sees a picture: from
// the moment its PLAY request is sent to the moment its first frame is decoded, side by side for
// gstcast's RTSP server and the seed's Python GstRtspServer relay (bench/rtspfanout/pyrelay.py),
// in the same run, over TCP and UDP (docs/BENCHMARKS.md, issue 13).
//
// One 1280x720@30 2 Mbit/s x264 RTP stream with a GOP of -gop frames (gst-launch-1.0) feeds both
// relays at once (tee). The reader is gortsplib (DESCRIBE, SETUP, then the clock starts, PLAY):
// every RTP packet it receives is handed over loopback UDP to a fresh GStreamer decoder
// (bench/internal/stamp's receiver: udpsrc → rtph264depay → h264parse → avdec_h264 → appsink),
// which was playing before PLAY was sent, so neither pipeline start-up nor the handshake is
// counted. Two cases per server and transport:
//   - alone: the reader is the only one (it starts the shared media, after the previous reader
//     left a second before);
//   - joining: an anchor reader plays the mount all along (the reader joins a playing media).
//
// gstcast is also measured serving its own encoded test source (gstcast stream test://…
// --serve), where a joining reader's keyframe request reaches the encoder.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
	"github.com/bluenviron/gortsplib/v4/pkg/description"
	"github.com/bluenviron/gortsplib/v4/pkg/format"
	"github.com/pion/rtp"

	"github.com/gstcast/gstcast/bench/internal/stamp"
)

func main() {
	gstcast := flag.String("gstcast", "bin/gstcast", "the gstcast binary (its plugins beside it)")
	pyrelay := flag.String("pyrelay", "bench/rtspfanout/pyrelay.py", "the Python relay baseline")
	rounds := flag.Int("rounds", 5, "readers measured per server, transport and case")
	gop := flag.Int("gop", 60, "keyframe interval of the sender, frames")
	transports := flag.String("transports", "tcp,udp", "")
	flag.Parse()
	if err := run(*gstcast, *pyrelay, *rounds, *gop, strings.Split(*transports, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "joinlatency:", err)
		os.Exit(1)
	}
}

func freePort(network string) int {
	if network == "udp" {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

type proc struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuf
}

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(name string, env []string, args ...string) (*proc, error) {
	p := &proc{name: name, cmd: exec.Command(args[0], args[1:]...), out: &syncBuf{}}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

func (p *proc) waitFor(s string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for !strings.Contains(p.out.String(), s) {
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not say %q within %s:\n%s", p.name, s, d, p.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

func (p *proc) stop() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

type server struct {
	name, url string
}

func run(gstcast, pyrelay string, rounds, gop int, transports []string) error {
	inGC, inPy := freePort("udp"), freePort("udp")
	rtspGC, rtspPy, rtspOwn := freePort("tcp"), freePort("tcp"), freePort("tcp")
	// The sender: the seed's software H.264 line, to both relays at once. Fixed words, no user
	// text in it.
	sender, err := start("sender", nil, "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "!",
		"video/x-raw,width=1280,height=720,framerate=30/1", "!", "x264enc", "tune=zerolatency", "bitrate=2000",
		"key-int-max="+strconv.Itoa(gop), "speed-preset=ultrafast", "!", "rtph264pay", "config-interval=-1", "pt=96",
		"!", "tee", "name=t",
		"t.", "!", "queue", "!", "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(inGC), "bind-address=127.0.0.1", "sync=false", "async=false",
		"t.", "!", "queue", "!", "udpsink", "host=127.0.0.1", "port="+strconv.Itoa(inPy), "bind-address=127.0.0.1", "sync=false", "async=false")
	if err != nil {
		return err
	}
	defer sender.stop()
	dir := gstcast[:strings.LastIndex(gstcast, "/")+1]
	env := []string{"GSTCAST_PLUGIN_PATH=" + dir}
	gc, err := start("gstcast", env, gstcast, "stream", "rtp://127.0.0.1:"+strconv.Itoa(inGC), "--serve", "cam",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(rtspGC), "--stats", "0")
	if err != nil {
		return err
	}
	defer gc.stop()
	own, err := start("gstcast-own", env, gstcast, "stream",
		"test://smpte?width=1280&height=720&fps=30", "--serve", "cam", "--bitrate", "2000",
		"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(rtspOwn), "--stats", "0")
	if err != nil {
		return err
	}
	defer own.stop()
	py, err := start("python", nil, "/usr/bin/python3", pyrelay, strconv.Itoa(inPy), strconv.Itoa(rtspPy), "cam", "127.0.0.1")
	if err != nil {
		return err
	}
	defer py.stop()
	for _, p := range []*proc{gc, own} {
		if err := p.waitFor("press Ctrl-C to stop", 30*time.Second); err != nil {
			return err
		}
	}
	if err := py.waitFor("ready", 30*time.Second); err != nil {
		return err
	}
	time.Sleep(3 * time.Second) // every relay has its source flowing
	servers := []server{
		{"gstcast (RTP relay)", "rtsp://127.0.0.1:" + strconv.Itoa(rtspGC) + "/cam"},
		{"Python GstRtspServer relay", "rtsp://127.0.0.1:" + strconv.Itoa(rtspPy) + "/cam"},
		{"gstcast (own encoder, GOP 2 s)", "rtsp://127.0.0.1:" + strconv.Itoa(rtspOwn) + "/cam"},
	}
	fmt.Printf("PLAY → first decoded frame, ms (median / max of %d readers; sender GOP %d frames at 30 fps)\n\n", rounds, gop)
	fmt.Println("| server | transport | alone: p50 | alone: max | joining: p50 | joining: max | failed |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, tr := range transports {
		for _, s := range servers {
			alone, fa := measure(s.url, tr, rounds, false)
			joining, fj := measure(s.url, tr, rounds, true)
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %d |\n", s.name, tr, ms(median(alone)), ms(maxOf(alone)),
				ms(median(joining)), ms(maxOf(joining)), fa+fj)
		}
	}
	return nil
}

func ms(d time.Duration) string {
	if d < 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 0, 64)
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return -1
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func maxOf(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return -1
	}
	m := ds[0]
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// measure plays the mount rounds times, a second apart, and returns PLAY → first decoded frame
// of each reader that got one, and how many did not within 5 s. With anchor, another reader
// plays the mount all along.
func measure(url, transport string, rounds int, anchor bool) ([]time.Duration, int) {
	if anchor {
		a, err := newReader(url, transport, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, "anchor:", err)
			return nil, rounds
		}
		defer a.Close()
		if _, err := a.Play(nil); err != nil {
			fmt.Fprintln(os.Stderr, "anchor PLAY:", err)
			return nil, rounds
		}
		time.Sleep(time.Second)
	}
	var out []time.Duration
	failed := 0
	for range rounds {
		d, err := once(url, transport)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s over %s: %v\n", url, transport, err)
			failed++
		} else {
			out = append(out, d)
		}
		time.Sleep(time.Second)
	}
	return out, failed
}

// newReader is a gortsplib client with DESCRIBE and SETUP done; onRTP gets every RTP packet.
func newReader(url, transport string, onRTP func(*rtp.Packet)) (*gortsplib.Client, error) {
	u, err := base.ParseURL(url)
	if err != nil {
		return nil, err
	}
	tr := gortsplib.TransportTCP
	if transport == "udp" {
		tr = gortsplib.TransportUDP
	}
	c := &gortsplib.Client{Scheme: u.Scheme, Host: u.Host, Transport: &tr,
		OnDecodeError: func(error) {}, OnPacketsLost: func(uint64) {}}
	c.ListenPacket = func(network, address string) (net.PacketConn, error) {
		if host, port, err := net.SplitHostPort(address); err == nil && (host == "" || host == "0.0.0.0") {
			address = net.JoinHostPort("127.0.0.1", port) // nothing listens beyond loopback
		}
		return net.ListenPacket(network, address)
	}
	if err := c.Start2(); err != nil {
		return nil, err
	}
	desc, _, err := c.Describe(u)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("DESCRIBE: %w", err)
	}
	if err := c.SetupAll(desc.BaseURL, desc.Medias); err != nil {
		c.Close()
		return nil, fmt.Errorf("SETUP: %w", err)
	}
	if onRTP != nil {
		c.OnPacketRTPAny(func(_ *description.Media, _ format.Format, pkt *rtp.Packet) { onRTP(pkt) })
	}
	return c, nil
}

func once(url, transport string) (time.Duration, error) {
	port := freePort("udp")
	first := make(chan time.Time, 1)
	rx, err := stamp.StartReceiver(stamp.ReceiverOptions{Port: port, OnFrame: func(_, arrived time.Time) {
		select {
		case first <- arrived:
		default:
		}
	}})
	if err != nil {
		return 0, err
	}
	defer rx.Stop()
	fwd, err := net.DialUDP("udp", nil, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		return 0, err
	}
	defer fwd.Close()
	c, err := newReader(url, transport, func(pkt *rtp.Packet) {
		if b, err := pkt.Marshal(); err == nil {
			_, _ = fwd.Write(b)
		}
	})
	if err != nil {
		return 0, err
	}
	defer c.Close()
	t0 := time.Now()
	if _, err := c.Play(nil); err != nil {
		return 0, fmt.Errorf("PLAY: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	select {
	case t := <-first:
		return t.Sub(t0), nil
	case <-ctx.Done():
		return 0, errors.New("no decoded frame within 5 s of PLAY")
	}
}
