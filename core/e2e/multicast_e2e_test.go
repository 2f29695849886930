package e2e_test

// Multicast for real: the receiver sits in its own network namespace behind a veth pair, so it
// shares no socket, port or loopback shortcut with the sender, and reads the IP TTL each
// datagram arrived with (IP_RECVTTL, testdata/ttlrecv). A TTL the sender did not set shows.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// netns makes a namespace and a veth pair (10.231.N.1 here, .2 there) and routes group out of
// it; everything is removed when the test ends. It returns the namespace's name.
func netns(t *testing.T, group string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace")
	}
	testbin.Need(t, "ip")
	n := os.Getpid()%200 + 20
	ns, host, peer := fmt.Sprintf("gcmc%d", n), fmt.Sprintf("gcmh%d", n), fmt.Sprintf("gcmn%d", n)
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", ns)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", ns).Run() })
	run("link", "add", host, "type", "veth", "peer", "name", peer)
	t.Cleanup(func() { _ = exec.Command("ip", "link", "del", host).Run() })
	run("link", "set", peer, "netns", ns)
	run("addr", "add", fmt.Sprintf("10.231.%d.1/24", n), "dev", host)
	run("link", "set", host, "up")
	run("-n", ns, "addr", "add", fmt.Sprintf("10.231.%d.2/24", n), "dev", peer)
	run("-n", ns, "link", "set", peer, "up")
	run("-n", ns, "link", "set", "lo", "up")
	run("route", "add", group+"/32", "dev", host)
	t.Cleanup(func() { _ = exec.Command("ip", "route", "del", group+"/32", "dev", host).Run() })
	return ns
}

// ttlrecv builds the receiver helper once per test.
func ttlrecv(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ttlrecv")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/ttlrecv").CombinedOutput(); err != nil {
		t.Fatalf("build ttlrecv: %v: %s", err, out)
	}
	return bin
}

// A multicast rtp:// output (H.264 RTP, and MPEG-TS over udp://) reaches a reader in another
// namespace with exactly the TTL asked for.
func TestMulticastOutputTTLInNamespace(t *testing.T) {
	group := "239.255.77.9"
	ns := netns(t, group)
	recv := ttlrecv(t)
	for _, c := range []struct {
		to  string
		ttl int
		rtp bool
	}{{"rtp://%s:%d?ttl=%d", 3, true}, {"rtp://%s:%d?ttl=%d", 1, true}, {"udp://%s:%d?ttl=%d", 2, false}} {
		port := testbin.FreeUDPPort(t)
		// The stream first: its start (plugin probes) can take longer than the reader waits.
		p := startStream(t, "test://ball?width=320&height=240&fps=30", "--to", fmt.Sprintf(c.to, group, port, c.ttl))
		r := testbin.Start(t, nil, "ip", "netns", "exec", ns, recv, group, strconv.Itoa(port), "20")
		if code := r.Wait(t, 40*time.Second); code != 0 {
			t.Fatalf("%s: the reader in namespace %s got nothing (exit %d):\n%s", c.to, ns, code, r.Output())
		}
		lines := 0
		for _, l := range testbin.Lines(r.Output()) {
			if !strings.HasPrefix(l, "packet ") {
				continue
			}
			lines++
			if !strings.Contains(l, fmt.Sprintf(" ttl %d ", c.ttl)) {
				t.Errorf("%s: %q, want TTL %d", fmt.Sprintf(c.to, group, port, c.ttl), l, c.ttl)
			}
			if c.rtp && !strings.HasSuffix(l, "rtp true") {
				t.Errorf("%s: %q is not RTP", c.to, l)
			}
		}
		if lines != 20 {
			t.Errorf("%s: %d packets read, want 20:\n%s", c.to, lines, r.Output())
		}
		stopStream(t, p)
	}
}
