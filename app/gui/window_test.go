//go:build !nogui

package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// testShell is the app around a fake backend, on Fyne's test driver; engine calls run in
// place (no goroutines), so the test sees their effect at once.
func testShell(t *testing.T, b *fakeBackend) *shell {
	t.Helper()
	a := test.NewTempApp(t)
	eng := &appEngine{Backend: b, views: b, Choice: appmodel.EngineChoice{Kind: control.KindUser, Address: "/run/user/1000/gstcast/api.sock", PID: 42, Config: b.cfg.Path}}
	s := newShell(context.Background(), a, eng, nil)
	s.async = func(f func()) { f() }
	s.main = newMainWindow(s)
	s.main.win.Resize(fyne.NewSize(1180, 560))
	t.Cleanup(s.cancel)
	return s
}

// The whole way of a new stream: the editor opens on a test pattern served on a mount, the
// user names the mount, the form checks through spec.Request.Spec, Save puts the entry into the
// daemon's config, and the main window shows the stream playing.
func TestAddStream(t *testing.T) {
	b := newFake()
	b.cfg.Text = "users:\n  - {name: alice, password: pw}\n"
	s := testShell(t, b)
	e := newEditor(s)
	e.show()
	if !strings.Contains(e.encNote.Text, "vah264enc (hardware) is not usable: no VA-API device here") || e.enc.Selected != "Automatic (x264enc, software)" {
		t.Fatalf("encoders: %q %q", e.encNote.Text, e.enc.Selected)
	}
	if e.cameraNote.Text != "No camera found." || e.form.Source != appmodel.SourcePattern {
		t.Fatalf("cameras: %q %v", e.cameraNote.Text, e.form.Source)
	}
	if e.save.Disabled() == false {
		t.Fatal("Save enabled without a mount")
	}
	test.Type(e.mount, "bars")
	e.width.SetText("640")
	e.height.SetText("360")
	if e.problem.Text != "" || e.save.Disabled() {
		t.Fatalf("a good form is refused: %q", e.problem.Text)
	}
	e.win.Resize(fyne.NewSize(760, 900))
	test.AssertRendersToMarkup(t, "editor_add.xml", e.win.Canvas())

	test.Tap(e.copyLaunch)
	if got := s.app.Clipboard().Content(); got != b.plan.Launch || !strings.Contains(e.result.Text, "Copied") {
		t.Fatalf("gst-launch line: %q %q", got, e.result.Text)
	}
	test.Tap(e.copyURL)
	if got := s.app.Clipboard().Content(); !strings.HasSuffix(got, ":8554/bars") {
		t.Fatalf("RTSP URL %q", got)
	}

	test.Tap(e.save)
	if len(b.puts) != 1 || !strings.Contains(b.puts[0], "name: bars") || !strings.Contains(b.puts[0], "test://smpte?fps=30&height=360&width=640") {
		t.Fatalf("config put: %q", b.puts)
	}
	// The engine's events reach the window: the stream plays.
	st := b.streams["bars"]
	st.URL, st.Encoder = "rtsp://127.0.0.1:8554/bars", "x264enc"
	s.main.apply(engine.Event{Type: engine.EventSnapshot, Snapshot: []engine.Status{st}})
	row := s.main.streamRows["bars"]
	if row == nil || row.state.Text != "playing" || row.toggle.Text != "Stop" || row.view.Disabled() {
		t.Fatalf("row: %+v", row)
	}
	test.AssertRendersToMarkup(t, "main_started.xml", s.main.win.Canvas())

	test.Tap(row.toggle)
	if len(b.stopped) != 1 || b.stopped[0] != "bars" {
		t.Fatalf("stop: %q", b.stopped)
	}
}

// Bad input is caught in the form, with the reason, before anything starts.
func TestEditorShowsInvalidInput(t *testing.T) {
	b := newFake()
	s := testShell(t, b)
	e := newEditor(s)
	e.show()
	test.Type(e.mount, "my cam")
	if !strings.HasPrefix(e.problem.Text, "Mount: ") || !strings.Contains(e.problem.Text, "may hold only") || !e.save.Disabled() {
		t.Fatalf("bad mount: %q, save disabled %v", e.problem.Text, e.save.Disabled())
	}
	e.mount.SetText("cam")
	e.width.SetText("wide")
	if !strings.HasPrefix(e.problem.Text, "Width: ") {
		t.Fatalf("bad width: %q", e.problem.Text)
	}
	e.win.Resize(fyne.NewSize(760, 900))
	test.AssertRendersToMarkup(t, "editor_invalid.xml", e.win.Canvas())
	test.Tap(e.save)
	if len(b.puts) != 0 {
		t.Fatal("an invalid stream was saved")
	}
	// Another source and output: an RTSP camera with credentials, sent as RTP.
	e.width.SetText("1280")
	test.Tap(e.sourcePick.buttons[string(appmodel.SourceRTSP)])
	test.Tap(e.outputPick.buttons[string(appmodel.OutputRTP)])
	e.name.SetText("door")
	e.url.SetText("rtsp://192.168.1.64/live")
	e.user.SetText("admin")
	e.password.SetText("pw")
	e.port.SetText("5004")
	if e.problem.Text != "" || e.spec.Source.Password != "pw" || e.spec.Output.Port != 5004 || e.saveSDP.Disabled() || !e.copyURL.Disabled() {
		t.Fatalf("rtsp to rtp: %q %+v", e.problem.Text, e.spec)
	}
	// A stream that fails to start is taken out of the config again, and the form says why.
	b.fail["door"] = "rtsp server on 0.0.0.0:8554: in use: port in use"
	test.Tap(e.save)
	if !strings.Contains(e.problem.Text, "RTSP port 8554 is taken") || strings.Contains(b.cfg.Text, "door") {
		t.Fatalf("failed start: %q\n%s", e.problem.Text, b.cfg.Text)
	}
}

