package e2e_test

// The daemon end to end: `gstcast serve` as the engine's home, the CLI as its client, the
// control API driven with curl, metrics checked by promtool, hot reload with a reader connected,
// and a daemon killed with SIGKILL.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// daemonEnv is one user's environment: a daemon started with it is found by every command
// run with it.
type daemonEnv struct {
	env    []string
	socket string
	port   int // the daemon's RTSP port
}

func newDaemonEnv(t *testing.T) *daemonEnv {
	rt := testbin.ShortTempDir(t)
	return &daemonEnv{env: []string{"GSTCAST_PLUGIN_PATH=" + testbin.Dir(t), "XDG_CONFIG_HOME=" + t.TempDir(),
		"XDG_CACHE_HOME=" + t.TempDir(), "XDG_RUNTIME_DIR=" + rt}, socket: filepath.Join(rt, "gstcast", "api.sock"), port: freeTCPPort(t)}
}

// serve starts `gstcast serve CONFIG` and waits until it listens.
func (d *daemonEnv) serve(t *testing.T, config string) *testbin.Proc {
	t.Helper()
	p := testbin.Start(t, d.env, testbin.Gstcast(t), "serve", config)
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	return p
}

func (d *daemonEnv) run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return testbin.Run(t, 60*time.Second, d.env, testbin.Gstcast(t), args...)
}

// curl asks the API over its socket: status code and body.
func (d *daemonEnv) curl(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	args := []string{"-s", "-o", "-", "-w", "\n%{http_code}", "--unix-socket", d.socket, "-X", method}
	if body != "" {
		args = append(args, "-H", "Content-Type: application/json", "--data-binary", body)
	}
	out, err := exec.Command("curl", append(args, "http://gstcast"+path)...).Output()
	if err != nil {
		t.Fatalf("curl %s %s: %v", method, path, err)
	}
	s := strings.TrimRight(string(out), "\n")
	i := strings.LastIndexByte(s, '\n')
	code, _ := strconv.Atoi(s[i+1:])
	return code, s[:max(i, 0)]
}

func (d *daemonEnv) config(t *testing.T, mounts string) string {
	return writeConfig(t, fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n%s", d.port, mounts))
}

func (d *daemonEnv) url(mount string) string {
	return fmt.Sprintf("rtsp://127.0.0.1:%d/%s", d.port, mount)
}

// names of the daemon's streams, from gstcast ls --json.
func (d *daemonEnv) names(t *testing.T) map[string]map[string]any {
	t.Helper()
	out, code := testbin.Run(t, 30*time.Second, append(d.env, "GSTCAST_LOG_LEVEL=error"), testbin.Gstcast(t), "ls", "--json")
	if code != 0 {
		t.Fatalf("gstcast ls --json: %d\n%s", code, out)
	}
	var all []map[string]any
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("ls --json: %v\n%s", err, out)
	}
	m := map[string]map[string]any{}
	for _, s := range all {
		m[s["name"].(string)] = s
	}
	return m
}

