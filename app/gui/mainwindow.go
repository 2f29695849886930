//go:build !nogui

package gui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// mainWindow lists what the engine runs: streams (source, outputs, state, fps, bitrate, RTSP
// readers, encoder), open views and plugins, with start/stop per stream and each error on the
// stream it belongs to. It keeps a name → Status map from Backend.Watch (a snapshot first,
// then every event carries the whole status), so it never polls.
type mainWindow struct {
	s   *shell
	win fyne.Window

	engineLine *widget.Label
	configLine *widget.Label
	note       *widget.Label
	noteBox    fyne.CanvasObject
	summary    *widget.Label

	streams    *appmodel.Streams
	streamBox  *fyne.Container
	streamRows map[string]*rowView
	viewBox    *fyne.Container
	viewRows   map[string]*rowView
	pluginBox  *fyne.Container
	empty      *widget.Label

	addButton, openButton, settingsButton, logsButton *widget.Button
}

// Weights of the stream table's columns.
var streamColumns = []float32{1.1, 2, 2.2, 1.4, 0.6, 1, 0.7, 1.5, 2.4}

func newMainWindow(s *shell) *mainWindow {
	m := &mainWindow{s: s, win: s.app.NewWindow("gstcast"), streams: appmodel.NewStreams(),
		streamRows: map[string]*rowView{}, viewRows: map[string]*rowView{}}
	m.win.SetContent(m.build())
	m.win.Resize(fyne.NewSize(1180, 620))
	s.marks.window("main", m.win)
	m.showEngine()
	return m
}

func (m *mainWindow) build() fyne.CanvasObject {
	m.engineLine = widget.NewLabel("")
	m.engineLine.TextStyle.Bold = true
	m.engineLine.Wrapping = fyne.TextWrapWord
	m.configLine = widget.NewLabel("")
	m.note = widget.NewLabel("")
	m.note.Wrapping = fyne.TextWrapWord
	m.note.Importance = widget.WarningImportance
	m.noteBox = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, m.note)
	m.summary = widget.NewLabel("")

	m.addButton = widget.NewButtonWithIcon("Add stream…", theme.ContentAddIcon(), m.addStream)
	m.addButton.Importance = widget.HighImportance
	m.openButton = widget.NewButtonWithIcon("Open stream…", theme.MediaPlayIcon(), m.openStream)
	m.settingsButton = widget.NewButtonWithIcon("Settings…", theme.SettingsIcon(), m.settings)
	m.logsButton = widget.NewButtonWithIcon("Log", theme.ListIcon(), m.logs)
	m.s.marks.add("main", "main.add", m.addButton)
	m.s.marks.add("main", "main.open", m.openButton)
	m.s.marks.add("main", "main.settings", m.settingsButton)
	m.s.marks.add("main", "main.logs", m.logsButton)
	m.s.marks.add("main", "main.engine", m.engineLine)
	m.s.marks.add("main", "main.summary", m.summary)
	m.s.marks.add("main", "main.note", m.note)
	toolbar := container.NewHBox(m.addButton, m.openButton, m.settingsButton, m.logsButton)

	head := container.New(&columns{streamColumns}, header("Name"), header("Source"), header("Output"), header("State"),
		header("FPS"), header("Bitrate"), header("Readers"), header("Encoder"), header(""))
	m.empty = widget.NewLabel("No streams yet: Add stream… creates one (a camera, a test pattern, a file or a network source).")
	m.empty.Wrapping = fyne.TextWrapWord
	m.streamBox = container.NewVBox()
	streamsTab := container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewVBox(m.empty, m.streamBox)))
	m.viewBox = container.NewVBox()
	viewHead := container.New(&columns{viewColumns}, header("Name"), header("Source"), header("State"), header("FPS"),
		header("Decoder"), header(""))
	viewsTab := container.NewBorder(container.NewVBox(viewHead, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(m.viewBox))
	m.pluginBox = container.NewVBox()
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), m.loadPlugins)
	pluginsTab := container.NewBorder(nil, container.NewHBox(refresh), nil, nil, container.NewVScroll(m.pluginBox))
	tabs := container.NewAppTabs(
		container.NewTabItem("Streams", streamsTab),
		container.NewTabItem("Views", viewsTab),
		container.NewTabItem("Plugins", pluginsTab),
	)
	top := container.NewVBox(m.engineLine, m.configLine, m.noteBox, toolbar)
	return container.NewBorder(top, m.summary, nil, nil, tabs)
}

func header(t string) *widget.Label {
	l := cell(t)
	l.TextStyle.Bold = true
	return l
}

