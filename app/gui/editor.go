//go:build !nogui

package gui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/atomicfile"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/spec"
)

// editor is the "Add stream" window: a source (cameras with their real modes from
// Backend.Devices, test patterns, a file, RTSP or RTP in, or RTSP publishers), an encoder
// (from Backend.Probe: hardware first, and why the others are not usable), and an output (a
// mount of the RTSP server with its reader and publisher lists, RTP to host:port, or a
// publish URL). Every change is checked through spec.Request.Spec, the parser every client
// uses, and the reason shows before anything starts. Saving puts the stream into the daemon's
// config file, so it lasts.
type editor struct {
	s    *shell
	b    control.Backend
	win  fyne.Window
	form appmodel.Form

	server  spec.RTSPServer
	users   []string
	cameras appmodel.Cameras
	modes   []appmodel.Mode
	encs    []appmodel.EncoderChoice
	spec    spec.StreamSpec
	valid   bool
	loading bool // filling widgets from the form: no checks

	name                                 *widget.Entry
	sourcePick, outputPick               *segmented
	sections                             map[string]fyne.CanvasObject
	camera, mode, pattern, hardware, enc *widget.Select
	transport                            *widget.Select
	width, height, fps                   *widget.Entry
	stamp, loop                          *widget.Check
	file, url, user, password            *widget.Entry
	rtpPort, pt                          *widget.Entry
	mount, host, port, publishURL        *widget.Entry
	sourceURL, outputURL                 *widget.Entry // the "Other URL" kinds (udp://, rtp://…?mux=ts, srt://)
	bitrate, keyframe                    *widget.Entry
	readers, publishers                  *widget.CheckGroup
	publishersRow                        fyne.CanvasObject
	cameraNote, encNote, problem, result *widget.Label
	save, copyURL, copyLaunch, saveSDP   *widget.Button
	videoBox                             fyne.CanvasObject
}

func newEditor(s *shell) *editor {
	e := &editor{s: s, b: s.eng.Backend, win: s.app.NewWindow("gstcast — add stream"), form: appmodel.NewForm(nil)}
	e.win.SetContent(e.build())
	e.win.Resize(fyne.NewSize(760, 720))
	s.marks.window("editor", e.win)
	return e
}

func (e *editor) show() {
	e.win.Show()
	e.win.Canvas().Focus(e.name)
	e.s.async(e.load)
}

