package pluginapi

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// These tests run a real plugin process (testdata/hostwatch, which records what ServeWith does)
// under a real go-plugin host. They are Linux-only: the test becomes the orphaned plugin's
// reaper (testbin.BecomeSubreaper) to read its exit status.

func hostwatchPlugin(t *testing.T) string {
	return testbin.Build(t, "./testdata/hostwatch", "gstcast-plugin-hostwatch")
}

// recordEnv names a fresh record file for the plugin.
func recordEnv(t *testing.T) (string, string) {
	path := filepath.Join(t.TempDir(), "record")
	return "GSTCAST_TEST_RECORD=" + path, path
}

func readRecord(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

// newHostClient is a host as core/pluginhost makes it: gRPC only, AutoMTLS.
func newHostClient(path string, env ...string) *plugin.Client {
	cmd := exec.Command(path)
	cmd.Env = append(os.Environ(), env...)
	return plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: HostPlugins(),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Logger:           hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Warn}),
	})
}

func connect(t testing.TB, c *plugin.Client) Platform {
	t.Helper()
	rpc, err := c.Client()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rpc.Dispense(PluginName)
	if err != nil {
		t.Fatal(err)
	}
	pl := raw.(Platform)
	if _, err := pl.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestHelperHost is not a test: it is the host child of TestPluginExitsWhenHostDies, which runs
// the test binary again with GSTCAST_TEST_HOST_OF set. It connects to the plugin, says so, and
// waits to be killed.
func TestHelperHost(t *testing.T) {
	path := os.Getenv("GSTCAST_TEST_HOST_OF")
	if path == "" {
		return
	}
	c := newHostClient(path)
	connect(t, c)
	fmt.Printf("host ready: plugin pid=%d\n", c.ReattachConfig().Pid)
	select {}
}

// A host killed with SIGKILL never closes its plugin. The plugin notices its connection end,
// runs HostGone (which Serve waits for) and exits cleanly, within a moment.
func TestPluginExitsWhenHostDies(t *testing.T) {
	plug := hostwatchPlugin(t)
	testbin.BecomeSubreaper(t)
	env, record := recordEnv(t)
	host := testbin.Start(t, []string{env, "GSTCAST_TEST_HOST_OF=" + plug}, os.Args[0], "-test.run=^TestHelperHost$", "-test.v")
	host.WaitOutput(t, "host ready", 30*time.Second)
	var pid int
	out := host.Output()
	if _, err := fmt.Sscanf(out[strings.Index(out, "plugin pid="):], "plugin pid=%d", &pid); err != nil || pid == 0 {
		t.Fatalf("no plugin pid in %q", out)
	}
	killed := time.Now()
	host.Signal(syscall.SIGKILL)
	host.Wait(t, 5*time.Second)
	ws := testbin.WaitExit(t, pid, 5*time.Second)
	took := time.Since(killed)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("plugin ended with %v, want a clean exit", ws)
	}
	rec := readRecord(t, record)
	if !strings.Contains(rec, "host gone: the host's connection ended without the host closing the plugin\nreturned\n") {
		t.Fatalf("record:\n%s", rec)
	}
	if took > 3*time.Second {
		t.Errorf("plugin took %v to exit after its host died", took)
	}
	t.Logf("plugin exited %v after its host was killed", took.Round(time.Millisecond))
}

// A host that closes its plugin (go-plugin's Kill, which calls the controller's Shutdown and
// so ends the connection too) shuts it down gracefully: Serve returns, HostGone is not called.
func TestHostKillIsNotHostGone(t *testing.T) {
	env, record := recordEnv(t)
	c := newHostClient(hostwatchPlugin(t), env)
	connect(t, c)
	start := time.Now()
	c.Kill()
	if !c.Exited() {
		t.Fatal("plugin still runs after Kill")
	}
	// Kill force-kills a plugin that has not exited 2 s after Shutdown.
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Fatalf("Kill took %v: the plugin did not exit on Shutdown", took)
	}
	if rec := readRecord(t, record); strings.Contains(rec, "host gone") || !strings.HasSuffix(rec, "returned\n") {
		t.Fatalf("record:\n%s", rec)
	}
}

// A host that dies before connecting leaves no connection to watch: the plugin gives up after
// ConnectTimeout instead of waiting forever.
func TestPluginExitsWhenNoHostConnects(t *testing.T) {
	env, record := recordEnv(t)
	cookie := Handshake.MagicCookieKey + "=" + Handshake.MagicCookieValue
	start := time.Now()
	out, code := testbin.Run(t, 10*time.Second, []string{env, cookie, "GSTCAST_TEST_CONNECT_TIMEOUT=300ms"}, hostwatchPlugin(t))
	if code != 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("exit %d after %v:\n%s", code, time.Since(start), out)
	}
	if rec := readRecord(t, record); !strings.Contains(rec, "host gone: no host connected within 300ms\nreturned\n") {
		t.Fatalf("record:\n%s", rec)
	}
}
