package appmodel

import (
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

func mustSpec(t *testing.T, r spec.Request) *spec.StreamSpec {
	t.Helper()
	s, err := r.Spec(spec.RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	return &s
}

// Errors read in a user's words, whatever GStreamer said.
func TestPlainError(t *testing.T) {
	cam := mustSpec(t, spec.Request{Name: "cam", Source: "v4l2:///dev/video0", Serve: "cam"})
	rtpIn := mustSpec(t, spec.Request{Name: "in", Source: "rtp://@:5000", To: "rtp://10.0.0.5:5002"})
	file := mustSpec(t, spec.Request{Name: "f", Source: "file:///tmp/x.mp4", Serve: "f"})
	rtsp := mustSpec(t, spec.Request{Name: "r", Source: "rtsp://admin:pw@192.168.1.64:554/live", Serve: "r"})
	for _, c := range []struct {
		name   string
		stream *spec.StreamSpec
		err    engine.Error
		want   string
	}{
		{"busy camera", cam, engine.Error{Message: "/GstPipeline:cam/GstV4l2Src:src: Could not open device '/dev/video0' for reading and writing.: pipeline error", Debug: "v4l2_calls.c(637): gst_v4l2_open (): system error: Device or resource busy", Reason: "PIPELINE"},
			"camera /dev/video0 is in use by another program"},
		{"udp port", rtpIn, engine.Error{Message: "listen on UDP port 5000: address already in use: port in use", Reason: "PORT_IN_USE"}, "port 5000 is taken"},
		{"rtsp port", cam, engine.Error{Message: "rtsp server on 0.0.0.0:8554: Address already in use: port in use", Reason: "PORT_IN_USE"},
			"RTSP port 8554 is taken by another program: change the port in Settings"},
		{"mount taken", cam, engine.Error{Message: "mount /cam on 0.0.0.0:8554 is served by stream other, which is still running: stop it or choose another mount: port in use", Reason: "PORT_IN_USE"},
			"mount /cam is already served by stream other: stop that one or pick another mount"},
		{"no camera", cam, engine.Error{Message: "camera /dev/video0: no such device: device not found", Reason: "DEVICE_NOT_FOUND"}, "camera /dev/video0 is not connected"},
		{"no file", file, engine.Error{Message: "file /tmp/x.mp4: file not found", Reason: "FILE_NOT_FOUND"}, "file /tmp/x.mp4 does not exist"},
		{"unauthorized", rtsp, engine.Error{Message: "Unauthorized: not authorized", Reason: "UNAUTHORIZED"}, "the server at 192.168.1.64:554 refused the user name or password"},
		{"refused", rtsp, engine.Error{Message: "/GstPipeline:r/GstRTSPSrc:src: Could not open resource for reading and writing. (Could not connect to 192.168.1.64:554: Connection refused): pipeline error", Reason: "PIPELINE"},
			"nothing answers at 192.168.1.64:554"},
		{"other", cam, engine.Error{Message: "something odd\nsecond line", Reason: "PIPELINE"}, "something odd"},
	} {
		st := engine.Status{Name: "s", Kind: engine.KindStream, Stream: c.stream, State: engine.StateFailed, LastErr: &c.err}
		if got := PlainError(st); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if d := Detail(st); !strings.Contains(d, c.err.Message) || (c.err.Debug != "" && !strings.Contains(d, c.err.Debug)) {
			t.Errorf("%s: detail lacks the GStreamer text: %q", c.name, d)
		}
	}
	if PlainError(engine.Status{}) != "" || Detail(engine.Status{}) != "" {
		t.Error("no error, yet words")
	}
}

func TestRowsAndStreams(t *testing.T) {
	s := NewStreams()
	cam := mustSpec(t, spec.Request{Name: "cam", Source: "test://smpte?width=640&height=360", Serve: "cam"})
	playing := engine.Status{Name: "cam", Kind: engine.KindStream, Origin: OriginConfig, Stream: cam, State: engine.StatePlaying,
		URL: "rtsp://127.0.0.1:8554/cam", Encoder: "x264enc", Encoders: []pluginapi.ElementStatus{{Element: "vah264enc", Hardware: true}, {Element: "x264enc", Usable: true, Chosen: true}},
		Stats: &pluginapi.Stats{FPS: 29.96, BitrateBps: 2048000, Readers: 3}}
	if !s.Apply(engine.Event{Type: engine.EventSnapshot, Snapshot: []engine.Status{playing}}) {
		t.Fatal("the first snapshot changed nothing")
	}
	rows := s.Rows(engine.KindStream)
	if len(rows) != 1 {
		t.Fatalf("rows: %+v", rows)
	}
	r := rows[0]
	if r.Source != "test pattern smpte 640x360@30" || r.Output != "rtsp://127.0.0.1:8554/cam" || r.State != "playing" || r.FPS != "30.0" ||
		r.Bitrate != "2048 kbit/s" || r.Readers != "3" || r.Codec != "x264enc (software)" || !r.CanStop || r.CanStart || r.ViewURL != playing.URL || !r.FromConfig {
		t.Fatalf("row: %+v", r)
	}
	retrying := playing
	retrying.State, retrying.Attempt, retrying.RetryIn, retrying.Stats = engine.StateRetrying, 3, 4*time.Second, nil
	retrying.LastErr = &engine.Error{Message: "rtsp server on 0.0.0.0:8554: in use", Reason: "PORT_IN_USE"}
	if s.Apply(engine.Event{Type: engine.EventError, Name: "cam", Status: &retrying}) {
		t.Fatal("an update was taken for a new name")
	}
	r = s.Rows(engine.KindStream)[0]
	if r.State != "retrying in 4s (attempt 3)" || !strings.Contains(r.Error, "RTSP port 8554 is taken") || r.FPS != "–" {
		t.Fatalf("retrying row: %+v", r)
	}
	stopped := playing
	stopped.State = engine.StateStopped
	s.Apply(engine.Event{Type: engine.EventState, Name: "cam", Status: &stopped})
	if r = s.Rows(engine.KindStream)[0]; !r.CanStart || r.CanStop {
		t.Fatalf("stopped row: %+v", r)
	}
	view := engine.Status{Name: "v", Kind: engine.KindView, View: &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: "rtsp://a:pw@h/x"}}, State: engine.StatePlaying, Decoder: "nvh264dec", Hardware: true}
	if !s.Apply(engine.Event{Type: engine.EventState, Name: "v", Status: &view}) {
		t.Fatal("a new view changed nothing")
	}
	if v := s.Rows(engine.KindView); len(v) != 1 || v[0].Codec != "nvh264dec (hardware)" || v[0].Source != "rtsp://a:***@h/x" {
		t.Fatalf("views: %+v", v)
	}
	if got := s.Summary(); got != "1 stream, 0 playing · 1 view" {
		t.Fatalf("summary %q", got)
	}
	if !s.Apply(engine.Event{Type: engine.EventRemoved, Name: "v"}) || len(s.Rows(engine.KindView)) != 0 {
		t.Fatal("removed view still listed")
	}
}

