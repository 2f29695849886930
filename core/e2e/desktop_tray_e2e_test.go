package e2e_test

// The desktop app with a tray host: the real `gstcast` on an Xvfb display and a private
// session bus with a test-owned StatusNotifierWatcher (the tray host). Closing the main window
// keeps the app, its engine and its streams running in the tray; a favourite starts from the
// tray with the window closed; "Show main window" brings the window back; Quit in the tray
// ends the app and its engine. `gstcast tray` (what starts at login) starts with the window
// hidden.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/app/tray/traytest"
	"github.com/gstcast/gstcast/core/internal/testbin"
)

// trayDesktop starts `gstcast args...` with the tray host's bus instead of a bus of its own.
func trayDesktop(t *testing.T, display, bus string, env []string, args ...string) *desktop {
	t.Helper()
	testbin.Need(t, "xdotool")
	d := &desktop{t: t, display: display, layout: filepath.Join(t.TempDir(), "layout.json")}
	env = append(append([]string{}, env...), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus, "LANG=C.UTF-8", "GSTCAST_GUI_MAP="+d.layout)
	d.p = testbin.Start(t, env, testbin.Gstcast(t), args...)
	return d
}

// mainWindowShown: whether X has the main window mapped (xdotool --onlyvisible).
func mainWindowShown(t *testing.T, display string) bool {
	out, code := testbin.Run(t, 10*time.Second, []string{"DISPLAY=" + display}, "xdotool", "search", "--onlyvisible", "--name", windowTitles["main"])
	return code == 0 && strings.TrimSpace(out) != ""
}

func TestDesktopKeepsRunningInTheTray(t *testing.T) {
	testbin.Need(t, "ffprobe", "dbus-daemon", "Xvfb")
	display := xvfb(t)
	de := newDaemonEnv(t)
	cfgDir := filepath.Join(strings.TrimPrefix(de.env[1], "XDG_CONFIG_HOME="), "gstcast")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`rtsp: {address: 127.0.0.1, port: %d}
mounts:
  - {name: a, source: "test://smpte?width=320&height=240"}
favorites:
  - {name: Desk camera, source: "test://ball?width=320&height=240", serve: desk}
`, de.port)
	if err := os.WriteFile(filepath.Join(cfgDir, "gstcast.yaml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	bus := traytest.StartBus(t)
	host := traytest.NewHost(t, bus)

	d := trayDesktop(t, display, bus, de.env)
	d.wait("main.engine", 60*time.Second, func(o placed) bool { return strings.Contains(o.Text, "gstcast's own, inside this app") })
	d.wait("row.state:a", 90*time.Second, func(o placed) bool { return o.Text == "playing" })
	item := host.WaitItem(t, 30*time.Second)
	item.WaitMenu(t, 30*time.Second, "the tray with the window shown", func(n traytest.Node) bool {
		_, hide := n.Find(tray.LabelHideMain)
		_, a := n.Find("a — playing")
		return hide && a
	})

	// Closing the window (ctrl+w, as its close button) hides it: the app, its engine and the
	// config's mount keep running, and the tray says the window is hidden.
	d.key("ctrl+w")
	item.WaitMenu(t, 30*time.Second, "the tray with the window hidden", func(n traytest.Node) bool {
		_, show := n.Find(tray.LabelShowMain)
		return show
	})
	waitUntil(t, "the main window unmapped", 10*time.Second, func() bool { return !mainWindowShown(t, display) })
	time.Sleep(2 * time.Second)
	if d.p.Cmd.ProcessState != nil {
		t.Fatalf("closing the window with a tray host quit the app:\n%s", d.p.Output())
	}
	mustPlay(t, "tcp", de.url("a"), "h264,320,240")
	if out, code := de.run(t, "ls"); code != 0 || !strings.Contains(out, "a") {
		t.Fatalf("the app's engine does not answer with the window closed: %d\n%s", code, out)
	}

	// A favourite starts from the tray with no window, and plays.
	item.ClickLabel(t, tray.StartLabel("Desk camera"))
	item.WaitMenu(t, 60*time.Second, "the favourite running", func(n traytest.Node) bool {
		_, listed := n.Find("Desk camera — playing")
		return listed
	})
	mustPlay(t, "tcp", de.url("desk"), "h264,320,240")

	// The window comes back from the tray, showing both streams.
	item.ClickLabel(t, tray.LabelShowMain)
	waitUntil(t, "the main window mapped again", 20*time.Second, func() bool { return mainWindowShown(t, display) })
	d.wait("row.state:Desk camera", 30*time.Second, func(o placed) bool { return o.Text == "playing" })

	// Quit in the tray ends the app and the engine inside it.
	item.ClickLabel(t, tray.LabelQuit)
	d.exited(t, 30*time.Second)
	if strings.Contains(d.p.Output(), "panic") {
		t.Fatalf("quit from the tray:\n%s", d.p.Output())
	}
	if out, code := de.run(t, "ls"); code == 0 {
		t.Fatalf("the app's engine still answers after Quit:\n%s", out)
	}

	// `gstcast tray`, as at login: the tray, the engine, no window.
	tr := trayDesktop(t, display, bus, de.env, "tray")
	item = host.WaitItem(t, 60*time.Second)
	item.WaitMenu(t, 60*time.Second, "gstcast tray started hidden with the mount", func(n traytest.Node) bool {
		_, show := n.Find(tray.LabelShowMain)
		_, a := n.Find("a — playing")
		return show && a
	})
	if mainWindowShown(t, display) {
		t.Fatal("gstcast tray showed the main window")
	}
	mustPlay(t, "tcp", de.url("a"), "h264,320,240")
	item.ClickLabel(t, tray.LabelQuit)
	tr.exited(t, 30*time.Second)
}