func waitUntil(t *testing.T, what string, timeout time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// `gstcast stream --serve` against a running daemon adds its mount to the daemon's server (same
// port, no clash), and removes it on Ctrl-C, or when the client is killed; --detach leaves it
// running until `gstcast stop`.
func TestStreamJoinsTheDaemon(t *testing.T) {
	testbin.Need(t, "ffprobe")
	d := newDaemonEnv(t)
	d.serve(t, d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))

	c := testbin.Start(t, d.env, testbin.Gstcast(t), "-v", "stream", "test://ball?width=320&height=240", "--serve", "b")
	c.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	if out := c.Output(); !strings.Contains(out, d.url("b")) || !strings.Contains(out, "using the gstcast daemon at "+d.socket) {
		t.Fatalf("stream against the daemon:\n%s", out)
	}
	mustPlay(t, "tcp", d.url("a"), "h264,320,240")
	mustPlay(t, "tcp", d.url("b"), "h264,320,240")
	out, code := d.run(t, "ls")
	if code != 0 || !strings.Contains(out, "a ") || !strings.Contains(out, "b ") || !strings.Contains(out, "playing") || !strings.Contains(out, "x264enc") {
		t.Fatalf("ls: %d\n%s", code, out)
	}
	c.Signal(syscall.SIGINT)
	if code := c.Wait(t, 20*time.Second); code != 0 {
		t.Fatalf("stream client exit %d:\n%s", code, c.Output())
	}
	waitUntil(t, "b removed after Ctrl-C", 10*time.Second, func() bool { _, ok := d.names(t)["b"]; return !ok })

	// A client killed without a word: the daemon removes what it held.
	k := testbin.Start(t, d.env, testbin.Gstcast(t), "stream", "test://ball?width=320&height=240", "--serve", "k")
	k.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	_ = syscall.Kill(-k.Cmd.Process.Pid, syscall.SIGKILL)
	waitUntil(t, "k removed after its client was killed", 15*time.Second, func() bool { _, ok := d.names(t)["k"]; return !ok })

	out, code = d.run(t, "stream", "test://ball?width=320&height=240", "--serve", "kept", "--detach")
	if code != 0 || !strings.Contains(out, "gstcast stop kept") {
		t.Fatalf("--detach: %d\n%s", code, out)
	}
	mustPlay(t, "tcp", d.url("kept"), "h264,320,240")
	if out, code := d.run(t, "stop", "kept"); code != 0 || !strings.Contains(out, "stopped kept") {
		t.Fatalf("stop: %d\n%s", code, out)
	}
	if out, code := d.run(t, "stop", "nope"); code != 1 || !strings.Contains(out, "nope") {
		t.Fatalf("stop of an unknown name: %d\n%s", code, out)
	}
	if out, code := d.run(t, "status"); code != 0 || !strings.Contains(out, "daemon:  the gstcast daemon at "+d.socket) || !strings.Contains(out, "linux-v4l2") {
		t.Fatalf("status: %d\n%s", code, out)
	}
	if out, code := d.run(t, "logs", "-n", "500"); code != 0 || !strings.Contains(out, "gstcast daemon running") {
		t.Fatalf("logs: %d\n%s", code, out)
	}
	// --standalone runs its own engine: the daemon's port is taken, and it says so.
	if out, code := d.run(t, "stream", "--standalone", "test://ball", "--serve", "x", "--rtsp-address", "127.0.0.1",
		"--rtsp-port", strconv.Itoa(d.port)); code != 1 || !strings.Contains(out, "in use") {
		t.Fatalf("--standalone on the daemon's port: %d\n%s", code, out)
	}
	// Without a daemon, ls says how to start one.
	if out, code := testbin.Run(t, 30*time.Second, pluginEnv(t), testbin.Gstcast(t), "ls"); code != 1 || !strings.Contains(out, "gstcast serve") {
		t.Fatalf("ls without a daemon: %d\n%s", code, out)
	}
}

