// Command rtplatency compares gstcast with plain GStreamer on one machine: a 1280x720@30 test
// signal is encoded to H.264, sent as RTP over loopback and decoded by a receiver in this
// process, which reads the capture time stamped into each frame (package framestamp).
//
// Three senders run in turn, interleaved round by round so machine noise hits all of them:
//
//   - gstcast:        `gstcast stream SOURCE --to rtp://127.0.0.1:PORT --stamp` (host + plugin process)
//   - parse-launch:   the exact line `gstcast pipeline` prints, parsed back into its graph
//     (stamp.ParseLaunch, which checks that the graph renders the very same line) and run in a
//     child process (this program re-executed) with the same stamp probe: the latency baseline
//   - gst-launch-1.0: the same line run by the real gst-launch-1.0 binary, which cannot stamp
//     frames: the CPU baseline
//
// Latency is arrival of the decoded frame minus the stamp (1 ms resolution), for every frame
// after the warm-up. CPU is utime+stime of the sender process and its descendants over the same
// window, from /proc. The receiver is identical for all senders. See docs/BENCHMARKS.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/bench/internal/stamp"
	"github.com/gstcast/gstcast/core/gstreamer"
)

type config struct {
	duration, warmup, startTimeout time.Duration
	rounds                         int
	gstcast, source, senders       string
	jitterBuffer                   bool
	decoderThreads                 int
	verbose                        bool
}

func main() {
	var c config
	baselineSender := flag.Bool("baseline-sender", false, "internal: run the gst-launch-1.0 line given as arguments (its words), stamped, until SIGTERM")
	flag.DurationVar(&c.duration, "duration", 20*time.Second, "receive time per run, warm-up included")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "frames received in the first part of each run are not counted")
	flag.IntVar(&c.rounds, "rounds", 3, "rounds; each runs every sender once, in rotating order")
	flag.StringVar(&c.gstcast, "gstcast", "bin/gstcast", "the gstcast executable (plugins next to it)")
	flag.StringVar(&c.source, "source", "test://smpte?width=1280&height=720&fps=30", "test source for every sender")
	flag.BoolVar(&c.jitterBuffer, "jitterbuffer", false, "receiver: put rtpjitterbuffer latency=0 after udpsrc")
	flag.IntVar(&c.decoderThreads, "decoder-threads", 0, "receiver: avdec_h264 max-threads (0: auto)")
	flag.DurationVar(&c.startTimeout, "start-timeout", 30*time.Second, "how long a sender may take to deliver its first frame")
	flag.StringVar(&c.senders, "senders", "gstcast,parse-launch,gst-launch-1.0", "which senders to run, comma-separated")
	flag.BoolVar(&c.verbose, "v", false, "print each run")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *baselineSender {
		if err := stamp.SendBaseline(ctx, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "baseline sender:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "rtplatency:", err)
		os.Exit(1)
	}
}

// sender is one way of producing the stream.
type sender struct {
	name    string
	stamped bool // frames carry capture stamps, so latency can be read
	start   func(port int) (*proc, error)
}

// result is one run of one sender.
type result struct {
	sender            string
	round             int
	latMS             []float64 // stamped frames only
	frames, unstamped int
	window            time.Duration
	cpuTotal          float64 // cores: CPU seconds per second, process tree
	cpuRoot           float64 // the sender's own process
}

