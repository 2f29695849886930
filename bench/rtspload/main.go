// Command rtspload opens N concurrent RTSP reader sessions against one URL, over TCP
// (interleaved) or UDP, and reports how long they took to set up, whether they all played, and
// the RTP packets they received and missed (sequence-number gaps).
//
//	rtspload -n 200 -transport udp -duration 10s rtsp://127.0.0.1:8554/cam
//
// Every session is started at once (a burst of viewers) unless -ramp spreads the starts. Setup
// time runs from the session's start (before the TCP dial) to the PLAY response; first-packet
// time from the same start to the first RTP packet; connect time from the same start to the TCP
// connection being established (a server whose listen queue overflows shows here as 1 s SYN
// retransmits, and after it as requests left unanswered until its SYN-ACK retransmits land). Once every session has played or failed, a
// measurement window of -duration runs; with -pid, the CPU time of those processes and their
// descendants over the window is reported too (Linux /proc), divided by readers x seconds.
// Packets are counted from PLAY to the end of the window. -json prints one JSON object instead of
// text. The exit status is 1 when any session failed to set up or was not playing at the end
// (no packet in the last second of the window, or its connection dropped), 2 for bad usage.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bluenviron/gortsplib/v4"
	"github.com/bluenviron/gortsplib/v4/pkg/base"
)

type config struct {
	url          *base.URL
	rawURL       string
	n            int
	transport    gortsplib.Transport
	duration     time.Duration
	ramp         time.Duration
	setupTimeout time.Duration
	stall        time.Duration
	pids         []int
	udpBuffer    int
	label        string
	json         bool
}

func main() {
	c, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "rtspload:", err)
		}
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := run(ctx, c)
	if c.json {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r) //nolint:errcheck
	} else {
		r.print(os.Stdout)
	}
	if r.Failed > 0 || !r.AllPlaying {
		if c.json { // the text form already says so
			fmt.Fprintf(os.Stderr, "rtspload: %d of %d sessions failed to set up, %d not playing at the end%s\n",
				r.Failed, r.Sessions, r.Started-r.PlayingAtEnd, r.firstError())
		}
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("rtspload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rtspload [flags] rtsp://HOST:PORT/PATH")
		fs.PrintDefaults()
	}
	fs.IntVar(&c.n, "n", 1, "concurrent reader sessions")
	transport := fs.String("transport", "tcp", "tcp (interleaved in the RTSP connection) or udp")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measurement window, after every session has played or failed")
	fs.DurationVar(&c.ramp, "ramp", 0, "spread the session starts evenly over this time (0: all at once)")
	fs.DurationVar(&c.setupTimeout, "setup-timeout", 10*time.Second, "a session that has no PLAY response by then fails (the RTSP read timeout is 1 s longer)")
	fs.DurationVar(&c.stall, "stall", time.Second, "a session whose last packet is older than this at the end of the window is not playing")
	pids := fs.String("pid", "", "comma-separated PIDs of the server: report the CPU of them and their descendants over the window")
	fs.IntVar(&c.udpBuffer, "udp-buffer", 0, "UDP receive buffer per socket in bytes (0: the OS default; at most net.core.rmem_max)")
	fs.StringVar(&c.label, "label", "", "a label copied into the output")
	fs.BoolVar(&c.json, "json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return c, fmt.Errorf("want one URL, got %d arguments", fs.NArg())
	}
	c.rawURL = fs.Arg(0)
	u, err := base.ParseURL(c.rawURL)
	if err != nil {
		return c, fmt.Errorf("bad URL %q: %w", c.rawURL, err)
	}
	if u.Scheme != "rtsp" {
		return c, fmt.Errorf("bad URL %q: only rtsp:// is supported", c.rawURL)
	}
	if u.Host == "" {
		return c, fmt.Errorf("bad URL %q: no host", c.rawURL)
	}
	c.url = u
	switch strings.ToLower(*transport) {
	case "tcp":
		c.transport = gortsplib.TransportTCP
	case "udp":
		c.transport = gortsplib.TransportUDP
	default:
		return c, fmt.Errorf("-transport %q: want tcp or udp", *transport)
	}
	if c.n < 1 {
		return c, fmt.Errorf("-n %d: want at least 1", c.n)
	}
	if c.duration <= 0 || c.setupTimeout <= 0 || c.ramp < 0 {
		return c, errors.New("-duration and -setup-timeout must be positive, -ramp not negative")
	}
	for p := range strings.SplitSeq(*pids, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pid, err := strconv.Atoi(p)
		if err != nil || pid <= 0 {
			return c, fmt.Errorf("-pid %q: not a process id", p)
		}
		c.pids = append(c.pids, pid)
	}
	return c, nil
}