func (e *editor) build() fyne.CanvasObject {
	mk := func(id string, o fyne.CanvasObject) { e.s.marks.add("editor", "editor."+id, o) }
	e.name = widget.NewEntry()
	e.name.SetPlaceHolder("a name (the mount's name when left empty)")
	mk("name", e.name)

	var keys, labels []string
	for _, k := range appmodel.SourceKinds {
		keys, labels = append(keys, string(k.Kind)), append(labels, k.Label)
	}
	e.sourcePick = newSegmented(keys, labels, string(e.form.Source), func(k string) { e.form.Source = appmodel.SourceKind(k); e.sync() })
	for k, b := range e.sourcePick.buttons {
		mk("source."+k, b)
	}
	keys, labels = nil, nil
	for _, k := range appmodel.OutputKinds {
		keys, labels = append(keys, string(k.Kind)), append(labels, k.Label)
	}
	e.outputPick = newSegmented(keys, labels, string(e.form.Output), func(k string) { e.form.Output = appmodel.OutputKind(k); e.sync() })
	for k, b := range e.outputPick.buttons {
		mk("output."+k, b)
	}

	entry := func(id, placeholder string) *widget.Entry {
		w := widget.NewEntry()
		w.SetPlaceHolder(placeholder)
		w.OnChanged = func(string) { e.changed() }
		mk(id, w)
		return w
	}
	e.camera = widget.NewSelect(nil, func(string) { e.cameraChosen() })
	e.mode = widget.NewSelect(nil, func(string) { e.modeChosen() })
	e.cameraNote = widget.NewLabel("Looking for cameras…")
	e.pattern = widget.NewSelect(appmodel.Patterns, func(string) { e.changed() })
	e.width, e.height, e.fps = entry("width", "1280"), entry("height", "720"), entry("fps", "30")
	e.stamp = widget.NewCheck("Paint the capture time (latency readouts)", func(bool) { e.changed() })
	e.file = entry("file", "/path/to/video.mp4")
	choose := widget.NewButton("Choose…", e.chooseFile)
	e.loop = widget.NewCheck("Loop", func(bool) { e.changed() })
	e.url = entry("url", "rtsp://192.168.1.64:554/stream1")
	e.user = entry("user", "user (if the camera wants one)")
	e.password = widget.NewPasswordEntry()
	e.password.OnChanged = func(string) { e.changed() }
	mk("password", e.password)
	e.transport = widget.NewSelect([]string{"auto", "tcp", "udp"}, func(string) { e.changed() })
	e.rtpPort, e.pt = entry("rtpport", "5000"), entry("pt", "96")

	e.mount = entry("mount", "cam")
	e.readers = widget.NewCheckGroup(nil, func([]string) { e.changed() })
	e.readers.Horizontal = true
	e.publishers = widget.NewCheckGroup(nil, func([]string) { e.changed() })
	e.publishers.Horizontal = true
	e.host, e.port = entry("host", "192.168.1.20"), entry("port", "5000")
	e.publishURL = entry("publishurl", "rtsp://user:pass@server:8554/path")
	e.sourceURL = entry("sourceurl", "udp://@:1234, rtp://@:5000?mux=ts or srt://host:9000")
	e.outputURL = entry("outputurl", "udp://192.168.1.20:1234, rtp://192.168.1.20:5000?mux=ts or srt://host:9000")

	e.hardware = widget.NewSelect(appmodel.HardwareChoices, func(string) {
		if !e.loading {
			e.changed()
			e.s.async(e.probe)
		}
	})
	e.enc = widget.NewSelect([]string{"Automatic"}, func(string) { e.changed() })
	e.encNote = widget.NewLabel("Testing the encoders…")
	e.encNote.Wrapping = fyne.TextWrapWord
	e.bitrate, e.keyframe = entry("bitrate", "2048 (kbit/s)"), entry("keyframe", "60 (frames)")

	e.problem = widget.NewLabel("")
	e.problem.Importance = widget.DangerImportance
	e.problem.Wrapping = fyne.TextWrapWord
	mk("problem", e.problem)
	e.result = widget.NewLabel("")
	e.result.Wrapping = fyne.TextWrapWord
	mk("result", e.result)

	e.save = widget.NewButton("Save and start", e.saveStream)
	e.save.Importance = widget.HighImportance
	mk("save", e.save)
	cancel := widget.NewButton("Cancel", e.win.Close)
	mk("cancel", cancel)
	e.copyURL = widget.NewButton("Copy RTSP URL", e.copyRTSP)
	e.copyLaunch = widget.NewButton("Copy gst-launch-1.0 line", e.copyLaunchLine)
	e.saveSDP = widget.NewButton("Save SDP…", e.saveSDPFile)
	mk("copyurl", e.copyURL)
	mk("copylaunch", e.copyLaunch)
	mk("savesdp", e.saveSDP)

	form := func(items ...fyne.CanvasObject) *fyne.Container {
		return container.New(layout.NewFormLayout(), items...)
	}
	lbl := widget.NewLabel
	e.videoBox = form(lbl("Width"), e.width, lbl("Height"), e.height, lbl("Frame rate"), e.fps)
	e.sections = map[string]fyne.CanvasObject{
		"camera":     container.NewVBox(form(lbl("Camera"), e.camera, lbl("Format"), e.mode), e.cameraNote),
		"test":       container.NewVBox(form(lbl("Pattern"), e.pattern), e.stamp),
		"video":      e.videoBox,
		"file":       form(lbl("File"), container.NewBorder(nil, nil, nil, choose, e.file), lbl(""), e.loop),
		"rtsp":       form(lbl("URL"), e.url, lbl("User"), e.user, lbl("Password"), e.password, lbl("Transport"), e.transport),
		"rtp":        form(lbl("Listen on port"), e.rtpPort, lbl("Payload type"), e.pt),
		"publishers": widget.NewLabel("Others publish into this mount (RTSP RECORD, e.g. ffmpeg -f rtsp); choose who may below."),
		"serve":      form(lbl("Mount"), e.mount, lbl("Who may read"), e.readers),
		"outrtp":     form(lbl("Host"), e.host, lbl("Port"), e.port),
		"publish":    form(lbl("Publish URL"), e.publishURL),
		"sourceuri":  form(lbl("Source URL"), e.sourceURL),
		"outputuri":  form(lbl("Output URL"), e.outputURL),
	}
	e.publishersRow = form(lbl("Who may publish"), e.publishers)
	source := container.NewVBox(e.sections["camera"], e.sections["test"], e.sections["video"], e.sections["file"], e.sections["rtsp"],
		e.sections["rtp"], e.sections["publishers"], e.sections["sourceuri"])
	output := container.NewVBox(e.sections["serve"], e.publishersRow, e.sections["outrtp"], e.sections["publish"], e.sections["outputuri"])
	encoding := container.NewVBox(form(lbl("Hardware"), e.hardware, lbl("Encoder"), e.enc, lbl("Bitrate"), e.bitrate, lbl("Keyframe every"), e.keyframe), e.encNote)
	body := container.NewVBox(
		form(lbl("Name"), e.name),
		widget.NewCard("", "Source", container.NewVBox(e.sourcePick.box, source)),
		widget.NewCard("", "Output", container.NewVBox(e.outputPick.box, output)),
		widget.NewCard("", "Encoder", encoding),
	)
	e.name.OnChanged = func(string) { e.changed() }
	buttons := container.NewHBox(e.copyURL, e.copyLaunch, e.saveSDP, layout.NewSpacer(), cancel, e.save)
	e.fill()
	return container.NewBorder(nil, container.NewVBox(e.problem, e.result, container.NewPadded(buttons)), nil, nil, container.NewVScroll(body))
}