// showEngine says which engine the window drives, and what the user must hear.
func (m *mainWindow) showEngine() {
	if m.s.eng == nil {
		setText(m.engineLine, appmodel.EngineChoice{Starting: true}.Text())
		setText(m.configLine, "")
		showIf(m.noteBox, false)
		for _, b := range []*widget.Button{m.addButton, m.openButton, m.settingsButton, m.logsButton} {
			setButton(b, b.Text, false)
		}
		setText(m.summary, m.streams.Summary())
		return
	}
	c := m.s.eng.Choice
	setText(m.engineLine, c.Text())
	setText(m.configLine, c.ConfigText())
	setText(m.note, c.NoteText())
	showIf(m.noteBox, c.NoteText() != "")
	enabled := m.s.eng.Backend != nil
	for _, b := range []*widget.Button{m.addButton, m.openButton, m.settingsButton, m.logsButton} {
		setButton(b, b.Text, enabled)
	}
	if !enabled {
		showIf(m.noteBox, true)
		setText(m.note, appmodel.EngineChoice{Notes: append(c.Notes, "Nothing can run without an engine: "+c.Err)}.NoteText())
	}
	setText(m.summary, m.streams.Summary())
}

// start follows the engine's events (and, for the system service, the app's own view engine).
func (m *mainWindow) start() {
	if m.s.eng == nil || m.s.eng.Backend == nil {
		return
	}
	go m.follow()
	m.loadPlugins()
}

// follow keeps the window up to date; if the engine goes away it says so and subscribes
// again until it is back (a restarted daemon sends a fresh snapshot).
func (m *mainWindow) follow() {
	b := m.s.eng.Backend
	for m.s.ctx.Err() == nil {
		events, err := b.Watch(m.s.ctx)
		if err == nil {
			fyne.Do(func() { m.lost("") })
			for ev := range events {
				fyne.Do(func() { m.apply(ev) })
			}
		}
		if m.s.ctx.Err() != nil {
			return
		}
		msg := "lost the connection to the engine; trying again"
		if err != nil {
			msg = "cannot reach the engine (" + err.Error() + "); trying again"
		}
		fyne.Do(func() { m.lost(msg) })
		select {
		case <-m.s.ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
	}
}

func (m *mainWindow) lost(msg string) {
	c := m.s.eng.Choice
	t := c.Text()
	if msg != "" {
		t += " — " + msg
	}
	setText(m.engineLine, t)
}

// apply takes one engine event (UI thread).
func (m *mainWindow) apply(ev engine.Event) {
	if changed := m.streams.Apply(ev); changed || ev.Type == engine.EventSnapshot {
		m.rebuild()
		m.loadConfig()
	} else if ev.Status != nil {
		if r, ok := m.streamRows[ev.Status.Name]; ok {
			r.update(appmodel.RowOf(*ev.Status))
		} else if r, ok := m.viewRows[ev.Status.Name]; ok {
			r.update(appmodel.RowOf(*ev.Status))
		}
	}
	setText(m.summary, m.streams.Summary())
}

// loadConfig reads the config's entries, so that those the engine does not run (their first
// start failed for good) get a row too, with why where the app knows it.
func (m *mainWindow) loadConfig() {
	b := m.s.eng.Backend
	failed := m.s.eng.startupFailed
	m.s.async(func() {
		ctx, cancel := context.WithTimeout(m.s.ctx, 20*time.Second)
		defer cancel()
		cfg, err := b.Config(ctx)
		if err != nil || cfg.Path == "" {
			return
		}
		f, err := config.Parse([]byte(cfg.Text))
		if err != nil {
			return
		}
		es, err := f.Entries(filepath.Dir(cfg.Path))
		if err != nil {
			return
		}
		fyne.Do(func() {
			if m.streams.SetConfig(es, failed) {
				m.rebuild()
				setText(m.summary, m.streams.Summary())
			}
		})
	})
}

// rebuild lays the rows out again after names came or went.
func (m *mainWindow) rebuild() {
	m.s.marks.drop("row.")
	m.streamRows = map[string]*rowView{}
	var objs []fyne.CanvasObject
	for _, r := range m.streams.Rows(engine.KindStream) {
		rv := newStreamRow(m, r)
		m.streamRows[r.Name] = rv
		objs = append(objs, rv.box)
	}
	m.streamBox.Objects = objs
	m.streamBox.Refresh()
	showIf(m.empty, len(objs) == 0)
	m.viewRows = map[string]*rowView{}
	objs = nil
	for _, r := range m.streams.Rows(engine.KindView) {
		rv := newViewRow(m, r)
		m.viewRows[r.Name] = rv
		objs = append(objs, rv.box)
	}
	m.viewBox.Objects = objs
	m.viewBox.Refresh()
}

// rowView is one stream's or view's row: cells, buttons, and its error under it.
type rowView struct {
	box                                                    *fyne.Container
	name, source, output, state, fps, rate, readers, codec *widget.Label
	toggle, view, remove, details                          *widget.Button
	errText                                                *widget.Label
	errLine                                                fyne.CanvasObject
	row                                                    appmodel.Row
}

func newStreamRow(m *mainWindow, r appmodel.Row) *rowView {
	rv := &rowView{name: cell(""), source: cell(""), output: cell(""), state: cell(""), fps: cell(""), rate: cell(""),
		readers: cell(""), codec: cell(""), errText: widget.NewLabel("")}
	rv.name.TextStyle.Bold = true
	rv.toggle = widget.NewButton("Stop", func() { m.toggle(rv.row) })
	rv.view = widget.NewButtonWithIcon("View", theme.VisibilityIcon(), func() { m.view(rv.row) })
	rv.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { m.remove(rv.row) })
	rv.details = widget.NewButton("Details…", func() { m.details(rv.row) })
	rv.errText.Importance = widget.DangerImportance
	rv.errText.Wrapping = fyne.TextWrapWord
	rv.errLine = container.NewBorder(nil, nil, nil, rv.details, rv.errText)
	buttons := container.NewHBox(rv.toggle, rv.view, rv.remove)
	cells := container.New(&columns{streamColumns}, rv.name, rv.source, rv.output, rv.state, rv.fps, rv.rate, rv.readers, rv.codec, buttons)
	rv.box = container.NewVBox(cells, rv.errLine, widget.NewSeparator())
	for id, o := range map[string]fyne.CanvasObject{"toggle": rv.toggle, "view": rv.view, "remove": rv.remove, "details": rv.details,
		"state": rv.state, "error": rv.errText, "fps": rv.fps, "codec": rv.codec} {
		m.s.marks.add("main", "row."+id+":"+r.Name, o)
	}
	rv.update(r)
	return rv
}

