// Command desktop measures gstcast's desktop app (docs/BENCHMARKS.md, "Desktop app"):
//
//   - cold start: from starting `gstcast` (no arguments, no daemon: the app starts its own
//     engine and plugins) to the main window drawn on the X display, read from screenshots of the
//     "Add stream…" button's place until its blue is there; the baseline is `gstcast view` of a
//     served stream, from start to its first frame drawn, measured the same way;
//   - the host's memory (RSS of the gstcast process, plugins apart) idle with the main window
//     open, against the same `gstcast view` window;
//   - CPU of the host process while one 1280x720@30 view is open in the app (opened from the
//     main window with xdotool), against `gstcast view` of the same stream.
//
// It needs a display (run it under xvfb-run), xdotool and ImageMagick's import, and bin/ built
// (installer/build.sh). The streams are served by a `gstcast serve` of the bench's own, which
// also runs the views (views run in the viewing user's daemon), so both clients are measured
// the same way: the host process only, the decoding plugin reported apart.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	gstcast := flag.String("gstcast", "bin/gstcast", "gstcast binary (plugins next to it)")
	runs := flag.Int("runs", 5, "cold-start runs per client")
	rounds := flag.Int("rounds", 3, "memory and CPU rounds per client")
	window := flag.Duration("window", 10*time.Second, "CPU measuring window")
	flag.Parse()
	if os.Getenv("DISPLAY") == "" {
		fail("no DISPLAY: run under xvfb-run -a -s '-screen 0 1280x800x24'")
	}
	abs, err := filepath.Abs(*gstcast)
	check(err)
	b := &bench{gstcast: abs}

	var appStart, appReady, viewStart []float64
	for i := 0; i < *runs; i++ {
		drawn, ready := b.coldStartApp()
		appStart, appReady = append(appStart, drawn), append(appReady, ready)
		viewStart = append(viewStart, b.coldStartView())
	}
	fmt.Printf("cold start to drawn (ms): app %v (engine ready %v), gstcast view %v\n", ints(appStart), ints(appReady), ints(viewStart))

	var appRSS, viewRSS, trayRSS, appCPU, viewCPU, appPlugin, viewPlugin []float64
	for i := 0; i < *rounds; i++ {
		trayRSS = append(trayRSS, b.trayRound())
		rss, cpu, plug := b.appRound(*window)
		appRSS, appCPU, appPlugin = append(appRSS, rss), append(appCPU, cpu), append(appPlugin, plug)
		rss, cpu, plug = b.viewRound(*window)
		viewRSS, viewCPU, viewPlugin = append(viewRSS, rss), append(viewCPU, cpu), append(viewPlugin, plug)
	}
	fmt.Printf("idle RSS (MiB): app %v, tray only %v, view window %v\n", floats(appRSS), floats(trayRSS), floats(viewRSS))
	fmt.Printf("host CPU with one 720p30 view (cores): app %v, gstcast view %v; decoding plugin %v / %v\n",
		floats(appCPU), floats(viewCPU), floats(appPlugin), floats(viewPlugin))
	fmt.Println()
	fmt.Println("| measure | gstcast (main window) | gstcast view (baseline) | ratio |")
	fmt.Println("|---|---:|---:|---:|")
	row := func(name string, a, v []float64, f string) {
		ma, mv := median(a), median(v)
		fmt.Printf("| %s | "+f+" | "+f+" | %.2f |\n", name, ma, mv, ma/mv)
	}
	row("cold start to the window drawn (ms, median)", appStart, viewStart, "%.0f")
	fmt.Printf("| cold start to the engine ready (ms, median) | %.0f | | |\n", median(appReady))
	row("host RSS, window open, idle (MiB)", appRSS, viewRSS, "%.1f")
	row("host RSS, tray only (gstcast tray), idle (MiB)", trayRSS, viewRSS, "%.1f")
	row("host CPU, one 720p30 view open (cores)", appCPU, viewCPU, "%.3f")
	row("decoding plugin CPU (cores)", appPlugin, viewPlugin, "%.3f")
}

type bench struct{ gstcast string }

// env is one user's environment of its own (config, cache, runtime folder).
func (b *bench) env(dir string) []string {
	for _, d := range []string{"cfg", "cache", "run"} {
		check(os.MkdirAll(filepath.Join(dir, d), 0o700))
	}
	return append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "cfg"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"), "DBUS_SESSION_BUS_ADDRESS=", "LANG=C.UTF-8")
}