// fill puts the form into the widgets.
func (e *editor) fill() {
	e.loading = true
	defer func() { e.loading = false }()
	f := e.form
	e.name.SetText(f.Name)
	e.pattern.SetSelected(f.Pattern)
	e.width.SetText(f.Width)
	e.height.SetText(f.Height)
	e.fps.SetText(f.FPS)
	e.rtpPort.SetText(f.RTPPort)
	e.host.SetText(f.Host)
	e.port.SetText(f.Port)
	e.hardware.SetSelected(f.Hardware)
	e.transport.SetSelected("auto")
	e.enc.SetSelected("Automatic")
	e.sourcePick.show(string(f.Source))
	e.outputPick.show(string(f.Output))
	e.sync()
}

// read takes the widgets into the form.
func (e *editor) read() appmodel.Form {
	f := e.form
	f.Name, f.Pattern, f.Width, f.Height, f.FPS, f.Stamp = e.name.Text, e.pattern.Selected, e.width.Text, e.height.Text, e.fps.Text, e.stamp.Checked
	f.File, f.Loop = e.file.Text, e.loop.Checked
	f.URL, f.User, f.Password, f.Transport = e.url.Text, e.user.Text, e.password.Text, e.transport.Selected
	f.RTPPort, f.PayloadType = e.rtpPort.Text, e.pt.Text
	f.Mount, f.Host, f.Port, f.PublishURL = e.mount.Text, e.host.Text, e.port.Text, e.publishURL.Text
	f.SourceURL, f.OutputURL = e.sourceURL.Text, e.outputURL.Text
	f.Readers = readerNames(e.readers.Selected)
	f.Publishers = e.publishers.Selected
	f.Hardware, f.Bitrate, f.Keyframe = e.hardware.Selected, e.bitrate.Text, e.keyframe.Text
	f.Encoder = ""
	for _, c := range e.encs {
		if c.Label == e.enc.Selected {
			f.Encoder = c.Element
		}
	}
	return f
}

// anyone is how the reader list offers "*".
const anyone = "anyone"

func readerNames(sel []string) []string {
	var out []string
	for _, s := range sel {
		if s == anyone {
			return nil // anyone may read: no list
		}
		out = append(out, s)
	}
	return out
}

// sync shows the sections of the chosen source and output, then checks.
func (e *editor) sync() {
	src, out := e.form.Source, e.form.Output
	show := map[string]bool{
		"camera": src == appmodel.SourceCamera, "test": src == appmodel.SourcePattern,
		"video": src == appmodel.SourceCamera || src == appmodel.SourcePattern, "file": src == appmodel.SourceFile,
		"rtsp": src == appmodel.SourceRTSP, "rtp": src == appmodel.SourceRTP, "publishers": src == appmodel.SourcePublishers,
		"serve": out == appmodel.OutputMount, "outrtp": out == appmodel.OutputRTP, "publish": out == appmodel.OutputPublish,
		"sourceuri": src == appmodel.SourceURI, "outputuri": out == appmodel.OutputURI,
	}
	for k, o := range e.sections {
		showIf(o, show[k])
	}
	showIf(e.publishersRow, src == appmodel.SourcePublishers && out == appmodel.OutputMount)
	e.changed()
}

