package e2e_test

// The tray end to end: `gstcast serve` with a favourite in its config, the desktop app's tray
// (the tray harness app on an Xvfb display) reaching it with control.Dial, and the tray's menu
// read and clicked over D-Bus, as a desktop's tray host does. A click starts the favourite on
// the daemon, ffprobe plays its mount, and the next click takes it away.

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/app/tray/traytest"
	"github.com/gstcast/gstcast/core/internal/testbin"
)

var (
	harnessOnce sync.Once
	harnessBin  string
	harnessErr  error
)

// trayHarness builds app/tray/internal/trayharness once (beside the other test binaries).
func trayHarness(t *testing.T) string {
	t.Helper()
	dir := testbin.Dir(t)
	harnessOnce.Do(func() {
		harnessBin = filepath.Join(dir, "trayharness")
		cmd := exec.Command("go", "build", "-o", harnessBin, "./app/tray/internal/trayharness")
		cmd.Dir = testbin.Root()
		if out, err := cmd.CombinedOutput(); err != nil {
			harnessErr = fmt.Errorf("build the tray harness: %v\n%s", err, out)
		}
	})
	if harnessErr != nil {
		t.Fatal(harnessErr)
	}
	return harnessBin
}

func TestTrayStartsAFavouriteOnTheDaemon(t *testing.T) {
	testbin.Need(t, "ffprobe", "dbus-daemon", "Xvfb")
	d := newDaemonEnv(t)
	d.serve(t, writeConfig(t, fmt.Sprintf(`rtsp: {address: 127.0.0.1, port: %d}
mounts:
  - {name: a, source: "test://smpte?width=320&height=240"}
favorites:
  - {name: Desk camera, source: "test://ball?width=320&height=240", serve: desk}
`, d.port)))
	bus := traytest.StartBus(t)
	host := traytest.NewHost(t, bus)
	display := traytest.Xvfb(t)
	h := testbin.Start(t, append(d.env, "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus, "LANG=C.UTF-8"), trayHarness(t))
	h.WaitOutput(t, "tray: started", 60*time.Second)
	item := host.WaitItem(t, 30*time.Second)

	// The config's favourite, and the mount the daemon runs.
	fav, stop := tray.StartLabel("Desk camera"), tray.StopLabel("Desk camera")
	item.WaitMenu(t, 30*time.Second, "the favourite and the running mount", func(n traytest.Node) bool {
		_, f := n.Find(fav)
		_, a := n.Find("a — playing")
		return f && a
	})
	item.WaitIcon(t, 10*time.Second, "streaming", rgb(tray.ColorStreaming))

	// One click: the daemon runs it, and it plays.
	item.ClickLabel(t, fav)
	item.WaitMenu(t, 60*time.Second, "the favourite running", func(n traytest.Node) bool {
		it, ok := n.Find(stop)
		_, listed := n.Find("Desk camera — playing")
		return ok && it.Checked && listed
	})
	mustPlay(t, "tcp", d.url("desk"), "h264,320,240")
	if s, ok := d.names(t)["Desk camera"]; !ok || s["origin"] != tray.Origin || s["state"] != "playing" {
		t.Fatalf("the daemon's view of the favourite: %v", s)
	}
	item.ClickLabel(t, "Desk camera — playing", tray.LabelView)
	h.WaitOutput(t, "open view "+d.url("desk"), 10*time.Second)

	// The next click takes it away.
	item.ClickLabel(t, stop)
	item.WaitMenu(t, 30*time.Second, "the favourite stopped", func(n traytest.Node) bool {
		_, ok := n.Find(fav)
		return ok
	})
	waitUntil(t, "Desk camera gone from the daemon", 15*time.Second, func() bool { _, ok := d.names(t)["Desk camera"]; return !ok })
	if out, err := probe(t, "tcp", d.url("desk")); err == nil {
		t.Errorf("the mount still plays after stop: %s", out)
	}
	mustPlay(t, "tcp", d.url("a"), "h264,320,240") // the config's own mount is left alone

	item.ClickLabel(t, tray.LabelQuit)
	if code := h.Wait(t, 30*time.Second); code != 0 || strings.Contains(h.Output(), "panic") {
		t.Fatalf("quit from the tray: exit %d:\n%s", code, h.Output())
	}
	if _, ok := d.names(t)["a"]; !ok {
		t.Error("quitting the tray took the daemon's mount with it")
	}
}

func rgb(c interface{ RGBA() (r, g, b, a uint32) }) [3]int {
	r, g, b, _ := c.RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}
