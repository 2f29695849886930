package rtspserver

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// reader is a well-behaved client: gst-launch-1.0's rtspsrc, decoding what it gets.
type reader struct {
	p    *testbin.Proc
	name string
}

func startReader(t *testing.T, url, protocols string) *reader {
	t.Helper()
	p := testbin.Start(t, nil, "gst-launch-1.0", "-v", "rtspsrc", "location="+url, "protocols="+protocols, "latency=10",
		"!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "fakesink", "silent=false", "sync=false")
	r := &reader{p: p, name: protocols + " reader"}
	r.waitFrames(t, 10, 30*time.Second)
	return r
}

func (r *reader) frames() int { return strings.Count(r.p.Output(), "last-message = chain") }

func (r *reader) waitFrames(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for r.frames() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s decoded %d of %d frames:\n%s", r.name, r.frames(), n, tailOf(r.p.Output()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stillPlays checks the reader decodes more frames from now on.
func (r *reader) stillPlays(t *testing.T, after string) {
	t.Helper()
	n := r.frames()
	deadline := time.Now().Add(10 * time.Second)
	for r.frames() < n+15 {
		if time.Now().After(deadline) {
			t.Fatalf("%s stopped after %s: %d frames, then %d in 10 s:\n%s", r.name, after, n, r.frames()-n, tailOf(r.p.Output()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tailOf(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

// logLines collects the servers' log lines for the test.
func logLines(t *testing.T) func() string {
	var mu sync.Mutex
	var lines []string
	SetLog(func(m string) {
		mu.Lock()
		lines = append(lines, m)
		mu.Unlock()
	})
	t.Cleanup(func() { SetLog(nil) })
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(lines, "\n")
	}
}

func sessionsOf(t *testing.T, m *Mount, n int) []Session {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ss := m.Sessions()
		if len(ss) == n {
			return ss
		}
		if time.Now().After(deadline) {
			t.Fatalf("sessions: %+v, want %d", ss, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The sessions of a mount, as gst-launch-1.0 readers over TCP and UDP make them: who, how,
// counters, and the RTCP receiver reports they send; then one of them is kicked.
func TestRTSPServerSessionsAndKick(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	srv := startServer(t, ServerConfig{})
	m := servedMount(t, srv, MountConfig{Path: "/s", Readers: []string{"*"}})
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/s"
	tcp := startReader(t, url, "tcp")
	udp := startReader(t, url, "udp")
	var byTransport map[string]Session
	deadline := time.Now().Add(20 * time.Second) // receiver reports come every few seconds
	for {
		byTransport = map[string]Session{}
		for _, s := range sessionsOf(t, m, 2) {
			byTransport[s.Transport] = s
		}
		tr, ur := byTransport[TransportTCP], byTransport[TransportUDP]
		if tr.Report && ur.Report && tr.Packets > 0 && ur.Packets > 0 && tr.Bytes > 0 && ur.Bytes > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no receiver reports and counters for both readers: %+v", byTransport)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for tr, s := range byTransport {
		t.Logf("%s: %+v", tr, s)
		if !strings.HasPrefix(s.Address, "127.0.0.1:") || s.ID == "" || s.Publisher || !s.Playing ||
			time.Since(s.Since) > time.Minute || s.FractionLost != 0 || s.Jitter > time.Second {
			t.Errorf("%s session %+v", tr, s)
		}
	}
	if st := m.Stats(); st.SessionsOpened != 2 || st.SessionsFailed != 0 {
		t.Errorf("mount stats %+v, want 2 sessions opened, none failed", st)
	}
	if m.Kick("no-such-session") {
		t.Error("kicked a session that is not there")
	}
	if !m.Kick(byTransport[TransportTCP].ID) {
		t.Fatal("kick of the TCP reader: not found")
	}
	tcp.p.Wait(t, 15*time.Second) // rtspsrc takes the closed connection for the end of the stream
	if !strings.Contains(tcp.p.Output(), "The server closed the connection") {
		t.Errorf("the kicked reader did not see its connection closed:\n%s", tailOf(tcp.p.Output()))
	}
	udp.stillPlays(t, "the other reader was kicked")
	ss := sessionsOf(t, m, 1)
	if ss[0].Transport != TransportUDP {
		t.Errorf("left: %+v", ss)
	}
	// A UDP reader is kicked by its RTSP connection too, and its session ends with it.
	if !m.Kick(ss[0].ID) {
		t.Fatal("kick of the UDP reader: not found")
	}
	sessionsOf(t, m, 0)
}

// rawConn is a hostile client: a TCP connection that says whatever the test wants.
type rawConn struct {
	c  net.Conn
	rd *bufio.Reader
}

func dialRaw(t *testing.T, srv *Server) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(srv.Port()), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{c: c, rd: bufio.NewReader(c)}
}

// ask sends a request and returns the response's status line and headers ("" when the server
// closed the connection instead).
func (r *rawConn) ask(req string) string {
	_ = r.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := r.c.Write([]byte(req)); err != nil {
		return ""
	}
	var head strings.Builder
	length := 0
	for {
		line, err := r.rd.ReadString('\n')
		if err != nil {
			return head.String()
		}
		if head.Len() == 0 && strings.HasPrefix(line, "$") {
			continue // interleaved data of an earlier PLAY
		}
		head.WriteString(line)
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "content-length") {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if line == "\r\n" {
			break
		}
	}
	_, _ = r.rd.Discard(length)
	return head.String()
}

// closed says whether the server closes the connection within d.
func (r *rawConn) closed(d time.Duration) bool {
	_ = r.c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 4096)
	for {
		if _, err := r.c.Read(buf); err != nil {
			ne, ok := err.(net.Error)
			return !(ok && ne.Timeout())
		}
	}
}

func status(resp string) string {
	line, _, _ := strings.Cut(resp, "\r\n")
	return line
}

// A second connection that names a reader's session (the live555 CVE-2026-41470 pattern) is
// refused whatever it asks, and the reader plays on, also after that connection hangs up.
// The same authenticated user may carry on a session from another connection; others may not.
func TestRTSPServerRefusesAnotherConnectionsSession(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	logs := logLines(t)
	srv := startServer(t, ServerConfig{Users: []User{{"alice", "a-secret"}, {"bob", "b-secret"}}})
	m := servedMount(t, srv, MountConfig{Path: "/v", Readers: []string{"*"}})
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/v"
	victim := startReader(t, url, "tcp")
	id := sessionsOf(t, m, 1)[0].ID
	for i, method := range []string{"TEARDOWN", "PAUSE", "PLAY", "SET_PARAMETER", "GET_PARAMETER", "OPTIONS", "SETUP"} {
		h := dialRaw(t, srv)
		target := url
		if method == "SETUP" {
			target += "/stream=0"
		}
		resp := h.ask(fmt.Sprintf("%s %s RTSP/1.0\r\nCSeq: %d\r\nSession: %s\r\nTransport: RTP/AVP/TCP;unicast;interleaved=4-5\r\n\r\n", method, target, i+1, id))
		if !strings.HasPrefix(status(resp), "RTSP/1.0 454") || strings.Contains(resp, id) {
			t.Errorf("%s with another connection's session: %q, want 454 without the session", method, resp)
		}
		h.c.Close() // hanging up must not take the reader's media with it
	}
	victim.stillPlays(t, "other connections named its session")
	if ss := m.Sessions(); len(ss) != 1 || ss[0].ID != id {
		t.Errorf("sessions after the attempts: %+v", ss)
	}
	if l := logs(); !strings.Contains(l, "refused TEARDOWN from 127.0.0.1:") || !strings.Contains(l, "names a session of another connection") {
		t.Errorf("log:\n%s", l)
	}
	if g := srv.Guard(); g.HijacksRefused != 7 {
		t.Errorf("guard stats %+v, want 7 refused", g)
	}

	// alice's own session from a second connection of hers: allowed; bob's or nobody's: refused.
	m2 := servedMount(t, srv, MountConfig{Path: "/a", Readers: []string{"alice", "bob"}})
	alice := startReader(t, "rtsp://alice:a-secret@127.0.0.1:"+strconv.Itoa(srv.Port())+"/a", "tcp")
	aid := sessionsOf(t, m2, 1)[0].ID
	if u := m2.Sessions()[0].User; u != "alice" {
		t.Errorf("user of alice's session: %q", u)
	}
	aurl := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/a"
	for _, tc := range []struct{ who, auth, want string }{
		{"anonymous", "", "RTSP/1.0 454"},
		{"bob", "Authorization: Basic " + basic("bob", "b-secret") + "\r\n", "RTSP/1.0 454"},
		{"alice", "Authorization: Basic " + basic("alice", "a-secret") + "\r\n", "RTSP/1.0 200"},
	} {
		h := dialRaw(t, srv)
		resp := h.ask("GET_PARAMETER " + aurl + " RTSP/1.0\r\nCSeq: 1\r\nSession: " + aid + "\r\n" + tc.auth + "\r\n")
		if !strings.HasPrefix(status(resp), tc.want) {
			t.Errorf("%s's GET_PARAMETER of alice's session: %q, want %s", tc.who, status(resp), tc.want)
		}
		h.c.Close()
	}
	alice.stillPlays(t, "others named alice's session")

	// Refused set-ups count as failed; the 401 challenge before an authenticated one does not.
	for _, auth := range []string{"", "Authorization: Basic " + basic("alice", "wrong") + "\r\n", "Authorization: Basic " + basic("mallory", "x") + "\r\n"} {
		h := dialRaw(t, srv)
		if resp := h.ask("DESCRIBE " + aurl + " RTSP/1.0\r\nCSeq: 1\r\n" + auth + "\r\n"); !strings.HasPrefix(status(resp), "RTSP/1.0 401") {
			t.Errorf("DESCRIBE with %q: %q", auth, status(resp))
		}
		h.c.Close()
	}
	if st := m2.Stats(); st.SessionsOpened != 1 || st.SessionsFailed != 2 {
		t.Errorf("mount stats %+v, want 1 session opened and 2 refused", st)
	}
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// Clients that open connections and say nothing, say too much, send data before SETUP or hang
// up in the middle of a request: each is dealt with, and the reader plays throughout.
func TestRTSPServerHostileConnections(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	logs := logLines(t)
	const perAddr = 20
	srv := startServer(t, ServerConfig{Limits: Limits{MaxClientsPerAddress: perAddr, IdleTimeout: 3 * time.Second}})
	servedMount(t, srv, MountConfig{Path: "/h", Readers: []string{"*"}})
	url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/h"
	r := startReader(t, url, "tcp")

	// Connections that send nothing: those over the cap are closed at once, the rest when idle.
	var idle []*rawConn
	for range 3 * perAddr {
		idle = append(idle, dialRaw(t, srv))
	}
	time.Sleep(500 * time.Millisecond) // well inside the idle timeout
	refused := 0
	for _, c := range idle {
		if c.closed(10 * time.Millisecond) {
			refused++
		}
	}
	if want := 3*perAddr - (perAddr - 1); refused != want { // the reader holds one of the 20
		t.Errorf("%d of %d idle connections closed at once, want %d (cap %d per address)", refused, len(idle), want, perAddr)
	}
	if l := logs(); !strings.Contains(l, "refused a connection from 127.0.0.1:") || !strings.Contains(l, "the cap is 20") {
		t.Errorf("no log line for the refused connections:\n%s", l)
	}
	for i, c := range idle {
		if !c.closed(5 * time.Second) {
			t.Fatalf("idle connection %d still open after the idle timeout", i)
		}
	}
	if !strings.Contains(logs(), "no request and no session for 3000 ms") {
		t.Errorf("no log line for idle connections:\n%s", logs())
	}
	r.stillPlays(t, "hundreds of idle connections")

	// A header of megabytes: the connection is closed once it has sent more than MaxRequest
	// without completing a request (GstRTSPConnection would cut the line at 4 kB and answer).
	h := dialRaw(t, srv)
	big := "OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\nX-Big: " + strings.Repeat("a", 4<<20) + "\r\n\r\n"
	if resp := h.ask(big); resp != "" {
		t.Errorf("a 4 MB header was answered: %q; want the connection closed", status(resp))
	}
	// A body of a gigabyte is not read: the connection is closed.
	h = dialRaw(t, srv)
	_ = h.c.SetDeadline(time.Now().Add(5 * time.Second))
	_, _ = h.c.Write([]byte("SET_PARAMETER " + url + " RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 1000000000\r\n\r\nx"))
	if !h.closed(5 * time.Second) {
		t.Error("a request body of 1 GB was not refused")
	}
	// Header lines that never end: the connection is closed after a few hundred kB.
	h = dialRaw(t, srv)
	rss := rssKB(t)
	go func() {
		line := []byte("X-H: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\r\n")
		chunk := []byte("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n")
		for len(chunk) < 64<<10 {
			chunk = append(chunk, line...)
		}
		for range 1024 { // 64 MB at most
			if _, err := h.c.Write(chunk); err != nil {
				return
			}
			chunk = chunk[:0]
			for len(chunk) < 64<<10 {
				chunk = append(chunk, line...)
			}
		}
	}()
	if !h.closed(10 * time.Second) {
		t.Error("endless header lines: the connection stayed open")
	}
	if !strings.Contains(logs(), "without completing a request") {
		t.Errorf("no log line for the endless request:\n%s", logs())
	}
	t.Logf("endless header lines: closed; resident memory %d → %d kB", rss, rssKB(t))
	// Interleaved data before any SETUP, then a request on the same connection.
	h = dialRaw(t, srv)
	_, _ = h.c.Write([]byte("$\x00\x00\x100123456789abcdef$\x07\xff\xff"))
	_, _ = h.c.Write(make([]byte, 0xffff))
	if resp := h.ask("OPTIONS " + url + " RTSP/1.0\r\nCSeq: 2\r\n\r\n"); !strings.HasPrefix(status(resp), "RTSP/1.0 200") {
		t.Errorf("OPTIONS after interleaved data without a session: %q", resp)
	}
	// Hanging up in the middle of a request.
	for _, part := range []string{"DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n", "SETUP " + url, "$\x00\x10\x00abc"} {
		h = dialRaw(t, srv)
		_, _ = h.c.Write([]byte(part))
		h.c.Close()
	}
	r.stillPlays(t, "oversized, early and cut-off requests")
	deadline := time.Now().Add(10 * time.Second)
	for srv.Clients() > 1 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := srv.Clients(); n != 1 {
		t.Errorf("%d connections open after the hostile ones left, want the reader's alone", n)
	}
}

// A server told to listen on 127.0.0.1 opens no socket beyond loopback, also for UDP readers.
func TestRTSPServerBindsToListenAddress(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	srv := startServer(t, ServerConfig{Address: "127.0.0.1"})
	servedMount(t, srv, MountConfig{Path: "/b", Readers: []string{"*"}})
	r := startReader(t, "rtsp://127.0.0.1:"+strconv.Itoa(srv.Port())+"/b", "udp")
	socks := ownSockets(t)
	n := 0
	for _, table := range []string{"udp", "udp6", "tcp", "tcp6"} {
		for _, l := range procNet(t, table) {
			if !socks[l.inode] {
				continue
			}
			t.Logf("%s %s", table, l.local)
			if table == "udp" {
				n++
			}
			if !strings.HasPrefix(l.local, "0100007F:") {
				t.Errorf("%s socket bound to %s, beyond loopback", table, l.local)
			}
		}
	}
	if n < 2 {
		t.Errorf("%d UDP sockets of the UDP reader's stream found, want RTP and RTCP", n)
	}
	r.stillPlays(t, "the check")
}

type netLine struct{ local, inode string }

// procNet reads /proc/net/TABLE: local address (hex IP:port) and inode of each socket.
func procNet(t *testing.T, table string) []netLine {
	b, err := os.ReadFile("/proc/net/" + table)
	if err != nil {
		t.Skipf("no /proc/net/%s: %v", table, err)
	}
	var out []netLine
	for _, l := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(l)
		if len(f) > 9 {
			out = append(out, netLine{local: f[1], inode: f[9]})
		}
	}
	return out
}

// ownSockets is the socket inodes of this process.
func ownSockets(t *testing.T) map[string]bool {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	out := map[string]bool{}
	for _, fd := range fds {
		l, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(l, "socket:[") {
			out[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	return out
}

// rssKB is this process's resident memory.
func rssKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