// serve starts a daemon with one 720p30 mount and returns its URL and a stop func.
func (b *bench) serve(dir string, env []string) (string, *exec.Cmd) {
	port := freePort()
	cfg := filepath.Join(dir, "serve.yaml")
	check(os.WriteFile(cfg, []byte(fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: hd, source: \"test://smpte?width=1280&height=720&fps=30\", bitrate: 2000, keyframe: 30}\n", port)), 0o600))
	srv, out := start(env, b.gstcast, "serve", cfg)
	waitFor(out, "press Ctrl-C", 60*time.Second)
	return fmt.Sprintf("rtsp://127.0.0.1:%d/hd", port), srv
}

// coldStartApp: gstcast with no daemon, to the main window drawn.
func (b *bench) coldStartApp() (drawn, ready float64) {
	dir := tempDir()
	defer os.RemoveAll(dir)
	env := b.env(dir)
	clearScreen()
	t0 := time.Now()
	p, _ := start(env, b.gstcast)
	defer stop(p)
	// The window's dark background where nothing else is drawn (the screen is black before).
	waitPixels("the main window", image.Rect(600, 400, 700, 450), func(r, g, bl uint32) bool { return r > 15 && r < 60 && g > 15 && g < 60 }, 0.9, 60*time.Second)
	drawn = float64(time.Since(t0).Milliseconds())
	// The "Add stream…" button turns blue once the engine is up.
	waitPixels("the engine ready", image.Rect(10, 88, 130, 112), func(r, g, bl uint32) bool { return bl > 200 && r < 100 }, 0.3, 60*time.Second)
	return drawn, float64(time.Since(t0).Milliseconds())
}

// coldStartView: gstcast view of a served stream, to its first frame drawn.
func (b *bench) coldStartView() float64 {
	dir := tempDir()
	defer os.RemoveAll(dir)
	env := b.env(dir)
	url, srv := b.serve(dir, env)
	defer stop(srv)
	clearScreen()
	t0 := time.Now()
	p, _ := start(env, b.gstcast, "view", url)
	defer stop(p)
	// The SMPTE bars' yellow at the top left of the 960x540 window.
	waitPixels("the SMPTE bars", image.Rect(150, 60, 250, 200), func(r, g, bl uint32) bool { return r > 180 && g > 180 && bl < 90 }, 0.5, 60*time.Second)
	return float64(time.Since(t0).Milliseconds())
}

// appRound: the app against a running daemon: idle RSS with the main window, then one 720p30
// view opened from the window, and the host's CPU over the window.
func (b *bench) appRound(window time.Duration) (rssMiB, cpu, plugin float64) {
	dir := tempDir()
	defer os.RemoveAll(dir)
	env := b.env(dir)
	_, srv := b.serve(dir, env)
	defer stop(srv)
	layout := filepath.Join(dir, "layout.json")
	p, _ := start(append(env, "GSTCAST_GUI_MAP="+layout), b.gstcast)
	defer stop(p)
	view := waitWidget(layout, "row.view:hd", 60*time.Second)
	time.Sleep(5 * time.Second)
	rssMiB = rss(p.Process.Pid)
	run("xdotool", "mousemove", strconv.Itoa(int(view.X+view.W/2)), strconv.Itoa(int(view.Y+view.H/2)), "click", "1")
	waitPixels("the SMPTE bars", image.Rect(150, 60, 250, 200), func(r, g, bl uint32) bool { return r > 180 && g > 180 && bl < 90 }, 0.5, 60*time.Second)
	time.Sleep(3 * time.Second)
	cpu, plugin = cpuOver(p.Process.Pid, srv.Process.Pid, window)
	return
}

// trayRound: `gstcast tray` (the tray with no window, as at login) against a running daemon, on
// a private session bus with a tray host; its RSS 5 s after its item registered there.
func (b *bench) trayRound() float64 {
	dir := tempDir()
	defer os.RemoveAll(dir)
	env := b.env(dir)
	_, srv := b.serve(dir, env)
	defer stop(srv)
	bus, busOut := start(env, "dbus-daemon", "--session", "--nofork", "--print-address")
	defer stop(bus)
	addr := strings.TrimSpace(strings.SplitN(waitLine(busOut, "unix:", 10*time.Second), "\n", 2)[0])
	env = append(env, "DBUS_SESSION_BUS_ADDRESS="+addr)
	host, err := newTrayHost(addr)
	check(err)
	defer host.Close()
	p, _ := start(env, b.gstcast, "tray")
	defer stop(p)
	_, err = host.waitItem(60 * time.Second)
	check(err)
	time.Sleep(5 * time.Second)
	return rss(p.Process.Pid)
}

// waitLine waits for output holding s and returns it from s on.
func waitLine(out *syncBuf, s string, timeout time.Duration) string {
	waitFor(out, s, timeout)
	o := out.String()
	return o[strings.Index(o, s):]
}

