package pluginkit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// A plugin process made of the kit, as the host runs it: these tests build the real linux-v4l2
// plugin (its main is one call to Serve) and drive it through go-plugin with real pipelines, to
// check that whichever way its host goes, the plugin stops what it runs and exits.

func linuxPluginBinary(t *testing.T) string {
	return testbin.Build(t, "github.com/gstcast/gstcast/plugins/linux-v4l2", "gstcast-plugin-linux-v4l2")
}

func hostClient(path string) *plugin.Client {
	return plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  pluginapi.Handshake,
		VersionedPlugins: pluginapi.HostPlugins(),
		Cmd:              exec.Command(path),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Logger:           hclog.New(&hclog.LoggerOptions{Output: os.Stderr, Level: hclog.Info}),
	})
}

// running is what a host has started in the plugin: a stream sending RTP to the test, and a
// view whose frame ring only the plugin's clean shutdown removes.
type running struct {
	pid  int
	ring string
}

// startWork connects to the plugin and starts a stream to rtpPort and a view.
func startWork(t testing.TB, c *plugin.Client, rtpPort, viewPort int) running {
	t.Helper()
	rpc, err := c.Client()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rpc.Dispense(pluginapi.PluginName)
	if err != nil {
		t.Fatal(err)
	}
	pl := raw.(pluginapi.Platform)
	ctx := context.Background()
	if _, err := pl.StartStream(ctx, &spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: rtpPort},
		Encoding: spec.Encoding{Encoder: "x264enc", BitrateKbps: 300}.WithDefaults(),
	}); err != nil {
		t.Fatal(err)
	}
	v, err := pl.StartView(ctx, &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTP, Address: "127.0.0.1", Port: viewPort,
		PayloadType: 96, Codec: "h264"}})
	if err != nil {
		t.Fatal(err)
	}
	return running{pid: c.ReattachConfig().Pid, ring: v.Ring}
}

// TestHelperHost is not a test: it is the host child of TestPluginStopsWhenHostIsKilled (run
// again with GSTCAST_TEST_HOST_OF set), which starts work in the plugin and waits to be killed.
func TestHelperHost(t *testing.T) {
	path := os.Getenv("GSTCAST_TEST_HOST_OF")
	if path == "" {
		return
	}
	var rtp, view int
	fmt.Sscanf(os.Getenv("GSTCAST_TEST_PORTS"), "%d,%d", &rtp, &view)
	r := startWork(t, hostClient(path), rtp, view)
	fmt.Printf("host ready: plugin pid=%d ring=%s\n", r.pid, r.ring)
	select {}
}

// listenRTP receives the stream's packets; packets says whether one arrived within d.
func listenRTP(t *testing.T) (int, func(d time.Duration) bool) {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	buf := make([]byte, 2048)
	return c.LocalAddr().(*net.UDPAddr).Port, func(d time.Duration) bool {
		c.SetReadDeadline(time.Now().Add(d))
		_, err := c.Read(buf)
		return err == nil
	}
}

func ringExists(t *testing.T, name string) bool {
	r, err := framering.Open(name)
	if errors.Is(err, framering.ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatalf("open ring %s: %v", name, err)
	}
	r.Close()
	return true
}

// A host killed with SIGKILL cannot stop its plugin. The plugin notices its connection end and
// stops every stream and view the way Stop does (EOS, then NULL; the ring removed, which a
// plugin that merely died would leave behind), then exits cleanly: nothing keeps sending.
func TestPluginStopsWhenHostIsKilled(t *testing.T) {
	testbin.Need(t, "gst-inspect-1.0")
	plug := linuxPluginBinary(t)
	testbin.BecomeSubreaper(t)
	rtpPort, packets := listenRTP(t)
	env := []string{"GSTCAST_TEST_HOST_OF=" + plug, fmt.Sprintf("GSTCAST_TEST_PORTS=%d,%d", rtpPort, testbin.FreeUDPPort(t))}
	host := testbin.Start(t, env, os.Args[0], "-test.run=^TestHelperHost$", "-test.v")
	host.WaitOutput(t, "host ready", 60*time.Second)
	var r running
	out := host.Output()
	if _, err := fmt.Sscanf(out[strings.Index(out, "plugin pid="):], "plugin pid=%d ring=%s", &r.pid, &r.ring); err != nil {
		t.Fatalf("no plugin pid and ring in %q", out)
	}
	if !packets(5*time.Second) || !ringExists(t, r.ring) {
		t.Fatal("the plugin's stream or view is not running")
	}
	killed := time.Now()
	host.Signal(syscall.SIGKILL)
	host.Wait(t, 5*time.Second) // from then on the orphaned plugin is this process's child
	ws := testbin.WaitExit(t, r.pid, 10*time.Second)
	took := time.Since(killed)
	if !ws.Exited() || ws.ExitStatus() != 0 {
		t.Fatalf("plugin ended with %v, want a clean exit", ws)
	}
	if ringExists(t, r.ring) {
		t.Fatal("the view's ring is still there: the plugin died without stopping its view")
	}
	for packets(300 * time.Millisecond) { // drain what was in flight
	}
	if packets(time.Second) {
		t.Fatal("RTP still arrives after the plugin exited")
	}
	if took > 5*time.Second {
		t.Errorf("plugin took %v to stop after its host was killed", took)
	}
	t.Logf("plugin stopped its stream and view and exited %v after its host was killed", took.Round(time.Millisecond))
}

// A host that closes its plugin (go-plugin's Kill) gets a graceful exit: the plugin stops its
// work and exits within Kill's two-second wait, so it is never force-killed.
func TestPluginStopsOnHostKill(t *testing.T) {
	testbin.Need(t, "gst-inspect-1.0")
	rtpPort, packets := listenRTP(t)
	c := hostClient(linuxPluginBinary(t))
	r := startWork(t, c, rtpPort, testbin.FreeUDPPort(t))
	if !packets(5*time.Second) || !ringExists(t, r.ring) {
		t.Fatal("the plugin's stream or view is not running")
	}
	start := time.Now()
	c.Kill()
	if took := time.Since(start); !c.Exited() || took > 1900*time.Millisecond {
		t.Fatalf("Kill took %v (exited %v): the plugin did not exit on the host's Shutdown", took, c.Exited())
	}
	if ringExists(t, r.ring) {
		t.Fatal("the view's ring is still there after Kill")
	}
}