// report is what one run found; it is also the -json output.
type report struct {
	Label          string  `json:"label,omitempty"`
	URL            string  `json:"url"`
	Transport      string  `json:"transport"`
	Sessions       int     `json:"sessions"`
	RampS          float64 `json:"ramp_s"`
	Started        int     `json:"started"` // PLAY answered
	Failed         int     `json:"failed"`  // no PLAY
	PlayingAtEnd   int     `json:"playing_at_end"`
	AllPlaying     bool    `json:"all_playing"`
	Connect        spread  `json:"connect"`      // start to TCP connection established
	Setup          spread  `json:"setup"`        // start to PLAY response
	FirstPacket    spread  `json:"first_packet"` // start to first RTP packet
	NoPacket       int     `json:"no_packet"`    // played, but no RTP packet ever came
	Dropped        int     `json:"dropped"`      // played, then the session ended by itself
	Packets        uint64  `json:"packets"`
	Lost           uint64  `json:"lost"`
	LossPct        float64 `json:"loss_pct"`
	Duplicates     uint64  `json:"duplicates"`
	Late           uint64  `json:"late"`
	LibraryLost    uint64  `json:"library_lost"`                 // gortsplib's own loss count (cross-check)
	SetupPhaseS    float64 `json:"setup_phase_s"`                // first start to the last PLAY response or failure
	SetupCPU       float64 `json:"server_setup_cpu_s,omitempty"` // server CPU over the setup phase
	LoadSetupCPU   float64 `json:"rtspload_setup_cpu_s"`         // this process over the setup phase
	WindowS        float64 `json:"window_s"`
	ServerCPUS     float64 `json:"server_cpu_s,omitempty"`
	CPUPerReaderS  float64 `json:"server_cpu_per_reader_s,omitempty"` // server CPU s / (started x window s)
	ServerCPUError string  `json:"server_cpu_error,omitempty"`
	LoadCPUS       float64 `json:"rtspload_cpu_s"`        // this process over the window
	UDPRcvbufErrs  int64   `json:"udp_rcvbuf_errors"`     // machine-wide, over the run; -1 unknown
	Errors         []count `json:"errors,omitempty"`      // setup and run errors, grouped
	Interrupted    bool    `json:"interrupted,omitempty"` // the window was cut short
}

type count struct {
	N   int    `json:"n"`
	Err string `json:"error"`
}