var server = spec.RTSPServer{Users: []spec.User{{Name: "alice", Password: "pw"}}}

// The editor validates through spec.Request.Spec, and says which field is wrong.
func TestFormCheck(t *testing.T) {
	f := NewForm(nil)
	f.Mount = "bars"
	r, s, err := f.Check(server)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "test://smpte?fps=30&height=720&width=1280" || r.Serve != "bars" || r.Name != "bars" ||
		s.Output.Kind != spec.OutputServe || s.Source.Width != 1280 {
		t.Fatalf("request %+v spec %+v", r, s)
	}
	for _, c := range []struct {
		name  string
		edit  func(*Form)
		field string
		has   string
	}{
		{"no mount", func(f *Form) { f.Mount = "" }, "mount", "name"},
		{"bad mount", func(f *Form) { f.Mount = "a b" }, "mount", "may hold only"},
		{"width not a number", func(f *Form) { f.Width = "wide" }, "width", "number"},
		{"width too big", func(f *Form) { f.Width = "99999" }, "width", "out of range"},
		{"bad pattern", func(f *Form) { f.Pattern = "nope" }, "pattern", "nope"},
		{"unknown reader", func(f *Form) { f.Readers = []string{"bob"} }, "readers", "bob"},
		{"bad bitrate", func(f *Form) { f.Bitrate = "-5" }, "bitrate", "kbit/s is out of range"},
		{"bad rtp port", func(f *Form) { f.Name, f.Output, f.Port = "x", OutputRTP, "99999" }, "port", "out of range"},
		{"rtp port text", func(f *Form) { f.Output, f.Port = OutputRTP, "x" }, "port", "number"},
		{"rtsp without host", func(f *Form) { f.Source, f.URL = SourceRTSP, "rtsp://" }, "url", "host"},
		{"publishers elsewhere", func(f *Form) { f.Source, f.Output, f.Publishers = SourcePublishers, OutputRTP, []string{"alice"} }, "output", "mount"},
		{"publishers without users", func(f *Form) { f.Source = SourcePublishers }, "publishers", "publish"},
		{"stamp on camera", func(f *Form) { f.Source, f.Device, f.Stamp = SourceCamera, "", true }, "device", "camera"},
	} {
		g := f
		c.edit(&g)
		_, _, err := g.Check(server)
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != c.field || !strings.Contains(fe.Message, c.has) {
			t.Errorf("%s: %#v", c.name, err)
		}
	}
	// Credentials go into the URL, escaped; the spec takes them apart again.
	g := f
	g.Source, g.URL, g.User, g.Password, g.Transport = SourceRTSP, "rtsp://192.168.1.64/live", "admin", "p@ss/w:rd", "tcp"
	_, s, err = g.Check(server)
	if err != nil || s.Source.User != "admin" || s.Source.Password != "p@ss/w:rd" || s.Source.Transport != "tcp" || s.Source.URL != "rtsp://192.168.1.64/live" {
		t.Fatalf("rtsp source: %v %+v", err, s.Source)
	}
	g = f
	g.Source, g.File, g.Loop, g.Output, g.Host, g.Port = SourceFile, "/videos/my clip.mp4", true, OutputRTP, "10.0.0.5", "5004"
	g.Name = "clip"
	_, s, err = g.Check(server)
	if err != nil || s.Source.Path != "/videos/my clip.mp4" || !s.Source.Loop || s.Output.URI != "rtp://10.0.0.5:5004" {
		t.Fatalf("file to rtp: %v %+v", err, s)
	}
	g = f
	g.Source, g.Publishers, g.Readers = SourcePublishers, []string{"alice"}, []string{"*"}
	if _, s, err = g.Check(server); err != nil || s.Source.Kind != spec.SourcePublish {
		t.Fatalf("publish mount: %v %+v", err, s)
	}
	g = f
	g.Source, g.RTPPort = SourceRTP, "5600"
	if _, s, err = g.Check(server); err != nil || s.Source.Port != 5600 {
		t.Fatalf("rtp in: %v %+v", err, s)
	}
}

