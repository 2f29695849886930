// Command framering measures the hand-off latency of a frame ring (core/framering) across
// processes, as a plugin and a viewer use it: a writer process (this program re-executed with
// -writer) copies RGBA frames into the ring at a steady rate, and this process polls the ring
// the way a viewer would and records, for every frame it takes, the time from the writer's
// Commit (Frame.Written) to Acquire returning it. Both sides read the same machine's clock.
//
// The baseline is the same writer as a goroutine in this process: the difference between the
// two is the cost of the process boundary. Latency includes the reader's poll interval: a
// Go sleep in an otherwise idle process lasts about 1 ms whatever is asked (the runtime's
// poller waits in whole milliseconds), so with -poll > 0 expect a median near 0.5 ms across
// processes, while the goroutine baseline wakes with its writer's ticker and looks faster
// than it is. -poll 0 spins (one core busy) and measures the hand-off itself.
// "write" is Write's cost (copy + commit).
//
//	go run ./bench/framering [-duration 10s] [-fps 30] [-poll 100us]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/framering"
)

const warmup = 10 // frames not counted: page faults of the first touches

func main() {
	writer := flag.String("writer", "", "internal: be the writer process for this ring name")
	size := flag.String("size", "1280x720", "internal: frame size of the writer process")
	frames := flag.Int("frames", 0, "internal: frames the writer process writes")
	fps := flag.Int("fps", 30, "frames per second")
	duration := flag.Duration("duration", 10*time.Second, "time per size and writer kind")
	poll := flag.Duration("poll", 100*time.Microsecond, "reader's sleep between Acquire calls that find no frame; 0 spins")
	flag.Parse()
	var width, height int
	if _, err := fmt.Sscanf(*size, "%dx%d", &width, &height); err != nil {
		fail(fmt.Errorf("-size %q: %w", *size, err))
	}
	if *writer != "" {
		w, err := framering.Create(*writer, 0, framering.SlotBytes(width, height))
		if err != nil {
			fail(err)
		}
		fmt.Println("ready")
		d := writeFrames(w, width, height, *fps, *frames)
		fmt.Println("write", median(d).Nanoseconds())
		fail(w.Close())
		return
	}
	n := int(duration.Seconds()*float64(*fps)) + warmup
	fmt.Printf("%d frames at %d fps per run, reader polls every %s\n", n, *fps, *poll)
	fmt.Printf("%-6s %-9s %6s %7s %9s %9s %9s %9s\n", "size", "writer", "frames", "skipped", "p50", "p99", "max", "write p50")
	for _, sz := range [][2]int{{1280, 720}, {1920, 1080}} {
		for _, kind := range []string{"goroutine", "process"} {
			lat, skipped, write, err := run(kind, sz[0], sz[1], *fps, n, *poll)
			if err != nil {
				fail(fmt.Errorf("%dp %s: %w", sz[1], kind, err))
			}
			fmt.Printf("%-6s %-9s %6d %7d %9s %9s %9s %9s\n", strconv.Itoa(sz[1])+"p", kind, len(lat), skipped,
				round(percentile(lat, 0.5)), round(percentile(lat, 0.99)), round(percentile(lat, 1)), round(write))
		}
	}
}

// run starts a writer of n frames and reads them all; the writer is a goroutine or a process.
func run(kind string, width, height, fps, n int, poll time.Duration) (lat []time.Duration, skipped uint64, write time.Duration, err error) {
	name := framering.NewName("bench")
	writeDone := make(chan time.Duration, 1)
	if kind == "goroutine" {
		w, err := framering.Create(name, 0, framering.SlotBytes(width, height))
		if err != nil {
			return nil, 0, 0, err
		}
		go func() { writeDone <- median(writeFrames(w, width, height, fps, n)); w.Close() }()
	} else {
		self, err := os.Executable()
		if err != nil {
			return nil, 0, 0, err
		}
		cmd := exec.Command(self, "-writer", name, "-size", fmt.Sprintf("%dx%d", width, height), "-fps", strconv.Itoa(fps), "-frames", strconv.Itoa(n))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, 0, 0, err
		}
		if err := cmd.Start(); err != nil {
			return nil, 0, 0, err
		}
		defer cmd.Wait()
		lines := bufio.NewScanner(out)
		if !lines.Scan() || lines.Text() != "ready" {
			cmd.Process.Kill()
			return nil, 0, 0, fmt.Errorf("writer process did not start: %q", lines.Text())
		}
		go func() {
			var ns int64
			for lines.Scan() {
				if v, ok := strings.CutPrefix(lines.Text(), "write "); ok {
					ns, _ = strconv.ParseInt(v, 10, 64)
				}
			}
			writeDone <- time.Duration(ns)
		}()
	}
	r, err := framering.Open(name)
	if err != nil {
		return nil, 0, 0, err
	}
	defer r.Close()
	deadline := time.Now().Add(time.Duration(n+10*fps) * time.Second / time.Duration(fps))
	for last := uint64(0); last < uint64(n); {
		f, ok, err := r.Acquire()
		seen := time.Now()
		if err != nil {
			return nil, 0, 0, err
		}
		if !ok {
			if seen.After(deadline) {
				return nil, 0, 0, fmt.Errorf("frame %d of %d not seen in time (writer %v)", last+1, n, r.WriterState(time.Second))
			}
			if poll > 0 {
				time.Sleep(poll)
			} else {
				runtime.Gosched()
			}
			continue
		}
		if f.Seq > warmup {
			lat = append(lat, seen.Sub(f.Written))
			skipped += f.Skipped
		}
		last = f.Seq
	}
	return lat, skipped, <-writeDone, nil
}

// writeFrames writes n frames at fps from one source buffer and returns each Write's cost.
func writeFrames(w *framering.Writer, width, height, fps, n int) []time.Duration {
	src := make([]byte, framering.SlotBytes(width, height))
	for i := range src {
		src[i] = byte(i)
	}
	var cost []time.Duration
	tick := time.NewTicker(time.Second / time.Duration(fps))
	defer tick.Stop()
	for range n {
		<-tick.C
		start := time.Now()
		if _, err := w.Write(width, height, width*4, src, framering.Stamp{}); err != nil {
			fail(err)
		}
		cost = append(cost, time.Since(start))
	}
	return cost
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func median(d []time.Duration) time.Duration { return percentile(d, 0.5) }

func round(d time.Duration) time.Duration { return d.Round(time.Microsecond) }

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "framering:", err)
		os.Exit(1)
	}
}
