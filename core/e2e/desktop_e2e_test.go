package e2e_test

// The desktop app end to end: `gstcast` with no arguments on an Xvfb display with a D-Bus
// session bus (and no tray host, so closing the window quits), driven as a person drives it:
// xdotool moves the pointer, clicks and types into the real window. The app writes where its
// widgets are (GSTCAST_GUI_MAP), which is how the test knows where to click; what the app
// does is checked from outside: the config file, ffprobe reading the mount, a screenshot of
// the viewer showing the SMPTE bars, `gstcast ls` of a daemon the app drove.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// placed is one widget of the app's layout map (app/gui's layoutmap.go).
type placed struct {
	Window     string
	X, Y, W, H float32
	Text       string
	Visible    bool
	Enabled    bool
}

type desktop struct {
	t       *testing.T
	display string
	layout  string
	p       *testbin.Proc
}

// windowTitles are how xdotool finds each window (ASCII patterns: titles hold dashes).
var windowTitles = map[string]string{"main": "^gstcast$", "editor": "add stream$", "open": "open stream$", "settings": "settings$"}

func startDesktop(t *testing.T, display string, env []string) *desktop {
	t.Helper()
	testbin.Need(t, "xdotool", "dbus-run-session")
	d := &desktop{t: t, display: display, layout: filepath.Join(t.TempDir(), "layout.json")}
	env = append(append([]string{}, env...), "DISPLAY="+display, "LANG=C.UTF-8", "GSTCAST_GUI_MAP="+d.layout)
	d.p = testbin.Start(t, env, "dbus-run-session", "--", testbin.Gstcast(t))
	return d
}

func (d *desktop) objects() map[string]placed {
	var f struct {
		Objects map[string]placed `json:"objects"`
	}
	b, err := os.ReadFile(d.layout)
	if err == nil {
		_ = json.Unmarshal(b, &f)
	}
	return f.Objects
}

// wait waits until widget id is shown and ok says yes.
func (d *desktop) wait(id string, timeout time.Duration, ok func(placed) bool) placed {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	var last placed
	for time.Now().Before(deadline) {
		if o, found := d.objects()[id]; found && o.Visible {
			last = o
			if ok == nil || ok(o) {
				return o
			}
		}
		if d.p.Cmd.ProcessState != nil {
			d.t.Fatalf("gstcast exited while waiting for %s:\n%s", id, d.p.Output())
		}
		time.Sleep(200 * time.Millisecond)
	}
	d.t.Fatalf("%s not as wanted within %s (last %+v):\n%s", id, timeout, last, d.p.Output())
	return placed{}
}

func (d *desktop) xdo(args ...string) string {
	d.t.Helper()
	out, code := testbin.Run(d.t, 30*time.Second, []string{"DISPLAY=" + d.display}, "xdotool", args...)
	if code != 0 {
		d.t.Fatalf("xdotool %v: %d %s", args, code, out)
	}
	return strings.TrimSpace(out)
}

func (d *desktop) windowID(name string) string {
	d.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out, code := testbin.Run(d.t, 10*time.Second, []string{"DISPLAY=" + d.display}, "xdotool", "search", "--name", windowTitles[name])
		if ids := strings.Fields(out); code == 0 && len(ids) > 0 {
			return ids[len(ids)-1]
		}
		time.Sleep(200 * time.Millisecond)
	}
	d.t.Fatalf("no %s window", name)
	return ""
}

// click clicks the middle of widget id, in its window, with the real pointer.
func (d *desktop) click(id string) {
	d.t.Helper()
	o := d.wait(id, 60*time.Second, func(o placed) bool { return o.Enabled })
	w := d.windowID(o.Window)
	x, y := int(o.X+o.W/2), int(o.Y+o.H/2)
	d.xdo("mousemove", "--window", w, strconv.Itoa(x), strconv.Itoa(y))
	d.xdo("click", "1")
	time.Sleep(300 * time.Millisecond)
}

// typeInto replaces an entry's text by typing, as a person would (click, select all, type).
func (d *desktop) typeInto(id, text string) {
	d.t.Helper()
	d.click(id)
	d.xdo("key", "ctrl+a")
	d.xdo("type", "--delay", "30", text)
	d.wait(id, 10*time.Second, func(o placed) bool { return o.Text == text })
}

// key presses keys in the main window. Without a window manager the window shown last has the
// keyboard (GLFW focuses it), so the main window is given the focus first, as a click on it
// would with a window manager.
func (d *desktop) key(keys string) {
	d.t.Helper()
	w := d.windowID("main")
	d.xdo("windowfocus", w)
	d.xdo("key", keys)
}

func (d *desktop) exited(t *testing.T, timeout time.Duration) {
	t.Helper()
	if code := d.p.Wait(t, timeout); code != 0 {
		t.Fatalf("gstcast exit %d:\n%s", code, d.p.Output())
	}
}