// changed checks the form after any edit and says what is wrong, if anything.
func (e *editor) changed() {
	if e.loading || e.problem == nil {
		return
	}
	e.form = e.read()
	_, s, err := e.form.Check(e.server)
	e.valid = err == nil
	e.spec = s
	msg := ""
	if err != nil {
		msg = fieldName(err) + err.Error()
	}
	setText(e.problem, msg)
	setButton(e.save, e.save.Text, e.valid && e.b != nil)
	setButton(e.copyLaunch, e.copyLaunch.Text, e.valid)
	setButton(e.copyURL, e.copyURL.Text, e.valid && s.Output.Kind == spec.OutputServe)
	setButton(e.saveSDP, e.saveSDP.Text, e.valid && s.Output.Kind == spec.OutputRTP)
}

// fieldName prefixes an error with the field it belongs to, as the form labels it.
func fieldName(err error) string {
	var fe *appmodel.FieldError
	if !errors.As(err, &fe) {
		return ""
	}
	names := map[string]string{"name": "Name", "mount": "Mount", "width": "Width", "height": "Height", "fps": "Frame rate",
		"pattern": "Pattern", "device": "Camera", "format": "Format", "file": "File", "url": "URL", "user": "User",
		"password": "Password", "transport": "Transport", "rtpport": "Listen on port", "payloadtype": "Payload type",
		"host": "Host", "port": "Port", "publishurl": "Publish URL", "sourceurl": "Source URL", "outputurl": "Output URL", "readers": "Who may read", "publishers": "Who may publish",
		"bitrate": "Bitrate", "keyframe": "Keyframe every", "encoder": "Encoder", "hardware": "Hardware", "output": "Output",
		"stamp": "Capture time"}
	if n, ok := names[fe.Field]; ok {
		return n + ": "
	}
	return ""
}

// load reads what the editor offers: the daemon's server (users for the lists), the cameras,
// and the encoders' test results. Each part fills in as it arrives.
func (e *editor) load() {
	if e.b == nil {
		return
	}
	ctx, cancel := context.WithTimeout(e.s.ctx, 30*time.Second)
	defer cancel()
	if cfg, err := e.b.Config(ctx); err == nil {
		if srv, _, err := appmodel.ServerOf(cfg.Text); err == nil {
			fyne.Do(func() { e.setServer(srv) })
		}
	}
	e.s.async(e.probe)
	devs, err := e.b.Devices(ctx, false)
	if err != nil {
		fyne.Do(func() { setText(e.cameraNote, "Cannot list cameras: "+err.Error()) })
		return
	}
	var cams appmodel.Cameras
	for ev := range devs {
		cams.Apply(ev)
	}
	fyne.Do(func() { e.setCameras(cams) })
}

func (e *editor) setServer(srv spec.RTSPServer) {
	e.server = srv
	e.users = nil
	for _, u := range srv.Users {
		e.users = append(e.users, u.Name)
	}
	e.readers.Options = append([]string{anyone}, e.users...)
	e.readers.SetSelected([]string{anyone})
	e.publishers.Options = e.users
	e.publishers.Refresh()
	if len(e.users) == 0 {
		e.publishers.Options = nil
	}
	e.changed()
}

func (e *editor) setCameras(c appmodel.Cameras) {
	e.cameras = c
	var labels []string
	for _, cam := range c.List() {
		labels = append(labels, cam.Label())
	}
	e.camera.Options = labels
	note := ""
	switch {
	case len(labels) == 0:
		note = "No camera found."
	default:
		note = fmt.Sprintf("%d camera(s) found.", len(labels))
	}
	if len(c.Errors) > 0 {
		note += " " + strings.Join(c.Errors, "; ")
	}
	setText(e.cameraNote, note)
	if len(labels) > 0 {
		e.camera.SetSelected(labels[0])
	}
	e.camera.Refresh()
}

func (e *editor) cameraChosen() {
	for _, cam := range e.cameras.List() {
		if cam.Label() == e.camera.Selected {
			e.form.Device = cam.ID
			e.modes = cam.Modes()
			var labels []string
			for _, m := range e.modes {
				labels = append(labels, m.Label())
			}
			e.mode.Options = labels
			if len(labels) > 0 {
				e.mode.SetSelected(labels[0])
			}
			e.mode.Refresh()
		}
	}
	e.changed()
	e.s.async(e.probe)
}

func (e *editor) modeChosen() {
	for _, m := range e.modes {
		if m.Label() == e.mode.Selected {
			f := e.read()
			f.UseMode(m)
			e.loading = true
			e.width.SetText(f.Width)
			e.height.SetText(f.Height)
			e.fps.SetText(f.FPS)
			e.loading = false
			e.form.Format = f.Format
		}
	}
	e.changed()
}