func run(ctx context.Context, c config) error {
	if c.duration <= c.warmup {
		return fmt.Errorf("-duration %s must be longer than -warmup %s", c.duration, c.warmup)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if _, err := os.Stat(c.gstcast); err != nil {
		return fmt.Errorf("%w (build it with installer/build.sh)", err)
	}
	line, err := launchLine(ctx, c, 5000)
	if err != nil {
		return err
	}
	senders := []sender{
		{name: "gstcast", stamped: true, start: func(port int) (*proc, error) {
			return startProc("gstcast", c.gstcast, "stream", c.source, "--to", rtpURL(port), "--stamp", "--stats", "0")
		}},
		{name: "parse-launch", stamped: true, start: func(port int) (*proc, error) {
			words, err := launchWords(ctx, c, port)
			if err != nil {
				return nil, err
			}
			return startProc("parse-launch", self, append([]string{"-baseline-sender", "--"}, words...)...)
		}},
		{name: "gst-launch-1.0", start: func(port int) (*proc, error) {
			words, err := launchWords(ctx, c, port)
			if err != nil {
				return nil, err
			}
			return startProc("gst-launch-1.0", "gst-launch-1.0", words[1:]...)
		}},
	}
	senders = slices.DeleteFunc(senders, func(s sender) bool { return !slices.Contains(strings.Split(c.senders, ","), s.name) })
	if len(senders) == 0 {
		return fmt.Errorf("-senders %q names none of gstcast, parse-launch, gst-launch-1.0", c.senders)
	}
	total := time.Duration(c.rounds*len(senders)) * (c.duration + time.Second)
	fmt.Fprintf(os.Stderr, "rtplatency: %d rounds x %d senders x %s (about %s)\n", c.rounds, len(senders), c.duration, total.Round(10*time.Second))
	var results []result
	for round := 0; round < c.rounds; round++ {
		for i := range senders {
			s := senders[(i+round)%len(senders)] // rotate the order each round
			r, err := measure(ctx, c, s, round)
			if err != nil {
				return fmt.Errorf("round %d, %s: %w", round+1, s.name, err)
			}
			if c.verbose {
				fmt.Fprintf(os.Stderr, "  round %d %-15s %s\n", round+1, s.name, r.summary())
			}
			results = append(results, r)
		}
	}
	report(os.Stdout, c, line, results)
	return nil
}

// measure runs one sender against a fresh receiver on a fresh port.
func measure(ctx context.Context, c config, s sender, round int) (result, error) {
	res := result{sender: s.name, round: round}
	port, err := freeUDPPort()
	if err != nil {
		return res, err
	}
	var (
		mu        sync.Mutex
		recording bool
		first     = make(chan struct{})
		once      sync.Once
	)
	rx, err := stamp.StartReceiver(stamp.ReceiverOptions{Port: port,
		JitterBuffer: c.jitterBuffer, DecoderThreads: c.decoderThreads,
		OnFrame: func(captured, arrived time.Time) {
			once.Do(func() { close(first) })
			mu.Lock()
			defer mu.Unlock()
			if !recording {
				return
			}
			res.frames++
			if captured.IsZero() {
				res.unstamped++
				return
			}
			res.latMS = append(res.latMS, float64(arrived.Sub(captured).Microseconds())/1000)
		}})
	if err != nil {
		return res, err
	}
	defer rx.Stop()
	p, err := s.start(port)
	if err != nil {
		return res, err
	}
	defer p.stop()

	wait := func(d time.Duration) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-p.exited:
			return fmt.Errorf("sender exited early: %s", p.tail())
		case <-rx.Done():
			return fmt.Errorf("receiver stopped: %v", rx.Err())
		case <-time.After(d):
			return nil
		}
	}
	select {
	case <-first:
	case <-ctx.Done():
		return res, ctx.Err()
	case <-p.exited:
		return res, fmt.Errorf("sender exited before the first frame: %s", p.tail())
	case <-time.After(c.startTimeout):
		return res, fmt.Errorf("no frame within %s: %s", c.startTimeout, p.tail())
	}
	if err := wait(c.warmup); err != nil {
		return res, err
	}
	cpu0, root0 := treeCPU(p.pid)
	t0 := time.Now()
	mu.Lock()
	recording = true
	mu.Unlock()
	if err := wait(c.duration - c.warmup); err != nil {
		return res, err
	}
	mu.Lock()
	recording = false
	mu.Unlock()
	cpu1, root1 := treeCPU(p.pid)
	res.window = time.Since(t0)
	res.cpuTotal = (cpu1 - cpu0) / res.window.Seconds()
	res.cpuRoot = (root1 - root0) / res.window.Seconds()
	if s.stamped && len(res.latMS) == 0 {
		return res, fmt.Errorf("received %d frames but none carried a stamp (see \"Known issue\" in docs/BENCHMARKS.md)", res.frames)
	}
	return res, nil
}

func (r result) fps() float64 { return float64(r.frames) / r.window.Seconds() }

func (r result) summary() string {
	s := fmt.Sprintf("%5.1f fps  cpu %.3f cores (own process %.3f)", r.fps(), r.cpuTotal, r.cpuRoot)
	if len(r.latMS) > 0 {
		s += fmt.Sprintf("  latency p50 %.1f p95 %.1f p99 %.1f mean %.1f ms", pct(r.latMS, 50), pct(r.latMS, 95), pct(r.latMS, 99), mean(r.latMS))
	}
	if r.unstamped > 0 {
		s += fmt.Sprintf("  (%d frames without stamp)", r.unstamped)
	}
	return s
}