// Weights of the view table's columns.
var viewColumns = []float32{1.2, 3, 1.4, 0.6, 1.6, 1}

func newViewRow(m *mainWindow, r appmodel.Row) *rowView {
	rv := &rowView{name: cell(""), source: cell(""), output: cell(""), state: cell(""), fps: cell(""), rate: cell(""),
		readers: cell(""), codec: cell(""), errText: widget.NewLabel("")}
	rv.toggle = widget.NewButton("", nil)
	rv.view = widget.NewButton("", nil)
	rv.remove = widget.NewButtonWithIcon("Close", theme.CancelIcon(), func() { m.closeView(rv.row) })
	rv.details = widget.NewButton("Details…", func() { m.details(rv.row) })
	rv.errText.Importance = widget.DangerImportance
	rv.errText.Wrapping = fyne.TextWrapWord
	rv.errLine = container.NewBorder(nil, nil, nil, rv.details, rv.errText)
	cells := container.New(&columns{viewColumns}, rv.name, rv.source, rv.state, rv.fps, rv.codec, container.NewHBox(rv.remove))
	rv.box = container.NewVBox(cells, rv.errLine, widget.NewSeparator())
	m.s.marks.add("main", "row.close:"+r.Name, rv.remove)
	rv.update(r)
	return rv
}

// update shows r in the row (UI thread).
func (rv *rowView) update(r appmodel.Row) {
	rv.row = r
	setText(rv.name, r.Name)
	setText(rv.source, r.Source)
	setText(rv.output, r.Output)
	setText(rv.state, r.State)
	setText(rv.fps, r.FPS)
	setText(rv.rate, r.Bitrate)
	setText(rv.readers, r.Readers)
	setText(rv.codec, r.Codec)
	if r.CanStop {
		setButton(rv.toggle, "Stop", true)
	} else {
		setButton(rv.toggle, "Start", r.CanStart)
	}
	setButton(rv.view, rv.view.Text, r.ViewURL != "" && r.Playing)
	setText(rv.errText, r.Error)
	showIf(rv.errLine, r.Error != "")
}

// toggle stops a running stream or starts a stopped one.
func (m *mainWindow) toggle(r appmodel.Row) {
	b := m.s.eng.Backend
	m.s.async(func() {
		ctx, cancel := context.WithTimeout(m.s.ctx, 30*time.Second)
		defer cancel()
		var err error
		switch {
		case r.NotRunning:
			err = retryConfig(ctx, b, r.Name)
		case r.CanStop:
			err = b.Stop(ctx, r.Name)
		default:
			_, err = b.Start(ctx, r.Name)
		}
		if err != nil {
			fyne.Do(func() { dialog.ShowError(fmt.Errorf("%s: %w", r.Name, err), m.win) })
		}
	})
}

