// Command loss measures what 1 % random UDP packet loss does to a 1280x720@30 H.264 stream, and
// what recovery buys, side by side in one run (see docs/BENCHMARKS.md, "Packet loss"). It runs
// inside a network namespace whose loopback drops UDP packets at random (bench/loss/run.sh makes
// it with nftables `numgen random mod 100 < 1 drop`), so every packet between sender and
// receiver, RTP, RTCP and retransmissions alike, crosses the lossy link.
//
// Three senders, interleaved round by round so that machine noise hits all of them:
//
//   - seed:           the seed recipe, videotestsrc ! x264enc tune=zerolatency ! rtph264pay !
//     udpsink, received by udpsrc ! rtph264depay ! avdec_h264 (no jitter buffer, as in the seed)
//   - gstcast:        gstcast stream --stamp --serve, read over RTSP/UDP by rtspsrc
//     (jitter buffer -latency, 50 ms by default as in gstcast; in-order packets pass at once,
//     only a gap is waited for), retransmission off
//   - gstcast-rtx:    the same with --rtx, read with rtspsrc's do-retransmission
//
// Every frame carries its capture time (package framestamp). A frame is lost when its stamp
// never arrives (gaps in the 33 ms sequence), damaged when it is decoded but its stamp cannot
// be read (a loss hit the rows the stamp lives in). Damage elsewhere in a picture that still
// carries a readable stamp is not seen: the figures are a lower bound of visible damage.
// Latency is arrival of the decoded frame minus its stamp.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/bench/internal/stamp"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

const fps = 30

var width, height, latencyMS int

func main() {
	gstcast := flag.String("gstcast", "bin/gstcast", "the gstcast binary (its plugins beside it or on GSTCAST_PLUGIN_PATH)")
	duration := flag.Duration("duration", 20*time.Second, "measured time per sender per round")
	rounds := flag.Int("rounds", 3, "rounds")
	lossPct := flag.String("loss", "1", "the loss the namespace applies, for the report only")
	flag.IntVar(&width, "width", 1280, "frame width")
	flag.IntVar(&latencyMS, "latency", spec.DefaultLatencyMS, "the RTSP readers' jitter buffer latency in ms (how long a gap is waited for)")
	flag.IntVar(&height, "height", 720, "frame height")
	flag.Parse()
	results := map[string]*result{}
	names := []string{"seed", "gstcast", "gstcast-rtx"}
	for _, n := range names {
		results[n] = &result{}
	}
	for round := 1; round <= *rounds; round++ {
		for i, n := range names {
			port := 20000 + round*10 + i
			var err error
			switch n {
			case "seed":
				err = runSeed(port, *duration, results[n])
			default:
				err = runGstcast(*gstcast, port, n == "gstcast-rtx", *duration, results[n])
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "round %d %s: %v\n", round, n, err)
				os.Exit(1)
			}
			fmt.Fprintf(os.Stderr, "round %d %-12s %s\n", round, n, results[n].last)
		}
	}
	fmt.Printf("%s %% random UDP loss, %dx%d@30 H.264 2 Mbit/s, RTSP jitter buffer %d ms, %d rounds of %s each\n\n", *lossPct, width, height, latencyMS, *rounds, *duration)
	fmt.Println("| sender | frames sent | lost | damaged | lost or damaged | latency p50 | p95 |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, n := range names {
		fmt.Println(results[n].row(n))
	}
}

// result adds up a sender's rounds.
type result struct {
	mu                 sync.Mutex
	expected, got, bad int
	lat                []float64
	last               string
	first, prev        time.Time
	roundExp, roundGot int
	roundBad           int
}

// frame records one decoded frame: captured is zero when its stamp could not be read.
func (r *result) frame(captured, arrived time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if captured.IsZero() {
		r.roundBad++
		return
	}
	if !r.prev.IsZero() && !captured.After(r.prev) {
		return // a repeat (the same stamp twice)
	}
	if r.first.IsZero() {
		r.first = captured
	}
	r.prev = captured
	r.roundGot++
	r.lat = append(r.lat, float64(arrived.Sub(captured).Microseconds())/1000)
}

// endRound turns the stamps' span into the frames that were sent, and adds the round up.
func (r *result) endRound() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.first.IsZero() {
		r.roundExp = int(r.prev.Sub(r.first).Round(time.Second/fps)/(time.Second/fps)) + 1
	}
	r.last = fmt.Sprintf("sent %d, decoded with stamp %d, damaged %d", r.roundExp, r.roundGot, r.roundBad)
	r.expected += r.roundExp
	r.got += r.roundGot
	r.bad += r.roundBad
	r.first, r.prev, r.roundExp, r.roundGot, r.roundBad = time.Time{}, time.Time{}, 0, 0, 0
}

func (r *result) row(name string) string {
	lost := r.expected - r.got
	if lost < 0 {
		lost = 0
	}
	pct := func(n int) string { return fmt.Sprintf("%d (%.1f %%)", n, 100*float64(n)/float64(max(1, r.expected))) }
	slices.Sort(r.lat)
	q := func(p float64) string {
		if len(r.lat) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f ms", r.lat[int(p*float64(len(r.lat)-1))])
	}
	return fmt.Sprintf("| %s | %d | %s | %s | %s | %s | %s |", name, r.expected, pct(lost), pct(r.bad), pct(lost+r.bad), q(0.5), q(0.95))
}