// report prints the markdown: medians over rounds per sender, ratios, then every run.
func report(w io.Writer, c config, line string, results []result) {
	type agg struct{ p50, p95, p99, mean, fps, cpu, cpuRoot []float64 }
	by := map[string]*agg{}
	var order []string
	for _, r := range results {
		a := by[r.sender]
		if a == nil {
			a = &agg{}
			by[r.sender] = a
			order = append(order, r.sender)
		}
		a.fps = append(a.fps, r.fps())
		a.cpu = append(a.cpu, r.cpuTotal)
		a.cpuRoot = append(a.cpuRoot, r.cpuRoot)
		if len(r.latMS) > 0 {
			a.p50 = append(a.p50, pct(r.latMS, 50))
			a.p95 = append(a.p95, pct(r.latMS, 95))
			a.p99 = append(a.p99, pct(r.latMS, 99))
			a.mean = append(a.mean, mean(r.latMS))
		}
	}
	ms := func(v []float64) string {
		if len(v) == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f", median(v))
	}
	fmt.Fprintf(w, "GStreamer %s, %s, %d CPUs, %s per run (%s warm-up), %d rounds, receiver: %s\n\n",
		gstreamer.Version(), cpuModel(), runtime.NumCPU(), c.duration, c.warmup, c.rounds, receiverText(c))
	fmt.Fprintf(w, "Line: `%s`\n\n", line)
	fmt.Fprintln(w, "| sender | frames/s | latency p50 (ms) | p95 | p99 | mean | CPU (cores) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, name := range order {
		a := by[name]
		fmt.Fprintf(w, "| %s | %.1f | %s | %s | %s | %s | %.3f |\n", name, median(a.fps), ms(a.p50), ms(a.p95), ms(a.p99), ms(a.mean), median(a.cpu))
	}
	g, pl, gl := by["gstcast"], by["parse-launch"], by["gst-launch-1.0"]
	if g != nil && pl != nil && len(g.p50) > 0 && len(pl.p50) > 0 {
		fmt.Fprintf(w, "| **gstcast / parse-launch** | | **%s** | **%s** | **%s** | **%s** | %s |\n",
			ratio(g.p50, pl.p50), ratio(g.p95, pl.p95), ratio(g.p99, pl.p99), ratio(g.mean, pl.mean), ratio(g.cpu, pl.cpu))
	}
	if g != nil && gl != nil {
		fmt.Fprintf(w, "| **gstcast / gst-launch-1.0** | | | | | | **%s** |\n", ratio(g.cpu, gl.cpu))
	}
	if g != nil {
		fmt.Fprintf(w, "\ngstcast CPU split (median): host %.3f cores, plugin %.3f cores.\n", median(g.cpuRoot), median(g.cpu)-median(g.cpuRoot))
	}
	fmt.Fprintln(w, "\nEvery run:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| round | sender | frames | frames/s | p50 | p95 | p99 | mean | CPU (cores) |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		l := []string{"—", "—", "—", "—"}
		if len(r.latMS) > 0 {
			l = []string{f1(pct(r.latMS, 50)), f1(pct(r.latMS, 95)), f1(pct(r.latMS, 99)), f1(mean(r.latMS))}
		}
		fmt.Fprintf(w, "| %d | %s | %d | %.1f | %s | %.3f |\n", r.round+1, r.sender, r.frames, r.fps(), strings.Join(l, " | "), r.cpuTotal)
	}
}

func receiverText(c config) string {
	jb := "no jitter buffer"
	if c.jitterBuffer {
		jb = "rtpjitterbuffer latency=0"
	}
	return fmt.Sprintf("udpsrc, %s, rtph264depay, h264parse, avdec_h264 thread-type=slice max-threads=%d, videoconvert, appsink sync=false", jb, c.decoderThreads)
}

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

func ratio(a, b []float64) string {
	if len(a) == 0 || len(b) == 0 || median(b) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", median(a)/median(b))
}