// view opens a served stream in a viewer window, as any RTSP reader would see it.
func (m *mainWindow) view(r appmodel.Row) {
	if r.ViewURL == "" {
		return
	}
	m.s.openURL(r.ViewURL)
}

// remove takes a stream away: out of the config file when it came from there (so that it does
// not come back), else out of the engine.
func (m *mainWindow) remove(r appmodel.Row) {
	b := m.s.eng.Backend
	dialog.ShowConfirm("Remove "+r.Name+"?", "The stream stops, and it is taken out of the config file so it does not start again.", func(ok bool) {
		if !ok {
			return
		}
		m.s.async(func() {
			ctx, cancel := context.WithTimeout(m.s.ctx, 30*time.Second)
			defer cancel()
			err := removeStream(ctx, b, r)
			if err != nil {
				fyne.Do(func() { dialog.ShowError(fmt.Errorf("remove %s: %w", r.Name, err), m.win) })
			}
		})
	}, m.win)
}

func (m *mainWindow) closeView(r appmodel.Row) {
	m.s.mu.Lock()
	ov := m.s.viewers[r.Name]
	m.s.mu.Unlock()
	if ov != nil && ov.v != nil {
		ov.v.Close()
		return
	}
	m.s.async(func() {
		ctx, cancel := context.WithTimeout(m.s.ctx, 15*time.Second)
		defer cancel()
		if err := m.s.eng.Backend.Remove(ctx, r.Name); err != nil {
			fyne.Do(func() { dialog.ShowError(err, m.win) })
		}
	})
}

// details shows GStreamer's side of a stream's error: message, element path, debug text.
func (m *mainWindow) details(r appmodel.Row) {
	text := widget.NewMultiLineEntry()
	text.SetText(r.Detail)
	text.Wrapping = fyne.TextWrapWord
	text.TextStyle.Monospace = true
	d := dialog.NewCustom("What GStreamer said about "+r.Name, "Close", container.NewGridWrap(fyne.NewSize(640, 260), text), m.win)
	d.Show()
}

// loadPlugins fills the Plugins tab.
func (m *mainWindow) loadPlugins() {
	b := m.s.eng.Backend
	if b == nil {
		return
	}
	m.s.async(func() {
		ctx, cancel := context.WithTimeout(m.s.ctx, 20*time.Second)
		defer cancel()
		ps, err := b.Plugins(ctx)
		fyne.Do(func() {
			var objs []fyne.CanvasObject
			if err != nil {
				objs = append(objs, widget.NewLabel("Cannot list plugins: "+err.Error()))
			}
			for _, p := range appmodel.PluginRows(ps) {
				objs = append(objs, container.New(&columns{[]float32{1.2, 0.8, 1.2, 4}}, header(p.Name), cell(p.Version), cell(p.State), cell(p.Note)))
			}
			m.pluginBox.Objects = objs
			m.pluginBox.Refresh()
		})
	})
}

func (m *mainWindow) addStream()  { newEditor(m.s).show() }
func (m *mainWindow) openStream() { newOpenDialog(m.s).show() }
func (m *mainWindow) settings()   { newSettingsWindow(m.s).show() }
func (m *mainWindow) logs()       { newLogWindow(m.s).show() }

// errUnsupported says whether an engine lacks what only a daemon with a config file has.
func errUnsupported(err error) bool { return errors.Is(err, pluginapi.ErrUnsupported) }

// notify shows a message in the window's note line.
func (m *mainWindow) notify(msg string) {
	setText(m.note, msg)
	showIf(m.noteBox, true)
}

// shortcuts: Ctrl+N adds a stream, Ctrl+O opens one, Ctrl+W closes the window (as its close
// button does), Ctrl+Q quits.
func (m *mainWindow) shortcuts() {
	c := m.win.Canvas()
	add := func(k fyne.KeyName, f func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { f() })
	}
	add(fyne.KeyN, func() {
		if m.s.eng != nil && m.s.eng.Backend != nil {
			m.addStream()
		}
	})
	add(fyne.KeyO, func() {
		if m.s.eng != nil && m.s.eng.Backend != nil {
			m.openStream()
		}
	})
	add(fyne.KeyW, m.s.closeMain)
	add(fyne.KeyQ, m.s.quit)
}