func run(ctx context.Context, c config) report {
	r := report{Label: c.label, URL: c.rawURL, Transport: strings.ToLower(c.transport.String()),
		Sessions: c.n, RampS: c.ramp.Seconds()}
	snmp0 := udpRcvbufErrors()
	loopback := false
	if host, _, err := net.SplitHostPort(c.url.Host); err == nil {
		ip := net.ParseIP(host)
		loopback = host == "localhost" || (ip != nil && ip.IsLoopback())
	}

	sessions := make([]*session, c.n)
	var wg sync.WaitGroup
	setupCPU0, setupCPUErr := 0.0, error(nil)
	if len(c.pids) > 0 {
		setupCPU0, setupCPUErr = treeCPU(c.pids)
	}
	loadSetup0 := selfCPU()
	begin := time.Now()
	for i := range sessions {
		s := &session{URL: c.url, Transport: c.transport, SetupTimeout: c.setupTimeout,
			BindLoopback: loopback, UDPBuffer: c.udpBuffer}
		sessions[i] = s
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c.ramp > 0 {
				at := begin.Add(c.ramp * time.Duration(i) / time.Duration(c.n))
				time.Sleep(time.Until(at))
			}
			s.run()
		}()
	}
	wg.Wait()
	setupEnd := time.Now()

	// The window: every session has played or failed.
	cpu0, cpuErr := 0.0, error(nil)
	if len(c.pids) > 0 {
		cpu0, cpuErr = treeCPU(c.pids)
		if setupCPUErr == nil && cpuErr == nil {
			r.SetupCPU = round(cpu0-setupCPU0, 3)
		}
	}
	self0 := selfCPU()
	r.LoadSetupCPU = round(self0-loadSetup0, 3)
	r.SetupPhaseS = round(setupEnd.Sub(begin).Seconds(), 3)
	w0 := time.Now()
	anyPlaying := false
	for _, s := range sessions {
		anyPlaying = anyPlaying || s.result().setupErr == nil
	}
	if anyPlaying { // nothing to wait for when every session failed
		select {
		case <-time.After(c.duration):
		case <-ctx.Done():
			r.Interrupted = true
		}
	}
	end := time.Now()
	results := make([]sessionResult, len(sessions))
	for i, s := range sessions {
		results[i] = s.result()
	}
	if len(c.pids) > 0 && cpuErr == nil {
		var cpu1 float64
		cpu1, cpuErr = treeCPU(c.pids)
		r.ServerCPUS = round(cpu1-cpu0, 3)
	}
	if cpuErr != nil {
		r.ServerCPUError = cpuErr.Error()
	}
	r.LoadCPUS = round(selfCPU()-self0, 3)
	r.WindowS = round(end.Sub(w0).Seconds(), 3)

	// TEARDOWN, all at once, bounded.
	closed := make(chan struct{})
	go func() {
		var cw sync.WaitGroup
		for _, s := range sessions {
			cw.Go(s.close)
		}
		cw.Wait()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
	}
	if snmp0 >= 0 {
		if v := udpRcvbufErrors(); v >= 0 {
			r.UDPRcvbufErrs = v - snmp0
		}
	} else {
		r.UDPRcvbufErrs = -1
	}

	r.fill(results, end, c.stall)
	if r.Started > 0 && r.ServerCPUS > 0 {
		r.CPUPerReaderS = round(r.ServerCPUS/(float64(r.Started)*r.WindowS), 6)
	}
	return r
}

// fill computes the session figures from the results taken at the end of the window.
func (r *report) fill(results []sessionResult, end time.Time, stall time.Duration) {
	var connects, setups, firsts []time.Duration
	errs := map[string]int{}
	for _, x := range results {
		if x.connected > 0 {
			connects = append(connects, x.connected)
		}
		if x.setupErr != nil {
			r.Failed++
			errs["setup: "+x.setupErr.Error()]++
			continue
		}
		r.Started++
		setups = append(setups, x.setup)
		if x.firstPacket > 0 {
			firsts = append(firsts, x.firstPacket)
		} else {
			r.NoPacket++
		}
		r.Packets += x.received
		r.Lost += x.lost
		r.Duplicates += x.dup
		r.Late += x.late
		r.LibraryLost += x.libLost
		switch {
		case x.runErr != nil:
			r.Dropped++
			errs["after PLAY: "+x.runErr.Error()]++
		case x.firstPacket > 0 && end.Sub(x.lastPacket) <= stall:
			r.PlayingAtEnd++
		}
	}
	r.AllPlaying = r.PlayingAtEnd == r.Sessions
	r.Connect = summarise(connects)
	r.Setup = summarise(setups)
	r.FirstPacket = summarise(firsts)
	if r.Packets+r.Lost > 0 {
		r.LossPct = round(100*float64(r.Lost)/float64(r.Packets+r.Lost), 4)
	}
	for e, n := range errs {
		r.Errors = append(r.Errors, count{n, e})
	}
	slices.SortFunc(r.Errors, func(a, b count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Err, b.Err))
	})
	if len(r.Errors) > 20 {
		r.Errors = r.Errors[:20]
	}
}