// pct is the nearest-rank percentile.
func pct(v []float64, p float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

func mean(v []float64) float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

func rtpURL(port int) string { return fmt.Sprintf("rtp://127.0.0.1:%d", port) }

// launchLine is what `gstcast pipeline` prints for the source and port.
func launchLine(ctx context.Context, c config, port int) (string, error) {
	cmd := exec.CommandContext(ctx, c.gstcast, "pipeline", c.source, "--to", rtpURL(port))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("gstcast pipeline: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	line := strings.TrimSpace(string(out))
	if !strings.HasPrefix(line, "gst-launch-1.0 ") {
		return "", fmt.Errorf("gstcast pipeline printed %q, not a gst-launch-1.0 line", line)
	}
	return line, nil
}

// launchWords is the launch line split as a POSIX shell would split it.
func launchWords(ctx context.Context, c config, port int) ([]string, error) {
	line, err := launchLine(ctx, c, port)
	if err != nil {
		return nil, err
	}
	words, err := stamp.SplitShell(line)
	if err != nil {
		return nil, err
	}
	if len(words) < 2 {
		return nil, fmt.Errorf("launch line %q is too short", line)
	}
	return words, nil
}

// freeUDPPort asks the kernel for a free UDP port on loopback.
func freeUDPPort() (int, error) {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

// proc is a sender process, in its own process group so that it and its children (gstcast's
// plugin) can be killed together, and killed by the kernel if this program dies.
type proc struct {
	name   string
	cmd    *exec.Cmd
	pid    int
	exited chan struct{}
	out    *tailBuffer
	once   sync.Once
}

func startProc(name, path string, args ...string) (*proc, error) {
	cmd := exec.Command(path, args...)
	out := &tailBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, pid: cmd.Process.Pid, exited: make(chan struct{}), out: out}
	go func() {
		cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// stop asks the sender to finish (SIGINT: gstcast stops its plugin, gst-launch-1.0 -e sends
// EOS), then kills the whole process group after a grace period.
func (p *proc) stop() {
	p.once.Do(func() {
		syscall.Kill(p.pid, syscall.SIGINT)
		select {
		case <-p.exited:
		case <-time.After(5 * time.Second):
		}
		syscall.Kill(-p.pid, syscall.SIGKILL) // the group: stragglers such as a plugin
		<-p.exited
	})
}

func (p *proc) tail() string {
	return fmt.Sprintf("%s: %s", p.name, strings.TrimSpace(p.out.String()))
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// treeCPU is the CPU seconds used so far by pid and all its descendants (total), and by pid
// alone (root), from utime+stime in /proc/PID/stat.
func treeCPU(pid int) (total, root float64) {
	type stat struct {
		ppid  int
		ticks uint64
	}
	all := map[int]stat{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		n, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		ppid, ticks, err := readStat(n)
		if err != nil {
			continue // gone meanwhile
		}
		all[n] = stat{ppid, ticks}
	}
	in := map[int]bool{pid: true}
	for changed := true; changed; { // descendants, whatever order /proc lists them in
		changed = false
		for n, s := range all {
			if !in[n] && in[s.ppid] {
				in[n], changed = true, true
			}
		}
	}
	hz := float64(clockTicks())
	for n := range in {
		total += float64(all[n].ticks) / hz
	}
	return total, float64(all[pid].ticks) / hz
}

// readStat returns the parent pid and utime+stime (clock ticks) of a process.
func readStat(pid int) (ppid int, ticks uint64, err error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0, err
	}
	// comm may hold spaces and parentheses: the fields start after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, errors.New("bad stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, 0, errors.New("short stat")
	}
	ppid, _ = strconv.Atoi(f[1])
	ut, _ := strconv.ParseUint(f[11], 10, 64) // field 14
	st, _ := strconv.ParseUint(f[12], 10, 64) // field 15
	return ppid, ut + st, nil
}

// clockTicks is USER_HZ (AT_CLKTCK from the auxiliary vector), nearly always 100.
func clockTicks() uint64 {
	b, err := os.ReadFile("/proc/self/auxv")
	if err == nil {
		for i := 0; i+16 <= len(b); i += 16 {
			if binary.LittleEndian.Uint64(b[i:]) == 17 { // AT_CLKTCK
				if v := binary.LittleEndian.Uint64(b[i+8:]); v > 0 {
					return v
				}
			}
		}
	}
	return 100
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
