//go:build !nogui

package gui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/config"
)

// settingsWindow edits the daemon's config: the RTSP server's address and port, its users and
// passwords, plugin folders, default encoder settings and the log level. Saving goes through
// Backend.PutConfig, which checks the whole file, writes it atomically (keeping a .bak) and
// applies it.
type settingsWindow struct {
	s   *shell
	win fyne.Window

	address, port, plugins, bitrate, keyframe, encoder, profile *widget.Entry
	hardware, level                                             *widget.Select
	users                                                       *fyne.Container
	userRows                                                    []userRow
	problem, result                                             *widget.Label
	save                                                        *widget.Button
}

type userRow struct {
	name, password *widget.Entry
}

func newSettingsWindow(s *shell) *settingsWindow {
	w := &settingsWindow{s: s, win: s.app.NewWindow("gstcast — settings")}
	w.win.SetContent(w.build())
	w.win.Resize(fyne.NewSize(640, 640))
	s.marks.window("settings", w.win)
	return w
}

func (w *settingsWindow) show() {
	w.win.Show()
	w.s.async(w.load)
}

func (w *settingsWindow) build() fyne.CanvasObject {
	w.address, w.port = widget.NewEntry(), widget.NewEntry()
	w.address.SetPlaceHolder("all interfaces (0.0.0.0)")
	w.port.SetPlaceHolder("8554")
	w.plugins = widget.NewMultiLineEntry()
	w.plugins.SetPlaceHolder("one folder a line (gstcast-plugin-* are looked for there first)")
	w.plugins.SetMinRowsVisible(2)
	w.bitrate, w.keyframe, w.encoder, w.profile = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	w.bitrate.SetPlaceHolder("2048 (kbit/s)")
	w.keyframe.SetPlaceHolder("60 (frames)")
	w.encoder.SetPlaceHolder("the probe's choice")
	w.profile.SetPlaceHolder("the encoder's default")
	w.hardware = widget.NewSelect(appmodel.HardwareChoices, nil)
	w.level = widget.NewSelect(appmodel.LogLevels, nil)
	w.users = container.NewVBox()
	addUser := widget.NewButtonWithIcon("Add user", theme.ContentAddIcon(), func() { w.addUser(config.User{}) })
	w.problem = widget.NewLabel("")
	w.problem.Importance = widget.DangerImportance
	w.problem.Wrapping = fyne.TextWrapWord
	w.result = widget.NewLabel("Loading the config…")
	w.result.Wrapping = fyne.TextWrapWord
	w.save = widget.NewButton("Save", w.saveSettings)
	w.save.Importance = widget.HighImportance
	w.save.Disable()
	for id, o := range map[string]fyne.CanvasObject{"port": w.port, "address": w.address, "save": w.save, "problem": w.problem, "result": w.result} {
		w.s.marks.add("settings", "settings."+id, o)
	}
	form := func(items ...fyne.CanvasObject) *fyne.Container {
		return container.New(layout.NewFormLayout(), items...)
	}
	lbl := widget.NewLabel
	body := container.NewVBox(
		widget.NewCard("", "RTSP server", form(lbl("Address"), w.address, lbl("Port"), w.port)),
		widget.NewCard("", "Users (for reader and publisher lists)", container.NewVBox(w.users, addUser)),
		widget.NewCard("", "Plugin folders", w.plugins),
		widget.NewCard("", "Default encoder settings", form(lbl("Bitrate"), w.bitrate, lbl("Keyframe every"), w.keyframe,
			lbl("Hardware"), w.hardware, lbl("Encoder"), w.encoder, lbl("Profile"), w.profile)),
		widget.NewCard("", "Log", form(lbl("Level"), w.level)),
	)
	logs := widget.NewButton("Show the log", func() { newLogWindow(w.s).show() })
	bottom := container.NewVBox(w.problem, w.result, container.NewHBox(logs, layout.NewSpacer(), widget.NewButton("Close", w.win.Close), w.save))
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(body))
}

func (w *settingsWindow) addUser(u config.User) {
	r := userRow{name: widget.NewEntry(), password: widget.NewPasswordEntry()}
	r.name.SetPlaceHolder("name")
	r.password.SetPlaceHolder("password")
	r.name.SetText(u.Name)
	r.password.SetText(u.Password)
	w.userRows = append(w.userRows, r)
	var row *fyne.Container
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		r.name.SetText("")
		r.password.SetText("")
		row.Hide()
	})
	row = container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(2, r.name, r.password))
	w.users.Add(row)
}

func (w *settingsWindow) load() {
	b := w.s.eng.Backend
	ctx, cancel := context.WithTimeout(w.s.ctx, 20*time.Second)
	defer cancel()
	cfg, err := b.Config(ctx)
	var st appmodel.Settings
	if err == nil {
		st, err = appmodel.SettingsOf(cfg.Text)
	}
	fyne.Do(func() {
		if err != nil {
			msg := "Cannot read the config: " + err.Error()
			if errUnsupported(err) {
				msg = "This engine has no config file (a daemon started without one), so there is nothing to set here."
			}
			setText(w.result, msg)
			return
		}
		w.fill(st)
		setText(w.result, "Saved in "+cfg.Path)
		w.save.Enable()
	})
}

func (w *settingsWindow) fill(st appmodel.Settings) {
	w.address.SetText(st.Address)
	w.port.SetText(st.Port)
	w.plugins.SetText(st.PluginFolders)
	w.bitrate.SetText(st.Bitrate)
	w.keyframe.SetText(st.Keyframe)
	w.encoder.SetText(st.Encoder)
	w.profile.SetText(st.Profile)
	w.hardware.SetSelected(st.Hardware)
	w.level.SetSelected(st.LogLevel)
	for _, u := range st.Users {
		w.addUser(u)
	}
}

func (w *settingsWindow) read() appmodel.Settings {
	st := appmodel.Settings{Address: w.address.Text, Port: w.port.Text, PluginFolders: w.plugins.Text, Bitrate: w.bitrate.Text,
		Keyframe: w.keyframe.Text, Encoder: w.encoder.Text, Profile: w.profile.Text, Hardware: w.hardware.Selected, LogLevel: w.level.Selected}
	for _, r := range w.userRows {
		st.Users = append(st.Users, config.User{Name: r.name.Text, Password: r.password.Text})
	}
	return st
}

func (w *settingsWindow) saveSettings() {
	st := w.read()
	b := w.s.eng.Backend
	setText(w.problem, "")
	w.save.Disable()
	w.s.async(func() {
		ctx, cancel := context.WithTimeout(w.s.ctx, 60*time.Second)
		defer cancel()
		msg, err := saveSettings(ctx, b, st)
		fyne.Do(func() {
			w.save.Enable()
			if err != nil {
				var fe *appmodel.FieldError
				if errors.As(err, &fe) {
					setText(w.problem, strings.ToUpper(fe.Field[:1])+fe.Field[1:]+": "+fe.Message)
				} else {
					setText(w.problem, err.Error())
				}
				return
			}
			setText(w.result, msg)
		})
	})
}