// gstcast with no arguments and no daemon: the app starts its own engine with the user's
// config; a stream made by clicking and typing in the editor is served, saved in the config,
// and opens in a viewer window from the main window; closing the window (no tray host) quits
// and stops the engine.
func TestDesktopCreatesAndViewsAStream(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0", "ffprobe")
	display := xvfb(t)
	de := newDaemonEnv(t)
	cfgDir := filepath.Join(strings.TrimPrefix(de.env[1], "XDG_CONFIG_HOME="), "gstcast")
	cfgPath := filepath.Join(cfgDir, "gstcast.yaml")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\n", de.port)), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startDesktop(t, display, de.env)
	d.wait("main.engine", 60*time.Second, func(o placed) bool { return strings.Contains(o.Text, "gstcast's own, inside this app") })

	d.click("main.add")
	d.wait("editor.mount", 30*time.Second, nil)
	d.click("editor.source.test")
	d.typeInto("editor.mount", "bars")
	d.typeInto("editor.width", "640")
	d.typeInto("editor.height", "360")
	d.wait("editor.problem", 10*time.Second, func(o placed) bool { return o.Text == "" })
	d.click("editor.save")

	d.wait("row.state:bars", 90*time.Second, func(o placed) bool { return o.Text == "playing" })
	if b, _ := os.ReadFile(cfgPath); !strings.Contains(string(b), "name: bars") || !strings.Contains(string(b), "width=640") {
		t.Fatalf("the stream is not in the config:\n%s", b)
	}
	mustPlay(t, "tcp", de.url("bars"), "h264,640,360")
	// The window shows its numbers: frames per second and the encoder.
	d.wait("row.fps:bars", 20*time.Second, func(o placed) bool { f, _ := strconv.ParseFloat(o.Text, 64); return f > 10 })
	d.wait("row.codec:bars", 5*time.Second, func(o placed) bool { return strings.HasPrefix(o.Text, "x264enc") })

	d.click("row.view:bars")
	waitColours(t, display, "the viewer opened from the main window", d.p)

	d.key("ctrl+w") // as the window's close button: no tray host here, so the app quits
	d.exited(t, 30*time.Second)
	if _, err := os.Stat(de.socket); err == nil {
		t.Fatal("the app's own daemon left its socket behind")
	}
	if out, code := de.run(t, "ls"); code == 0 {
		t.Fatalf("a daemon still answers after the app quit:\n%s", out)
	}
}

// Against a running daemon the app is only a client: it says which engine it drives, shows
// the daemon's streams, stops one with a click, and leaves the daemon running when it quits.
func TestDesktopDrivesARunningDaemon(t *testing.T) {
	display := xvfb(t)
	de := newDaemonEnv(t)
	de.serve(t, de.config(t, "  - {name: a, source: 'test://smpte?width=320&height=240'}\n"))
	d := startDesktop(t, display, de.env)
	d.wait("main.engine", 60*time.Second, func(o placed) bool { return strings.Contains(o.Text, "daemon at "+de.socket) })
	d.wait("row.state:a", 60*time.Second, func(o placed) bool { return o.Text == "playing" })
	d.click("row.toggle:a")
	waitUntil(t, "a stopped in the daemon", 20*time.Second, func() bool { return de.names(t)["a"]["state"] == "stopped" })
	d.wait("row.state:a", 20*time.Second, func(o placed) bool { return o.Text == "stopped" })
	d.wait("row.toggle:a", 10*time.Second, func(o placed) bool { return o.Text == "Start" })
	d.key("ctrl+q")
	d.exited(t, 30*time.Second)
	if _, ok := de.names(t)["a"]; !ok {
		t.Fatal("the daemon lost its stream when the app quit")
	}
}

// A config file that does not parse is set aside, named in the window with its line, and the
// app starts all the same.
func TestDesktopSetsABadConfigAside(t *testing.T) {
	display := xvfb(t)
	de := newDaemonEnv(t)
	cfgDir := filepath.Join(strings.TrimPrefix(de.env[1], "XDG_CONFIG_HOME="), "gstcast")
	os.MkdirAll(cfgDir, 0o700)
	cfgPath := filepath.Join(cfgDir, "gstcast.yaml")
	os.WriteFile(cfgPath, []byte("rtsp: {port: 8554}\nmounts:\n  - {name: a, sorce: 'test://smpte'}\n"), 0o600)
	d := startDesktop(t, display, de.env)
	note := d.wait("main.note", 60*time.Second, func(o placed) bool { return strings.Contains(o.Text, "set aside") })
	if !strings.Contains(note.Text, "line 3") {
		t.Fatalf("the note does not name the line: %q", note.Text)
	}
	m := regexp.MustCompile(`set aside as (\S+\.bad-\d{8}-\d{6})`).FindStringSubmatch(note.Text)
	if m == nil {
		t.Fatalf("no file named in %q", note.Text)
	}
	if b, err := os.ReadFile(m[1]); err != nil || !strings.Contains(string(b), "sorce") {
		t.Fatalf("the bad file was not kept: %v", err)
	}
	d.key("ctrl+q")
	d.exited(t, 30*time.Second)
}

// Without a display: one line that says so and points to gstcast serve; nothing hangs.
func TestDesktopWithoutDisplay(t *testing.T) {
	de := newDaemonEnv(t)
	out, code := testbin.Run(t, 30*time.Second, append(de.env, "DISPLAY=", "WAYLAND_DISPLAY="), testbin.Gstcast(t))
	lines := testbin.Lines(strings.TrimSpace(out))
	if code != 1 || len(lines) != 1 || !strings.Contains(out, "no display") || !strings.Contains(out, "gstcast serve") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