func (r report) firstError() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%dx %s)", r.Errors[0].N, r.Errors[0].Err)
}

func (r report) print(w io.Writer) {
	yes := map[bool]string{true: "yes", false: "NO"}
	mode := "burst"
	if r.RampS > 0 {
		mode = fmt.Sprintf("ramp over %.1f s", r.RampS)
	}
	fmt.Fprintf(w, "rtspload %s  transport=%s  sessions=%d (%s)\n", r.URL, r.Transport, r.Sessions, mode)
	fmt.Fprintf(w, "sessions:     %d started, %d failed, %d playing at end (all playing: %s)\n",
		r.Started, r.Failed, r.PlayingAtEnd, yes[r.AllPlaying])
	fmt.Fprintf(w, "connect:      p50 %.1f ms  p99 %.1f ms  max %.1f ms  (start to TCP connection; %d of %d connected)\n",
		r.Connect.P50, r.Connect.P99, r.Connect.Max, r.Connect.N, r.Sessions)
	fmt.Fprintf(w, "setup:        p50 %.1f ms  p99 %.1f ms  max %.1f ms  (start to PLAY response)\n", r.Setup.P50, r.Setup.P99, r.Setup.Max)
	fmt.Fprintf(w, "setup phase:  %.2f s; CPU in it: rtspload %.2f s", r.SetupPhaseS, r.LoadSetupCPU)
	if r.SetupCPU > 0 {
		fmt.Fprintf(w, ", server %.2f s", r.SetupCPU)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "first packet: p50 %.1f ms  p99 %.1f ms  max %.1f ms  (start to first RTP; %d sessions got none)\n",
		r.FirstPacket.P50, r.FirstPacket.P99, r.FirstPacket.Max, r.NoPacket)
	fmt.Fprintf(w, "packets:      %d received, %d lost (%.3f %%), %d duplicate, %d late; gortsplib counted %d lost\n",
		r.Packets, r.Lost, r.LossPct, r.Duplicates, r.Late, r.LibraryLost)
	fmt.Fprintf(w, "window:       %.1f s", r.WindowS)
	if r.Interrupted {
		fmt.Fprint(w, " (interrupted)")
	}
	switch {
	case r.ServerCPUError != "":
		fmt.Fprintf(w, "; server CPU unknown: %s", r.ServerCPUError)
	case r.ServerCPUS > 0 || r.CPUPerReaderS > 0:
		fmt.Fprintf(w, "; server CPU %.2f s = %.5f s per reader-second", r.ServerCPUS, r.CPUPerReaderS)
	}
	fmt.Fprintf(w, "; rtspload CPU %.2f s", r.LoadCPUS)
	if r.UDPRcvbufErrs > 0 {
		// Not necessarily media: gortsplib sends each server RTP port one packet to open
		// firewalls, and gst-rtsp-server never reads its RTP sockets.
		fmt.Fprintf(w, "; UDP receive-buffer drops, machine-wide, any socket: %d", r.UDPRcvbufErrs)
	}
	fmt.Fprintln(w)
	for i, e := range r.Errors {
		if i == 5 {
			fmt.Fprintf(w, "  ... %d more kinds of error\n", len(r.Errors)-5)
			break
		}
		fmt.Fprintf(w, "error:        %dx %s\n", e.N, e.Err)
	}
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