func TestCamerasAndEncoders(t *testing.T) {
	var c Cameras
	dev := pluginapi.Device{ID: "/dev/video0", Name: "HD Webcam", Formats: []pluginapi.VideoFormat{
		{Format: "YUY2", Width: 640, Height: 480, Framerates: []pluginapi.Fraction{{Num: 30, Den: 1}}},
		{Format: "MJPG", Width: 1280, Height: 720, Framerates: []pluginapi.Fraction{{Num: 15, Den: 1}, {Num: 30000, Den: 1001}}},
	}}
	c.Apply(engine.DeviceEvent{Type: pluginapi.DeviceSnapshot, Plugin: "linux-v4l2", Device: dev})
	if !c.Apply(engine.DeviceEvent{Type: pluginapi.DeviceSnapshotDone, Plugin: "linux-v4l2"}) || !c.Done {
		t.Fatal("snapshot not done")
	}
	cams := c.List()
	if len(cams) != 1 || cams[0].Label() != "HD Webcam (/dev/video0)" {
		t.Fatalf("cameras %+v", cams)
	}
	modes := cams[0].Modes()
	if len(modes) != 3 || modes[0].Label() != "MJPG 1280x720 @ 30000/1001 fps" || modes[2].Label() != "YUY2 640x480 @ 30 fps" {
		t.Fatalf("modes %+v", modes)
	}
	f := NewForm(cams)
	if f.Source != SourceCamera || f.Device != "/dev/video0" {
		t.Fatalf("form with a camera: %+v", f)
	}
	f.UseMode(modes[0])
	f.Mount = "cam"
	if r, _, err := f.Check(server); err != nil || r.Source != "v4l2:///dev/video0?format=MJPG&fps=30000%2F1001&height=720&width=1280" {
		t.Fatalf("camera request %q %v", r.Source, err)
	}
	c.Apply(engine.DeviceEvent{Type: pluginapi.DeviceRemoved, Plugin: "linux-v4l2", Device: dev})
	if len(c.List()) != 0 {
		t.Fatal("removed camera still listed")
	}

	choices, notes := Encoders([]engine.ProbeResult{{Plugin: "linux-v4l2", Capabilities: &pluginapi.Capabilities{Encoders: []pluginapi.ElementStatus{
		{Element: "x264enc", Usable: true}, {Element: "vah264enc", Hardware: true, Reason: "no VA-API device"}, {Element: "nvh264enc", Hardware: true, Usable: true}}}}})
	if len(choices) != 3 || choices[0].Label != "Automatic (nvh264enc, hardware)" || choices[1].Element != "nvh264enc" || choices[2].Element != "x264enc" {
		t.Fatalf("choices %+v", choices)
	}
	if len(notes) != 1 || notes[0] != "vah264enc (hardware) is not usable: no VA-API device" {
		t.Fatalf("notes %q", notes)
	}
	_, notes = Encoders([]engine.ProbeResult{{Plugin: "p", Capabilities: &pluginapi.Capabilities{}}})
	if len(notes) != 1 || !strings.Contains(notes[0], "no encoder") {
		t.Fatalf("no encoders: %q", notes)
	}
}

