package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// lossyNetns makes a network namespace whose loopback drops pct % of the UDP packets it
// receives, at random (nftables numgen; netem is not there on these kernels), and returns its
// name. Everything the test runs in it talks over that namespace's loopback only.
func lossyNetns(t *testing.T, pct int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("making a network namespace needs root")
	}
	testbin.Need(t, "ip", "nft")
	ns := fmt.Sprintf("gcloss%d", os.Getpid())
	if out, code := testbin.Run(t, 10*time.Second, nil, "ip", "netns", "add", ns); code != 0 {
		t.Skipf("cannot make a network namespace here: %s", out)
	}
	t.Cleanup(func() { testbin.Run(t, 10*time.Second, nil, "ip", "netns", "del", ns) })
	for _, args := range [][]string{
		{"ip", "-n", ns, "link", "set", "lo", "up"},
		{"ip", "netns", "exec", ns, "nft", "add", "table", "inet", "loss"},
		{"ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "loss", "input", "{ type filter hook input priority 0; }"},
		{"ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "loss", "input", "meta", "l4proto", "udp",
			"numgen", "random", "mod", "100", "<", strconv.Itoa(pct), "drop"},
	} {
		if out, code := testbin.Run(t, 10*time.Second, nil, args[0], args[1:]...); code != 0 {
			t.Fatalf("%s: %s", strings.Join(args, " "), out)
		}
	}
	return ns
}

// rtxRead reads url with rtspsrc over UDP inside ns for secs and returns its counters.
func rtxRead(t *testing.T, ns, url string, secs int, rtx bool) (packets, requests, lost, frames int) {
	t.Helper()
	flag := "0"
	if rtx {
		flag = "1"
	}
	script := filepath.Join(testbin.Root(), "core", "e2e", "testdata", "rtxread.py")
	out, code := testbin.Run(t, time.Duration(secs+30)*time.Second, nil, "ip", "netns", "exec", ns, "/usr/bin/python3", script, url, strconv.Itoa(secs), flag)
	lines := testbin.Lines(out)
	if code != 0 || len(lines) == 0 {
		t.Fatalf("rtxread %s: exit %d:\n%s", url, code, out)
	}
	if _, err := fmt.Sscanf(lines[len(lines)-1], "rtx-packets %d rtx-requests %d lost %d frames %d", &packets, &requests, &lost, &frames); err != nil {
		t.Fatalf("rtxread %s: %v:\n%s", url, err, out)
	}
	return
}

// TestRTXRetransmitsUnderLoss: a mount served with --rtx answers a reader's NACKs. With 3 % of
// UDP packets dropped, GStreamer's rtspsrc (a reader nobody here wrote) asks for the lost ones
// and its RTX receiver gets retransmissions; a mount without --rtx never sends one.
func TestRTXRetransmitsUnderLoss(t *testing.T) {
	testbin.Need(t, "/usr/bin/python3")
	ns := lossyNetns(t, 3)
	port := freeTCPPort(t)
	env := pluginEnv(t)
	for _, m := range []struct {
		mount string
		rtx   bool
	}{{"rtx", true}, {"plain", false}} {
		args := []string{"netns", "exec", ns, testbin.Gstcast(t), "stream", "test://ball?width=640&height=360&fps=30", "--serve", m.mount,
			"--rtsp-address", "127.0.0.1", "--rtsp-port", strconv.Itoa(port)}
		if m.rtx {
			args = append(args, "--rtx")
		}
		p := testbin.Start(t, env, "ip", args...)
		p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
		packets, requests, lost, frames := rtxRead(t, ns, fmt.Sprintf("rtsp://127.0.0.1:%d/%s", port, m.mount), 8, true)
		t.Logf("mount /%s (rtx %v): %d retransmitted packets received, %d requested, %d lost, %d frames", m.mount, m.rtx, packets, requests, lost, frames)
		if frames == 0 {
			t.Errorf("/%s: no frames decoded", m.mount)
		}
		if m.rtx && (requests == 0 || packets == 0) {
			t.Errorf("/%s with --rtx: %d retransmissions received for %d requests under 3 %% loss", m.mount, packets, requests)
		}
		if !m.rtx && packets != 0 {
			t.Errorf("/%s without --rtx: %d retransmissions", m.mount, packets)
		}
		p.Signal(2)
		p.Wait(t, 20*time.Second)
	}
}