// probe asks the plugins which encoders pass a test encode under the hardware preference.
func (e *editor) probe() {
	if e.b == nil {
		return
	}
	var dev, hwText string
	done := make(chan struct{})
	fyne.Do(func() {
		if e.form.Source == appmodel.SourceCamera {
			dev = e.form.Device
		}
		hwText = e.hardware.Selected
		setText(e.encNote, "Testing the encoders…")
		close(done)
	})
	<-done
	hw, _ := spec.ParseHWPreference(hwText)
	ctx, cancel := context.WithTimeout(e.s.ctx, 60*time.Second)
	defer cancel()
	res, err := e.b.Probe(ctx, "", dev, hw)
	fyne.Do(func() {
		if err != nil {
			setText(e.encNote, "Cannot test the encoders: "+err.Error())
			return
		}
		choices, notes := appmodel.Encoders(res)
		e.encs = choices
		var labels []string
		for _, c := range choices {
			labels = append(labels, c.Label)
		}
		prev := e.enc.Selected
		e.enc.Options = labels
		e.enc.SetSelected(labels[0])
		for _, l := range labels {
			if l == prev {
				e.enc.SetSelected(l)
			}
		}
		e.enc.Refresh()
		if len(notes) == 0 {
			notes = []string{"Every encoder here passed its test."}
		}
		setText(e.encNote, strings.Join(notes, "\n"))
	})
}

func (e *editor) chooseFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		e.file.SetText(r.URI().Path())
	}, e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".mp4", ".mkv", ".mov", ".webm", ".ts", ".h264", ".avi"}))
	d.Show()
}

// copyRTSP copies the URL readers open: the mount on this machine's address.
func (e *editor) copyRTSP() {
	if !e.valid {
		return
	}
	url := e.spec.Output.ServeURL(lanAddress(), portOrDefault(e.server.Port))
	e.s.app.Clipboard().SetContent(url)
	setText(e.result, "Copied "+url)
}

// copyLaunchLine copies the gst-launch-1.0 line gstcast would run (Backend.Plan).
func (e *editor) copyLaunchLine() {
	if !e.valid || e.b == nil {
		return
	}
	s := e.spec
	setText(e.result, "Planning the pipeline…")
	e.s.async(func() {
		ctx, cancel := context.WithTimeout(e.s.ctx, 60*time.Second)
		defer cancel()
		p, err := e.b.Plan(ctx, s)
		fyne.Do(func() {
			if err != nil {
				setText(e.result, "Cannot plan it: "+err.Error())
				return
			}
			e.s.app.Clipboard().SetContent(p.Launch)
			setText(e.result, "Copied: "+p.Launch)
		})
	})
}

// saveSDPFile writes the SDP file of an RTP output (what ffplay and VLC open), atomically.
func (e *editor) saveSDPFile() {
	if !e.valid || e.spec.Output.Kind != spec.OutputRTP {
		return
	}
	text, err := sdp.ForOutput(e.spec.Output, e.spec.Name)
	if err != nil {
		setText(e.result, err.Error())
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := atomicfile.Write(path, []byte(text), 0o644); err != nil {
			setText(e.result, "Cannot save the SDP file: "+err.Error())
			return
		}
		setText(e.result, "Saved "+path)
	}, e.win)
	d.SetFileName(safeFileName(e.spec.Name) + ".sdp")
	d.Show()
}

// saveStream keeps the stream in the daemon's config and starts it.
func (e *editor) saveStream() {
	e.changed()
	if !e.valid || e.b == nil {
		return
	}
	r, s, err := e.form.Check(e.server)
	if err != nil {
		return
	}
	setButton(e.save, "Starting…", false)
	setText(e.result, "")
	e.s.async(func() {
		ctx, cancel := context.WithTimeout(e.s.ctx, 90*time.Second)
		defer cancel()
		where, err := saveStream(ctx, e.b, r, s)
		fyne.Do(func() {
			setButton(e.save, "Save and start", true)
			if err != nil {
				setText(e.problem, err.Error())
				return
			}
			if where == savedInEngine {
				e.s.main.notify(s.Name + " runs; this engine has no config file, so it lasts until the engine stops.")
			}
			e.win.Close()
		})
	})
}

// lanAddress is this machine's address as others on the network reach it, else loopback.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if ip, ok := a.(*net.IPNet); ok && ip.IP.To4() != nil && !ip.IP.IsLoopback() && !ip.IP.IsLinkLocalUnicast() {
				return ip.IP.String()
			}
		}
	}
	return "127.0.0.1"
}

func portOrDefault(p int) int {
	if p == 0 {
		return spec.DefaultRTSPPort
	}
	return p
}

func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 0x20 {
			return '-'
		}
		return r
	}, s)
	if s == "" {
		return "stream"
	}
	return s
}