// What the editor saves lasts: it is a config entry the daemon's own parser accepts.
func TestConfigEntries(t *testing.T) {
	text := "rtsp: {port: 8600}\nusers:\n  - {name: alice, password: pw}\nmounts:\n  - {name: test, source: \"test://smpte\"}\n"
	f := NewForm(nil)
	f.Mount, f.Readers = "bars", []string{"alice"}
	r, _, err := f.Check(server)
	if err != nil {
		t.Fatal(err)
	}
	out, err := AddEntry(text, r)
	if err != nil {
		t.Fatal(err)
	}
	cf, es, err := config.Check([]byte(out), t.TempDir())
	if err != nil || len(es) != 2 || es[1].Name != "bars" || cf.RTSP.Port != 8600 || len(cf.Mounts) != 2 || cf.Mounts[1].Read[0] != "alice" {
		t.Fatalf("after add: %v %+v\n%s", err, es, out)
	}
	if strings.Contains(out, "to:") || strings.Contains(out, "profile") {
		t.Fatalf("empty fields written:\n%s", out)
	}
	if _, err := AddEntry(out, r); err == nil || !strings.Contains(err.Error(), "already") {
		t.Fatalf("a second bars: %v", err)
	}
	g := f
	g.Name, g.Output, g.Host, g.Port = "out", OutputRTP, "127.0.0.1", "5006"
	r2, _, err := g.Check(server)
	if err != nil {
		t.Fatal(err)
	}
	if out, err = AddEntry(out, r2); err != nil {
		t.Fatal(err)
	}
	if _, es, err = config.Check([]byte(out), t.TempDir()); err != nil || len(es) != 3 || es[2].Spec.Output.Port != 5006 {
		t.Fatalf("stream entry: %v\n%s", err, out)
	}
	out, found, err := RemoveEntry(out, "bars")
	if err != nil || !found || strings.Contains(out, "bars") {
		t.Fatalf("remove: %v %v\n%s", found, err, out)
	}
	if _, found, _ := RemoveEntry(out, "nope"); found {
		t.Fatal("removed what was not there")
	}
	if _, err := AddEntry("mounts: [", r); err == nil {
		t.Fatal("a broken config was edited")
	}
}

