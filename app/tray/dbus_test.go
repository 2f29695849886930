//go:build linux && !nogui

package tray_test

// The tray as a desktop sees it: the app (the test binary re-run as the harness, a real Fyne
// app on an Xvfb display) on a private D-Bus session bus, whose tray host and notification
// server this test owns. The menu is read back with com.canonical.dbusmenu.GetLayout and
// clicked with com.canonical.dbusmenu.Event, and the icon read from the item's IconPixmap.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/tray"
	"github.com/gstcast/gstcast/app/tray/traytest"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// updating is model_test.go's -update flag (one flag set serves both test packages).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const favConfig = `favorites:
  - {name: Desk, source: "test://smpte?width=320&height=240", serve: desk}
  - {name: Busy, source: "test://ball", serve: busy}
`

// proc is a started harness.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	err  error
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *proc) waitOutput(t *testing.T, s string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.output(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("harness did not say %q within %s:\n%s", s, timeout, p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wait waits for the harness to exit and returns its exit code.
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		t.Fatalf("harness still running after %s:\n%s", timeout, p.output())
	}
	if p.err != nil {
		var ee *exec.ExitError
		if errors.As(p.err, &ee) {
			return ee.ExitCode()
		}
		t.Fatalf("harness: %v", p.err)
	}
	return 0
}

// startHarness runs the tray harness app on display with the session bus at bus (an address, or
// one that cannot be reached) against the daemon API at sock.
func startHarness(t *testing.T, display, bus, sock string, args ...string) *proc {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	env = append(env, envHarness+"=1", "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus, "GSTCAST_API="+sock,
		"XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "LANG=C.UTF-8")
	p := &proc{done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("harness output:\n%s", p.output())
		}
	})
	return p
}

// env is the value of key in the harness's environment.
func (p *proc) env(key string) string {
	for _, kv := range p.cmd.Env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

func rgb(c interface{ RGBA() (r, g, b, a uint32) }) [3]int {
	r, g, b, _ := c.RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if got != string(want) {
		t.Errorf("%s: the menu over D-Bus differs from %s:\n--- got\n%s--- want\n%s", name, path, got, want)
	}
}

// The whole tray through D-Bus: the menu of the daemon's favourites, a click that starts one
// (a stream appears in the backend, the item is checked and says stop, the icon turns green),
// View, a favourite that fails (its item and a notification say why, the icon turns red),
// stop, hide/show, start at login, and quit.
func TestTrayOverDBus(t *testing.T) {
	bus := traytest.StartBus(t)
	host := traytest.NewHost(t, bus)
	display := traytest.Xvfb(t)
	b := traytest.Backend(t, favConfig)
	sock, _ := traytest.ServeAPI(t, b)
	h := startHarness(t, display, bus, sock)
	h.waitOutput(t, "tray: started", 60*time.Second)
	item := host.WaitItem(t, 30*time.Second)

	menu := item.WaitMenu(t, 30*time.Second, "the favourites", func(n traytest.Node) bool {
		_, ok := n.Find(tray.StartLabel("Busy"))
		_, shown := n.Find(tray.LabelHideMain)
		return ok && shown
	})
	golden(t, "dbus-idle", menu.Text())
	item.WaitIcon(t, 10*time.Second, "idle", rgb(tray.ColorIdle))

	// A favourite starts with a click.
	item.ClickLabel(t, tray.StartLabel("Desk"))
	menu = item.WaitMenu(t, 30*time.Second, "Desk runs", func(n traytest.Node) bool {
		it, ok := n.Find(tray.StopLabel("Desk"))
		_, listed := n.Find("Desk — playing")
		return ok && it.Checked && listed
	})
	golden(t, "dbus-streaming", menu.Text())
	st, err := b.Get(context.Background(), "Desk")
	if err != nil || st.State != engine.StatePlaying || st.Origin != tray.Origin || st.Stream.Output.Mount != "desk" {
		t.Fatalf("Desk in the backend: %+v %v", st, err)
	}
	item.WaitIcon(t, 10*time.Second, "streaming", rgb(tray.ColorStreaming))
	item.ClickLabel(t, "Desk — playing", tray.LabelView)
	h.waitOutput(t, "open view rtsp://127.0.0.1:8554/desk", 10*time.Second)

	// One that cannot start says why, on its item and in a notification.
	item.ClickLabel(t, tray.StartLabel("Busy"))
	menu = item.WaitMenu(t, 30*time.Second, "Busy failed", func(n traytest.Node) bool {
		_, ok := n.FindPrefix(tray.StartLabel("Busy") + " — failed: ")
		return ok
	})
	if f, _ := menu.FindPrefix(tray.StartLabel("Busy") + " — failed: "); !strings.Contains(f.Label, "address in use") {
		t.Errorf("failed favourite: %q", f.Label)
	}
	note := host.WaitNotification(t, 10*time.Second, "Busy did not start", "address in use")
	if note.Summary != "gstcast" {
		t.Errorf("notification %+v", note)
	}
	item.WaitIcon(t, 10*time.Second, "error", rgb(tray.ColorError))

	// The next click on a running favourite stops it.
	item.ClickLabel(t, tray.StopLabel("Desk"))
	item.WaitMenu(t, 30*time.Second, "Desk stopped", func(n traytest.Node) bool {
		_, ok := n.Find(tray.StartLabel("Desk"))
		return ok
	})
	if _, err := b.Get(context.Background(), "Desk"); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Errorf("Desk after stop: %v", err)
	}

	// Hide and show the main window.
	item.ClickLabel(t, tray.LabelHideMain)
	h.waitOutput(t, "main window hidden", 10*time.Second)
	item.ClickLabel(t, tray.LabelShowMain)
	h.waitOutput(t, "main window shown", 10*time.Second)

	// Start at login, on and off.
	entry := filepath.Join(h.env("XDG_CONFIG_HOME"), "autostart", "gstcast-tray.desktop")
	item.ClickLabel(t, tray.LabelLogin)
	item.WaitMenu(t, 10*time.Second, "start at login checked", func(n traytest.Node) bool {
		it, ok := n.Find(tray.LabelLogin)
		return ok && it.Checked
	})
	if _, err := os.Stat(entry); err != nil {
		t.Errorf("autostart entry: %v", err)
	}
	item.ClickLabel(t, tray.LabelLogin)
	item.WaitMenu(t, 10*time.Second, "start at login unchecked", func(n traytest.Node) bool {
		it, ok := n.Find(tray.LabelLogin)
		return ok && !it.Checked
	})
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("autostart entry after turning it off: %v", err)
	}

	item.ClickLabel(t, tray.LabelQuit)
	if code := h.wait(t, 30*time.Second); code != 0 || !strings.Contains(h.output(), "harness: done") || strings.Contains(h.output(), "panic") {
		t.Fatalf("quit from the tray: exit %d:\n%s", code, h.output())
	}
	if strings.Contains(h.output(), "Error in Fyne call thread") {
		t.Errorf("the tray touched Fyne off its main goroutine:\n%s", h.output())
	}
}

// Without a session bus: Available says so, the app does not make a tray (and nothing
// panics), and Start refuses if asked anyway. The unguarded Fyne tray does panic there
// (fyne-io/fyne#6403), which is why the guard exists.
func TestNoSessionBus(t *testing.T) {
	noBus := "unix:path=" + filepath.Join(t.TempDir(), "no-bus")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", noBus)
	if err := tray.Available(); !errors.Is(err, tray.ErrNoSessionBus) {
		t.Fatalf("Available without a bus: %v", err)
	}
	display := traytest.Xvfb(t)
	sock, _ := traytest.ServeAPI(t, traytest.Backend(t, favConfig))
	for _, args := range [][]string{{"-quit-after=2s"}, {"-quit-after=2s", "-force"}} {
		h := startHarness(t, display, noBus, sock, args...)
		code := h.wait(t, 60*time.Second)
		out := h.output()
		if code != 0 || strings.Contains(out, "panic") || strings.Contains(out, "tray: started") ||
			!strings.Contains(out, "available: no D-Bus session bus") || !strings.Contains(out, "harness: done") {
			t.Errorf("harness %q without a bus: exit %d:\n%s", args, code, out)
		}
		if args[len(args)-1] == "-force" && !strings.Contains(out, "tray: system tray: no D-Bus session bus") {
			t.Errorf("Start without a bus did not refuse:\n%s", out)
		}
	}
	h := startHarness(t, display, noBus, sock, "-quit-after=2s", "-unguarded")
	if code := h.wait(t, 60*time.Second); code == 0 || !strings.Contains(h.output(), "panic: runtime error") ||
		!strings.Contains(h.output(), "fyne.io/systray.nativeEnd") {
		t.Errorf("Fyne's own tray without a bus no longer panics on quit (fyne-io/fyne#6403 fixed?): exit %d; "+
			"Start's guard may be relaxed:\n%s", code, h.output())
	}
}

// A bus without a tray host: Available says so (ErrNoTrayHost); the tray may still be made,
// and registers as soon as a host appears.
func TestTrayHostAppearsLater(t *testing.T) {
	bus := traytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
	if err := tray.Available(); !errors.Is(err, tray.ErrNoTrayHost) {
		t.Fatalf("Available without a tray host: %v", err)
	}
	display := traytest.Xvfb(t)
	sock, _ := traytest.ServeAPI(t, traytest.Backend(t, favConfig))
	h := startHarness(t, display, bus, sock, "-hidden")
	h.waitOutput(t, "tray: started", 60*time.Second)
	if !strings.Contains(h.output(), "available: no system tray host") {
		t.Errorf("harness output:\n%s", h.output())
	}
	host := traytest.NewHost(t, bus)
	if err := tray.Available(); err != nil {
		t.Errorf("Available with a tray host: %v", err)
	}
	item := host.WaitItem(t, 30*time.Second)
	item.WaitMenu(t, 30*time.Second, "the menu", func(n traytest.Node) bool {
		_, ok := n.Find(tray.LabelShowMain) // started hidden
		_, fav := n.Find(tray.StartLabel("Desk"))
		return ok && fav
	})
	item.ClickLabel(t, tray.LabelQuit)
	if code := h.wait(t, 30*time.Second); code != 0 || strings.Contains(h.output(), "panic") {
		t.Fatalf("quit: exit %d:\n%s", code, h.output())
	}
}