// The control API as any HTTP client sees it: curl over the socket, the answers a client
// needs (400 naming the field, 404, 409, 422 with the reason), events as SSE, and metrics that
// promtool accepts.
func TestAPIWithCurl(t *testing.T) {
	testbin.Need(t, "curl", "promtool", "ffprobe")
	d := newDaemonEnv(t)
	d.serve(t, d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))

	code, body := d.curl(t, "GET", "/v1/streams", "")
	if code != 200 || !strings.Contains(body, `"name": "a"`) || !strings.Contains(body, `"state": "playing"`) {
		t.Fatalf("list: %d %s", code, body)
	}
	// Events: a snapshot first, then the new stream.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sse := exec.CommandContext(ctx, "curl", "-s", "-N", "--unix-socket", d.socket, "http://gstcast/v1/events")
	pipe, _ := sse.StdoutPipe()
	if err := sse.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); sse.Wait() }()
	var mu sync.Mutex
	var seen []string
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			mu.Lock()
			seen = append(seen, sc.Text())
			mu.Unlock()
		}
	}()
	sawLine := func(prefix, has string) func() bool {
		return func() bool {
			mu.Lock()
			defer mu.Unlock()
			for i, l := range seen {
				if l == prefix && i+1 < len(seen) && strings.Contains(seen[i+1], has) {
					return true
				}
			}
			return false
		}
	}
	waitUntil(t, "the snapshot event", 10*time.Second, sawLine("event: snapshot", `"name":"a"`))

	udp := testbin.FreeUDPPort(t)
	busy, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: udp})
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"POST", "/v1/streams", `{"source": "test://ball?width=320&height=240", "serve": "b"}`, 201, `"url": "` + d.url("b")},
		{"POST", "/v1/streams", `{"source": "test://ball", "serve": "b"}`, 409, "EXISTS"},
		{"POST", "/v1/streams", `{"source": "test://ball", "serve": "c", "bitrate": "high"}`, 400, `"field": "bitrate"`},
		{"POST", "/v1/streams", `{"source": "test://ball", "serve": `, 400, "malformed JSON"},
		{"POST", "/v1/streams", fmt.Sprintf(`{"source": "rtp://127.0.0.1:%d", "serve": "relay"}`, udp), 422, "PORT_IN_USE"},
		{"GET", "/v1/streams/nope", "", 404, "nope"},
		{"DELETE", "/v1/streams/nope", "", 404, "nope"},
		{"PATCH", "/v1/streams/b", `{"encoding": {"bitrate_kbps": 500}}`, 200, `"bitrate_kbps": 500`},
		{"GET", "/v1/plugins", "", 200, `"linux-v4l2"`},
		{"GET", "/v1/config", "", 200, `"text"`},
	} {
		code, body := d.curl(t, c.method, c.path, c.body)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s %s: %d %s; want %d with %q", c.method, c.path, code, body, c.code, c.want)
		}
	}
	waitUntil(t, "a state event for b", 10*time.Second, sawLine("event: state", `"name":"b"`))
	mustPlay(t, "tcp", d.url("b"), "h264,320,240")

	// A reader of b (rtspsrc: it sends RTCP receiver reports over TCP, this ffmpeg does not): an
	// event when it joins, in b's sessions, in ls, and in the metrics below.
	reader := startPlaying(t, d.url("b"), "tcp")
	waitUntil(t, "a reader event for b", 20*time.Second, sawLine("event: reader", `"joined":true`))
	var session struct{ ID, Transport, Address string }
	waitUntil(t, "b's session", 10*time.Second, func() bool {
		code, body := d.curl(t, "GET", "/v1/streams/b/sessions", "")
		var ss []struct{ ID, Transport, Address string }
		if code != 200 || json.Unmarshal([]byte(body), &ss) != nil || len(ss) != 1 {
			return false
		}
		session = ss[0]
		return true
	})
	if session.Transport != "tcp" || !strings.HasPrefix(session.Address, "127.0.0.1:") {
		t.Errorf("b's session: %+v", session)
	}
	if code, body := d.curl(t, "GET", "/v1/streams/nope/sessions", ""); code != 404 {
		t.Errorf("sessions of an unknown stream: %d %s", code, body)
	}
	if code, body := d.curl(t, "DELETE", "/v1/streams/b/sessions/nobody", ""); code != 404 || !strings.Contains(body, "nobody") {
		t.Errorf("kick of an unknown session: %d %s", code, body)
	}
	waitUntil(t, "ls showing b's reader", 10*time.Second, func() bool {
		out, _ := d.run(t, "ls")
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 6 && f[0] == "b" && f[6] == "1" { // NAME KIND STATE FPS RATE(2) READERS
				return true
			}
		}
		return false
	})

	// Metrics: what Prometheus scrapes, checked by Prometheus's own tool.
	waitUntil(t, "stats for b", 10*time.Second, func() bool {
		_, m := d.curl(t, "GET", "/metrics", "")
		return strings.Contains(m, `gstcast_stream_frames_total{element="x264enc",hardware="false",kind="stream",name="b",plugin="linux-v4l2"}`)
	})
	_, m := d.curl(t, "GET", "/metrics", "")
	check := exec.Command("promtool", "check", "metrics")
	check.Stdin = strings.NewReader(m)
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s\n%s", err, out, m)
	}
	for _, want := range []string{`gstcast_plugin_up{plugin="linux-v4l2"} 1`, `gstcast_stream_state{kind="stream",name="a",state="playing"} 1`, "gstcast_stream_restarts_total",
		`gstcast_mount_readers{name="b"} 1`, `gstcast_mount_publishers{name="b"} 0`, `gstcast_mount_sessions_opened_total{name="b"}`,
		`gstcast_mount_sessions_failed_total{name="b"} 0`, `gstcast_mount_hub_dropped_frames_total{name="b"}`, `gstcast_mount_readers{name="a"} 0`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// The reader's RTCP receiver reports, labelled with its session, once ffmpeg has sent one.
	waitUntil(t, "b's reader's receiver report in the metrics", 20*time.Second, func() bool {
		_, m := d.curl(t, "GET", "/metrics", "")
		return strings.Contains(m, `gstcast_reader_jitter_seconds{name="b",session="`+session.ID+`"}`)
	})
	_, m = d.curl(t, "GET", "/metrics", "")
	check = exec.Command("promtool", "check", "metrics")
	check.Stdin = strings.NewReader(m)
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics with reader series: %v\n%s\n%s", err, out, m)
	}
	// Kicked, it leaves: an event, and b has no sessions.
	if code, body := d.curl(t, "DELETE", "/v1/streams/b/sessions/"+session.ID, ""); code != 204 {
		t.Fatalf("kick: %d %s", code, body)
	}
	waitUntil(t, "a reader-left event for b", 20*time.Second, sawLine("event: reader", `"joined":false`))
	waitUntil(t, "b without sessions after the kick", 10*time.Second, func() bool {
		_, body := d.curl(t, "GET", "/v1/streams/b/sessions", "")
		return strings.TrimSpace(body) == "[]"
	})
	_ = reader
	if code, _ := d.curl(t, "DELETE", "/v1/streams/b", ""); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	waitUntil(t, "a removed event", 10*time.Second, sawLine("event: removed", `"name":"b"`))

	// A plugin restarted on request comes back, and so does its mount.
	pidOf := func() (int, int) {
		_, body := d.curl(t, "GET", "/v1/plugins", "")
		var ps []struct {
			Name          string
			PID, Restarts int
		}
		if json.Unmarshal([]byte(body), &ps) != nil {
			return 0, 0
		}
		for _, p := range ps { // every plugin found is listed; the mount's is linux-v4l2
			if p.Name == "linux-v4l2" {
				return p.PID, p.Restarts
			}
		}
		return 0, 0
	}
	pid, _ := pidOf()
	if code, body := d.curl(t, "POST", "/v1/plugins/linux-v4l2/restart", ""); code != 202 {
		t.Fatalf("restart: %d %s", code, body)
	}
	if code, _ := d.curl(t, "POST", "/v1/plugins/nope/restart", ""); code != 404 {
		t.Fatalf("restart of an unknown plugin: %d", code)
	}
	waitUntil(t, "the plugin back with a new process", 20*time.Second, func() bool {
		p, r := pidOf()
		return p != 0 && p != pid && r == 1
	})
	waitUntil(t, "mount a playing again", 20*time.Second, func() bool {
		_, body := d.curl(t, "GET", "/v1/streams/a", "")
		return strings.Contains(body, `"state": "playing"`) && strings.Contains(body, `"restarts": 1`)
	})
	mustPlay(t, "tcp", d.url("a"), "h264,320,240")
}

