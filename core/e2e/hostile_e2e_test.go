package e2e_test

// Hostile RTSP clients against the real `gstcast serve` and its plugin process: a second
// connection naming a reader's session, and a server told to listen on loopback opening
// nothing beyond it. The readers are gst-launch-1.0 and ffprobe; the hostile client is a raw
// TCP socket.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// playing is a gst-launch-1.0 rtspsrc reader counting its decoded frames.
type playing struct{ p *testbin.Proc }

func startPlaying(t *testing.T, url, protocols string) *playing {
	t.Helper()
	r := &playing{testbin.Start(t, nil, "gst-launch-1.0", "-v", "rtspsrc", "location="+url, "protocols="+protocols, "latency=10",
		"!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "fakesink", "silent=false", "sync=false")}
	r.more(t, 0, "starting")
	return r
}

func (r *playing) frames() int { return strings.Count(r.p.Output(), "last-message = chain") }

// more waits until the reader has decoded 15 frames more than from.
func (r *playing) more(t *testing.T, from int, after string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for r.frames() < from+15 {
		if time.Now().After(deadline) {
			t.Fatalf("the reader stopped (%s): %d frames, %d more in 30 s:\n%s", after, from, r.frames()-from, tail(r.p.Output()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeHostileClients(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0", "curl", "ffprobe")
	d := newDaemonEnv(t)
	d.serve(t, d.config(t, "  - {name: a, source: 'test://ball?width=320&height=240'}\n"))
	url := d.url("a")
	victim := startPlaying(t, url, "tcp")
	var ss []struct{ ID, Transport string }
	waitUntil(t, "the reader's session", 10*time.Second, func() bool {
		_, body := d.curl(t, "GET", "/v1/streams/a/sessions", "")
		return json.Unmarshal([]byte(body), &ss) == nil && len(ss) == 1
	})
	id := ss[0].ID

	// Before: a second connection's TEARDOWN with the reader's Session got 200 OK and the
	// reader's data stopped. Now every method is refused and the reader plays on.
	for i, method := range []string{"TEARDOWN", "PAUSE", "PLAY", "SET_PARAMETER"} {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(d.port), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "%s %s RTSP/1.0\r\nCSeq: %d\r\nSession: %s\r\n\r\n", method, url, i+1, id)
		line, err := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if err != nil || !strings.HasPrefix(line, "RTSP/1.0 454") {
			t.Errorf("%s of another connection's session: %q, %v; want 454", method, line, err)
		}
	}
	victim.more(t, victim.frames(), "other connections named its session")
	if out, code := d.run(t, "logs", "-n", "200"); code != 0 || !strings.Contains(out, "names a session of another connection") {
		t.Errorf("no log line for the refused requests:\n%s", out)
	}

	// gstcast sessions and kick.
	out, code := d.run(t, "sessions", "a")
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "tcp") || !strings.Contains(out, "reader") {
		t.Errorf("gstcast sessions a: %d\n%s", code, out)
	}
	if out, code := d.run(t, "kick", "a", "nobody"); code != 1 || !strings.Contains(out, "nobody") {
		t.Errorf("gstcast kick of an unknown session: %d\n%s", code, out)
	}
	if out, code := d.run(t, "kick", "a", id); code != 0 || !strings.Contains(out, "kicked "+id) {
		t.Errorf("gstcast kick a %s: %d\n%s", id, code, out)
	}
	_ = victim.p.Wait(t, 20*time.Second) // rtspsrc takes the closed connection for the end

	// Listening on 127.0.0.1, the plugin opens no UDP socket beyond it, also for UDP readers.
	udp := startPlaying(t, url, "udp")
	pid := pluginPID(t, d)
	socks := socketsOf(t, pid)
	n := 0
	for _, table := range []string{"udp", "udp6"} {
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "net", table))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n")[1:] {
			f := strings.Fields(l)
			if len(f) < 10 || !socks[f[9]] {
				continue
			}
			n++
			if !strings.HasPrefix(f[1], "0100007F:") {
				t.Errorf("the plugin has a %s socket on %s, beyond loopback", table, f[1])
			}
		}
	}
	if n < 2 {
		t.Errorf("the plugin has %d UDP sockets; the UDP reader's stream needs RTP and RTCP", n)
	}
	udp.more(t, udp.frames(), "the socket check")
	mustPlay(t, "tcp", url, "h264,320,240")
}

// pluginPID is the linux-v4l2 plugin's process, from the API.
func pluginPID(t *testing.T, d *daemonEnv) int {
	t.Helper()
	_, body := d.curl(t, "GET", "/v1/plugins", "")
	var ps []struct {
		Name string
		PID  int
	}
	if err := json.Unmarshal([]byte(body), &ps); err != nil {
		t.Fatalf("plugins: %v\n%s", err, body)
	}
	for _, p := range ps {
		if p.Name == "linux-v4l2" && p.PID > 0 {
			return p.PID
		}
	}
	t.Fatalf("no linux-v4l2 plugin process: %s", body)
	return 0
}

// socketsOf is the socket inodes of process pid.
func socketsOf(t *testing.T, pid int) map[string]bool {
	t.Helper()
	dir := filepath.Join("/proc", strconv.Itoa(pid), "fd")
	fds, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, fd := range fds {
		if l, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && strings.HasPrefix(l, "socket:[") {
			out[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	return out
}