// viewRound: gstcast view of the same stream.
func (b *bench) viewRound(window time.Duration) (rssMiB, cpu, plugin float64) {
	dir := tempDir()
	defer os.RemoveAll(dir)
	env := b.env(dir)
	url, srv := b.serve(dir, env)
	defer stop(srv)
	p, _ := start(env, b.gstcast, "view", url)
	defer stop(p)
	waitPixels("the SMPTE bars", image.Rect(150, 60, 250, 200), func(r, g, bl uint32) bool { return r > 180 && g > 180 && bl < 90 }, 0.5, 60*time.Second)
	time.Sleep(5 * time.Second)
	rssMiB = rss(p.Process.Pid)
	cpu, plugin = cpuOver(p.Process.Pid, srv.Process.Pid, window)
	return
}

// cpuOver is the host's CPU (cores) and that of the daemon's plugin processes over window.
// The daemon runs both the 720p30 encode and the view's decode; the plugin figure is the
// daemon's plugins less the same daemon's encode alone is not separable, so it is reported as
// measured (encode + decode) for both clients alike.
func cpuOver(host, daemon int, window time.Duration) (float64, float64) {
	plugins := children(daemon)
	h0, p0 := ticks(host), sumTicks(plugins)
	time.Sleep(window)
	h1, p1 := ticks(host), sumTicks(plugins)
	const hz = 100 // USER_HZ
	return float64(h1-h0) / hz / window.Seconds(), float64(p1-p0) / hz / window.Seconds()
}

type placed struct {
	X, Y, W, H float32
	Visible    bool
}

func waitWidget(layout, id string, timeout time.Duration) placed {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var f struct{ Objects map[string]placed }
		if b, err := os.ReadFile(layout); err == nil && json.Unmarshal(b, &f) == nil {
			if o, ok := f.Objects[id]; ok && o.Visible {
				return o
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	fail("no " + id + " in the app's window")
	return placed{}
}

// waitPixels takes screenshots until share of the pixels in r pass ok.
func waitPixels(what string, r image.Rectangle, ok func(r, g, b uint32) bool, share float64, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		out, err := exec.Command("import", "-window", "root", "-crop", fmt.Sprintf("%dx%d+%d+%d", r.Dx(), r.Dy(), r.Min.X, r.Min.Y), "png:-").Output()
		if err == nil {
			if img, err := png.Decode(bytes.NewReader(out)); err == nil {
				n, hit := 0, 0
				bd := img.Bounds()
				for y := bd.Min.Y; y < bd.Max.Y; y++ {
					for x := bd.Min.X; x < bd.Max.X; x++ {
						cr, cg, cb, _ := img.At(x, y).RGBA()
						n++
						if ok(cr>>8, cg>>8, cb>>8) {
							hit++
						}
					}
				}
				if n > 0 && float64(hit)/float64(n) >= share {
					return
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	fail(what + ": not on screen in time")
}

// clearScreen waits until nothing of an earlier run is on screen.
func clearScreen() {
	waitPixels("a clear screen", image.Rect(10, 88, 130, 112), func(r, g, b uint32) bool { return r < 10 && g < 10 && b < 10 }, 0.9, 20*time.Second)
}

func rss(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

func ticks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

func sumTicks(pids []int) int64 {
	var t int64
	for _, p := range pids {
		t += ticks(p)
	}
	return t
}

func children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if pp, _ := strconv.Atoi(f[1]); pp == pid {
			out = append(out, c)
		}
	}
	return out
}

// running are the process groups started, stopped by fail too.
var running = map[*exec.Cmd]bool{}

func start(env []string, name string, args ...string) (*exec.Cmd, *syncBuf) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	out := &syncBuf{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	check(cmd.Start())
	running[cmd] = true
	return cmd, out
}

func stop(cmd *exec.Cmd) {
	if !running[cmd] {
		return
	}
	delete(running, cmd)
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func waitFor(out *syncBuf, s string, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(out.String(), s) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	fail(fmt.Sprintf("no %q within %s:\n%s", s, timeout, out.String()))
}

func run(name string, args ...string) {
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		fail(fmt.Sprintf("%s %v: %v %s", name, args, err, out))
	}
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tempDir() string {
	d, err := os.MkdirTemp("", "gc")
	check(err)
	return d
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func ints(v []float64) string {
	var p []string
	for _, x := range v {
		p = append(p, strconv.Itoa(int(x)))
	}
	return strings.Join(p, " ")
}

func floats(v []float64) string {
	var p []string
	for _, x := range v {
		p = append(p, strconv.FormatFloat(x, 'f', 3, 64))
	}
	return strings.Join(p, " ")
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	for cmd := range running {
		stop(cmd)
	}
	fmt.Fprintln(os.Stderr, "desktop bench:", msg)
	os.Exit(1)
}