func TestSettings(t *testing.T) {
	text := "rtsp: {port: 8600}\nmounts:\n  - {name: test, source: \"test://smpte\"}\n"
	s, err := SettingsOf(text)
	if err != nil || s.Port != "8600" || s.Hardware != "auto" || s.LogLevel != "info" {
		t.Fatalf("read: %+v %v", s, err)
	}
	s.Address, s.Port, s.Users = "127.0.0.1", "8700", []config.User{{Name: "alice", Password: "pw"}, {}}
	s.PluginFolders, s.Bitrate, s.Keyframe, s.Hardware, s.LogLevel = "/opt/plugins\n\n", "4000", "30", "software", "debug"
	out, err := s.Apply(text)
	if err != nil {
		t.Fatal(err)
	}
	f, es, err := config.Check([]byte(out), t.TempDir())
	if err != nil || f.RTSP.Address != "127.0.0.1" || f.RTSP.Port != 8700 || len(f.Users) != 1 || f.Plugins.Folders[0] != "/opt/plugins" ||
		f.Defaults.Bitrate != 4000 || f.Log.Level != "debug" || len(es) != 1 || es[0].Spec.Encoding.BitrateKbps != 4000 || es[0].Spec.Encoding.Hardware != spec.HWSoftware {
		t.Fatalf("applied: %v %+v\n%s", err, f, out)
	}
	if back, _ := SettingsOf(out); back.Port != "8700" || back.Bitrate != "4000" || back.PluginFolders != "/opt/plugins" {
		t.Fatalf("round trip: %+v", back)
	}
	for _, c := range []struct {
		edit  func(*Settings)
		field string
	}{
		{func(s *Settings) { s.Port = "x" }, "port"},
		{func(s *Settings) { s.Port = "70000" }, "port"},
		{func(s *Settings) { s.Address = "nowhere" }, "address"},
		{func(s *Settings) { s.Users = []config.User{{Name: "bob"}} }, "users"},
		{func(s *Settings) { s.Bitrate = "lots" }, "bitrate"},
		{func(s *Settings) { s.Hardware = "gpu" }, "hardware"},
	} {
		g := s
		c.edit(&g)
		_, err := g.Apply(text)
		if fe, ok := err.(*FieldError); !ok || fe.Field != c.field {
			t.Errorf("want a %s error, got %#v", c.field, err)
		}
	}
}

// Remembered URLs never hold a password; it is asked for again.
func TestRecent(t *testing.T) {
	var list []string
	list = Remember(list, "rtsp://admin:secret@cam/live")
	list = Remember(list, "rtp://@:5000")
	list = Remember(list, "rtsp://admin:other@cam/live")
	if len(list) != 2 || list[0] != "rtsp://admin:***@cam/live" || list[1] != "rtp://@:5000" {
		t.Fatalf("list %q", list)
	}
	for i := 0; i < 20; i++ {
		list = Remember(list, "rtp://@:"+string(rune('a'+i)))
	}
	if len(list) != MaxRecent {
		t.Fatalf("%d remembered", len(list))
	}
	if user, ok := NeedsPassword("rtsp://admin:***@cam/live"); !ok || user != "admin" {
		t.Fatal("password not asked for")
	}
	if _, ok := NeedsPassword("rtsp://admin@cam/live"); ok {
		t.Fatal("asked for a password the URL never had")
	}
	if got := WithPassword("rtsp://admin:***@cam/live", "p@ss"); got != "rtsp://admin:p%40ss@cam/live" {
		t.Fatalf("with password %q", got)
	}
	src, err := spec.ParseSource(WithPassword("rtsp://admin:***@cam/live", "p@ss"))
	if err != nil || src.Password != "p@ss" {
		t.Fatalf("parsed %v %+v", err, src)
	}
}