// ffmpegReader reads url over TCP and reports the frame count it has decoded, until killed.
type ffmpegReader struct {
	mu     sync.Mutex
	frames int
	p      *testbin.Proc
}

func readWithFFmpeg(t *testing.T, url string) *ffmpegReader {
	r := &ffmpegReader{}
	r.p = testbin.Start(t, nil, "ffmpeg", "-v", "error", "-rtsp_transport", "tcp", "-i", url, "-f", "null", "-progress", "pipe:1", "-")
	go func() {
		for r.p.Cmd.ProcessState == nil {
			n := 0
			for _, l := range testbin.Lines(r.p.Output()) {
				if v, ok := strings.CutPrefix(l, "frame="); ok {
					n, _ = strconv.Atoi(strings.TrimSpace(v))
				}
			}
			r.mu.Lock()
			r.frames = n
			r.mu.Unlock()
			time.Sleep(200 * time.Millisecond)
		}
	}()
	return r
}

func (r *ffmpegReader) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frames
}

// Hot reload: a reader of an unchanged mount keeps receiving frames through a reload that
// changes, adds and removes other mounts; an invalid file is refused with its line and the
// running mounts keep serving.
func TestHotReloadKeepsReaders(t *testing.T) {
	testbin.Need(t, "ffmpeg", "ffprobe", "curl")
	d := newDaemonEnv(t)
	path := d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n  - {name: b, source: 'test://ball?width=320&height=240'}\n  - {name: gone, source: 'test://snow?width=320&height=240'}\n")
	p := d.serve(t, path)
	r := readWithFFmpeg(t, d.url("a"))
	waitUntil(t, "the reader of a decoding", 30*time.Second, func() bool { return r.count() > 30 })

	text := fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: a, source: 'test://smpte?width=320&height=240'}\n  - {name: b, source: 'test://ball?width=640&height=360'}\n  - {name: c, source: 'test://snow?width=320&height=240'}\n", d.port)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil { // as an editor would
		t.Fatal(err)
	}
	waitUntil(t, "the reload", 20*time.Second, func() bool {
		n := d.names(t)
		_, c := n["c"]
		_, gone := n["gone"]
		return c && !gone && n["b"]["state"] == "playing"
	})
	mustPlay(t, "tcp", d.url("b"), "h264,640,360")
	mustPlay(t, "tcp", d.url("c"), "h264,320,240")
	before := r.count()
	time.Sleep(2 * time.Second)
	if r.p.Cmd.ProcessState != nil || r.count() < before+30 {
		t.Fatalf("the reader of unchanged mount a stopped receiving through the reload: %d then %d frames\n%s", before, r.count(), tail(r.p.Output()))
	}
	if a := d.names(t)["a"]; a["restarts"].(float64) != 0 {
		t.Fatalf("a was restarted by the reload: %v", a)
	}
	// A broken file is refused with its line; everything keeps running.
	if err := os.WriteFile(path, []byte(text+"  - {name: d, source: 'nope://x'}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the refusal in the log", 20*time.Second, func() bool {
		return strings.Contains(p.Output(), "config refused") && strings.Contains(p.Output(), "line 6")
	})
	if _, ok := d.names(t)["c"]; !ok {
		t.Fatal("an invalid reload removed mounts")
	}
	code, body := d.curl(t, "PUT", "/v1/config", `{"text": "mounts:\n  - {name: a, sorce: x}\n"}`)
	if code != 400 || !strings.Contains(body, `"line": 2`) {
		t.Fatalf("PUT of a bad config: %d %s", code, body)
	}
	mustPlay(t, "tcp", d.url("c"), "h264,320,240")
	before = r.count()
	time.Sleep(time.Second)
	if r.count() <= before {
		t.Fatal("the reader of a stopped after a refused reload")
	}
	// PUT of a good config writes the file (keeping .bak) and applies it.
	good := strings.ReplaceAll(text, "  - {name: c, source: 'test://snow?width=320&height=240'}\n", "")
	b, _ := json.Marshal(map[string]string{"text": good})
	if code, body := d.curl(t, "PUT", "/v1/config", string(b)); code != 200 || !strings.Contains(body, `"removed"`) {
		t.Fatalf("PUT: %d %s", code, body)
	}
	if bak, _ := os.ReadFile(path + ".bak"); !strings.Contains(string(bak), "nope://") {
		t.Fatalf(".bak does not hold the previous file: %q", bak)
	}
	if _, ok := d.names(t)["c"]; ok {
		t.Fatal("c survived a PUT that removed it")
	}
	if r.p.Cmd.ProcessState != nil {
		t.Fatalf("the reader of a ended:\n%s", tail(r.p.Output()))
	}
}