// warmUp is left out of every measurement: encoder start, first keyframe, RTSP set-up.
const warmUp = 3 * time.Second

func measure(r *result, d time.Duration, start func(onFrame func(captured, arrived time.Time)) (stop func(), err error)) error {
	measuring := false
	var mu sync.Mutex
	stop, err := start(func(c, a time.Time) {
		mu.Lock()
		on := measuring
		mu.Unlock()
		if on {
			r.frame(c, a)
		}
	})
	if err != nil {
		return err
	}
	time.Sleep(warmUp)
	mu.Lock()
	measuring = true
	mu.Unlock()
	time.Sleep(d)
	mu.Lock()
	measuring = false
	mu.Unlock()
	stop()
	r.endRound()
	return nil
}

// runSeed: the seed's sender line, stamped, and its receiver (stamp.Receiver, no jitter buffer).
func runSeed(port int, d time.Duration, r *result) error {
	return measure(r, d, func(on func(c, a time.Time)) (func(), error) {
		rx, err := stamp.StartReceiver(stamp.ReceiverOptions{Port: port, OnFrame: on})
		if err != nil {
			return nil, err
		}
		line := fmt.Sprintf("gst-launch-1.0 -e videotestsrc is-live=true pattern=smpte ! video/x-raw,format=I420,width=%d,height=%d,framerate=30/1 "+
			"! videoconvert ! x264enc tune=zerolatency bitrate=2048 speed-preset=superfast key-int-max=60 "+
			"! rtph264pay config-interval=1 pt=96 ! udpsink host=127.0.0.1 port=%d sync=false", width, height, port)
		words, err := stamp.SplitShell(line)
		if err != nil {
			return nil, err
		}
		tx, err := stamp.StartBaseline(words)
		if err != nil {
			rx.Stop()
			return nil, err
		}
		return func() { tx.Stop(time.Second); rx.Stop() }, nil
	})
}

// runGstcast: gstcast stream --stamp --serve (with --rtx or not), read over RTSP/UDP.
func runGstcast(bin string, port int, rtx bool, d time.Duration, r *result) error {
	return measure(r, d, func(on func(c, a time.Time)) (func(), error) {
		args := []string{"stream", fmt.Sprintf("test://smpte?width=%d&height=%d&fps=30", width, height), "--stamp", "--keyframe", "60",
			"--serve", "loss", "--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port)}
		if rtx {
			args = append(args, "--rtx")
		}
		cmd := exec.Command(bin, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		out := &syncBuf{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		kill := func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); _ = cmd.Wait() }
		for deadline := time.Now().Add(60 * time.Second); !strings.Contains(out.String(), "press Ctrl-C to stop"); {
			if time.Now().After(deadline) {
				kill()
				return nil, fmt.Errorf("gstcast did not start:\n%s", out.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		rx, err := startRTSPReceiver(fmt.Sprintf("rtsp://127.0.0.1:%d/loss", port), rtx, on)
		if err != nil {
			kill()
			return nil, fmt.Errorf("%v\n%s", err, out.String())
		}
		go func() {
			<-rx.Done()
			if err := rx.Err(); err != nil {
				fmt.Fprintf(os.Stderr, "receiver: %v\n", err)
			}
		}()
		return func() { rx.Stop(0); kill() }, nil
	})
}

// startRTSPReceiver is the viewers' receiver chain (pipeline.BuildReceiver) on an RTSP URL over
// UDP, with rtspsrc's retransmission on or off, decoding to I420 for the stamp reader.
func startRTSPReceiver(url string, rtx bool, on func(c, a time.Time)) (*gstreamer.Running, error) {
	src := spec.Source{Kind: spec.SourceRTSP, URL: url, Transport: "udp", LatencyMS: latencyMS}
	sink := pipeline.Element{Factory: "appsink", Name: pipeline.NameSink, Props: []pipeline.Prop{
		{Name: "caps", Value: "video/x-raw,format=I420"}, {Name: "sync", Value: "false"}, {Name: "async", Value: "false"},
		{Name: "drop", Value: "true"}, {Name: "max-buffers", Value: "2"}, {Name: "enable-last-sample", Value: "false"}}}
	g, err := pipeline.BuildReceiver(src, pipeline.LinuxV4L2(), "avdec_h264", sink)
	if err != nil {
		return nil, err
	}
	g.Elements[0].Props = append(g.Elements[0].Props, pipeline.Prop{Name: "do-retransmission", Value: strconv.FormatBool(rtx)})
	return gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "rtsprx", StartTimeout: 15 * time.Second,
		Tap: &gstreamer.FrameTap{At: pipeline.NameSink, OnFrame: func(f gstreamer.Frame) {
			t, _ := stamp.Read(f)
			on(t, f.Arrived)
		}}})
}

// syncBuf is a strings.Builder several goroutines may write to.
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