// An error is shown on the stream it belongs to, in plain words, with GStreamer's side one
// click away.
func TestMainShowsErrors(t *testing.T) {
	b := newFake()
	s := testShell(t, b)
	cam, err := spec.Request{Name: "cam", Source: "v4l2:///dev/video0", Serve: "cam"}.Spec(spec.RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	failed := engine.Status{Name: "cam", Kind: engine.KindStream, Origin: "config", Stream: &cam, State: engine.StateFailed,
		LastErr: &engine.Error{Message: "/GstPipeline:cam/GstV4l2Src:src: Could not open device '/dev/video0' for reading and writing.: pipeline error",
			Element: "/GstPipeline:cam/GstV4l2Src:src", Debug: "v4l2_calls.c(637): gst_v4l2_open (): system error: Device or resource busy", Reason: "PIPELINE"}}
	s.main.apply(engine.Event{Type: engine.EventSnapshot, Snapshot: []engine.Status{failed}})
	row := s.main.streamRows["cam"]
	if row.errText.Text != "camera /dev/video0 is in use by another program" || !row.errLine.Visible() || row.toggle.Text != "Start" {
		t.Fatalf("error row: %q visible %v %q", row.errText.Text, row.errLine.Visible(), row.toggle.Text)
	}
	test.AssertRendersToMarkup(t, "main_error.xml", s.main.win.Canvas())
	test.Tap(row.details)
	if !strings.Contains(test.RenderToMarkup(s.main.win.Canvas()), "Device or resource busy") {
		t.Fatal("the details do not show GStreamer's debug text")
	}
}

// Settings are written into the config through PutConfig; a bad value is refused in the form.
func TestSettingsSaved(t *testing.T) {
	b := newFake()
	b.cfg.Text = "mounts:\n  - {name: test, source: \"test://smpte\"}\n"
	s := testShell(t, b)
	w := newSettingsWindow(s)
	w.show()
	w.port.SetText("99999")
	test.Tap(w.save)
	if !strings.Contains(w.problem.Text, "Port") || len(b.puts) != 0 {
		t.Fatalf("bad port: %q", w.problem.Text)
	}
	w.port.SetText("8600")
	w.addUser(configUser("alice", "pw"))
	w.level.SetSelected("debug")
	test.Tap(w.save)
	if len(b.puts) != 1 || !strings.Contains(b.puts[0], "port: 8600") || !strings.Contains(b.puts[0], "alice") || !strings.Contains(b.puts[0], "level: debug") {
		t.Fatalf("settings put: %q %q", b.puts, w.problem.Text)
	}
}

// Open stream… remembers URLs without passwords and asks for one again.
func TestOpenRemembersWithoutPasswords(t *testing.T) {
	b := newFake()
	s := testShell(t, b)
	s.app.Preferences().SetStringList(recentKey, []string{"rtsp://admin:***@cam/live"})
	d := newOpenDialog(s)
	d.show()
	d.url.SetText("rtsp://admin:***@cam/live")
	if !d.passRow.Visible() || d.passUser.Text != "Password for admin" {
		t.Fatal("no password asked for")
	}
	d.url.SetText("nope://x")
	d.open()
	if !strings.Contains(d.problem.Text, "scheme") {
		t.Fatalf("bad URL: %q", d.problem.Text)
	}
	for _, u := range s.app.Preferences().StringList(recentKey) {
		if strings.Contains(u, "secret") {
			t.Fatal("a password was remembered")
		}
	}
	if got := appmodel.Remember(nil, "rtsp://admin:secret@cam/live"); got[0] != "rtsp://admin:***@cam/live" {
		t.Fatal(got)
	}
}

// Before the engine is open the window is there already, says so, and offers nothing to click.
func TestMainWhileStarting(t *testing.T) {
	s := newShell(context.Background(), test.NewTempApp(t), nil, nil)
	t.Cleanup(s.cancel)
	m := newMainWindow(s)
	if !strings.HasPrefix(m.engineLine.Text, "Engine: starting") || !m.addButton.Disabled() || !m.settingsButton.Disabled() {
		t.Fatalf("starting: %q add disabled %v", m.engineLine.Text, m.addButton.Disabled())
	}
	s.main = m
	s.async = func(f func()) { f() }
	s.setEngine(&appEngine{Backend: newFake(), Choice: appmodel.EngineChoice{Kind: control.KindOwn, Config: "/c.yaml"}})
	if !strings.Contains(m.engineLine.Text, "inside this app") || m.addButton.Disabled() || s.tray {
		t.Fatalf("ready: %q add disabled %v tray %v", m.engineLine.Text, m.addButton.Disabled(), s.tray)
	}
}