// A daemon killed with SIGKILL leaves no plugin process behind holding its RTSP port.
func TestKilledDaemonLeavesNoPlugin(t *testing.T) {
	testbin.Need(t, "curl")
	d := newDaemonEnv(t)
	p := d.serve(t, d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))
	_, body := d.curl(t, "GET", "/v1/plugins", "")
	var plugins []struct{ PID int }
	if err := json.Unmarshal([]byte(body), &plugins); err != nil || len(plugins) == 0 || plugins[0].PID == 0 {
		t.Fatalf("plugins: %v %s", err, body)
	}
	pid := plugins[0].PID
	_ = p.Cmd.Process.Signal(syscall.SIGKILL) // the daemon only, not its process group
	waitUntil(t, "the plugin to exit after its host died", 10*time.Second, func() bool { return syscall.Kill(pid, 0) != nil })
	waitUntil(t, "the RTSP port to be free", 5*time.Second, func() bool {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", d.port))
		if err == nil {
			l.Close()
		}
		return err == nil
	})
	// The stale socket is replaced by the next daemon.
	d.serve(t, d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))
}

// `gstcast view` with a user daemon running decodes in the daemon's plugin and shows the
// picture; killed without a word, its view is removed by the daemon.
func TestViewThroughTheDaemon(t *testing.T) {
	display := xvfb(t)
	d := newDaemonEnv(t)
	d.serve(t, d.config(t, "  - {name: a, source: 'test://smpte?width=640&height=360'}\n"))
	v := testbin.Start(t, append(d.env, "DISPLAY="+display, "LANG=C.UTF-8"), testbin.Gstcast(t), "-v", "view", d.url("a"))
	waitColours(t, display, "view through the daemon", v)
	if !strings.Contains(v.Output(), "using the gstcast daemon at "+d.socket) {
		t.Fatalf("the view did not use the daemon:\n%s", v.Output())
	}
	views := func() int {
		n := 0
		for _, s := range d.names(t) {
			if s["kind"] == "view" {
				n++
			}
		}
		return n
	}
	if views() != 1 {
		t.Fatalf("views in the daemon: %d", views())
	}
	_ = syscall.Kill(-v.Cmd.Process.Pid, syscall.SIGKILL)
	waitUntil(t, "the view removed after its window's process was killed", 15*time.Second, func() bool { return views() == 0 })
}

// The headless build (-tags nogui, for boards without display libraries) has the daemon and
// client commands, and says plainly that it has no windows.
func TestHeadlessBuild(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "gstcast")
	build := exec.Command("go", "build", "-tags", "nogui", "-o", bin, ".")
	build.Dir = testbin.Root()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nogui: %v\n%s", err, out)
	}
	d := newDaemonEnv(t)
	if out, code := testbin.Run(t, 30*time.Second, d.env, bin, "--help"); code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "ls") {
		t.Fatalf("--help: %d\n%s", code, out)
	}
	p := testbin.Start(t, d.env, bin, "serve", d.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	if out, code := testbin.Run(t, 30*time.Second, d.env, bin, "ls"); code != 0 || !strings.Contains(out, "playing") {
		t.Fatalf("ls: %d\n%s", code, out)
	}
	if out, code := testbin.Run(t, 30*time.Second, append(d.env, "DISPLAY=:0"), bin, "view", d.url("a")); code != 1 || !strings.Contains(out, "without GUI") {
		t.Fatalf("view in a headless build: %d\n%s", code, out)
	}
}