func TestEngineAndLogs(t *testing.T) {
	for _, c := range []struct {
		e    EngineChoice
		want string
	}{
		{EngineChoice{Kind: control.KindOwn, Config: "/home/u/.config/gstcast/gstcast.yaml"}, "inside this app"},
		{EngineChoice{Kind: control.KindUser, Address: "/run/user/1/gstcast/api.sock", PID: 42}, "daemon at /run/user/1/gstcast/api.sock (pid 42)"},
		{EngineChoice{Kind: control.KindSystem, Address: "/run/gstcast/api.sock", ViewsHere: true}, "system service at /run/gstcast/api.sock (viewer windows decode in this app)"},
		{EngineChoice{Err: "no plugins found"}, "none: no plugins found"},
	} {
		if got := c.e.Text(); !strings.Contains(got, c.want) {
			t.Errorf("%q lacks %q", got, c.want)
		}
	}
	at := time.Date(2026, 12, 2, 15, 4, 5, 0, time.Local)
	got := LogText(control.LogLine{Time: at, Level: "warn", Source: "linux-v4l2", Message: "no VA-API", Attrs: map[string]string{"b": "two words", "a": "1"}})
	if got != `15:04:05 WARN  linux-v4l2  no VA-API a=1 b="two words"` {
		t.Fatalf("log line %q", got)
	}
	l := LogLines{Max: 2}
	for _, s := range []string{"a", "b", "c"} {
		l.Add(s)
	}
	if l.Text() != "b\nc" {
		t.Fatalf("kept %q", l.Text())
	}
	rows := PluginRows([]engine.PluginStatus{{Name: "linux-v4l2", Up: true, Info: &pluginapi.Info{Version: "1.0", Supported: true, GStreamerVersion: "1.22.0"}},
		{Name: "windows-mf", Info: &pluginapi.Info{Supported: false, Reason: "needs Windows"}}})
	if rows[0].State != "running" || rows[0].Note != "GStreamer 1.22.0" || rows[1].Note != "does not work here: needs Windows" {
		t.Fatalf("plugins %+v", rows)
	}
}

// A config entry whose first start failed for good is not in the engine; it still has a row,
// with why, and Start (which applies the config again).
func TestEntriesNotRunning(t *testing.T) {
	s := NewStreams()
	s.Apply(engine.Event{Type: engine.EventSnapshot})
	_, es, err := config.Check([]byte("mounts:\n  - {name: cam, source: \"v4l2:///dev/video9\"}\n  - {name: test, source: \"test://smpte\"}\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.SetConfig(es, map[string]string{"cam": "did not start: camera /dev/video9 is not connected"}) {
		t.Fatal("no new rows")
	}
	rows := s.Rows(engine.KindStream)
	if len(rows) != 2 || !rows[0].NotRunning || rows[0].Error != "did not start: camera /dev/video9 is not connected" || !rows[0].CanStart ||
		rows[0].State != "not running" || !strings.Contains(rows[1].Error, "log says why") {
		t.Fatalf("rows %+v", rows)
	}
	test := mustSpec(t, spec.Request{Name: "test", Source: "test://smpte", Serve: "test"})
	s.Apply(engine.Event{Type: engine.EventState, Name: "test", Status: &engine.Status{Name: "test", Kind: engine.KindStream, Stream: test, State: engine.StatePlaying}})
	if rows = s.Rows(engine.KindStream); len(rows) != 2 || rows[1].NotRunning || rows[1].State != "playing" {
		t.Fatalf("after it started: %+v", rows)
	}
	if got := s.Summary(); got != "2 streams, 1 playing, 1 with errors · 0 views" {
		t.Fatalf("summary %q", got)
	}
}

func TestNotRunningKeepsTheDetail(t *testing.T) {
	s := NewStreams()
	_, es, _ := config.Check([]byte("mounts:\n  - {name: cam, source: \"v4l2:///dev/video9\"}\n"), "")
	s.SetConfig(es, map[string]string{"cam": "camera /dev/video9: no such device: device not found"})
	r := s.Rows(engine.KindStream)[0]
	if r.Error != "camera /dev/video9 is not connected" || !strings.Contains(r.Detail, "no such device") {
		t.Fatalf("%+v", r)
	}
}
