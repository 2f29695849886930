//go:build !nogui

package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/spec"
)

// recentKey is the Fyne preference that holds the last URLs opened, redacted.
const recentKey = "recent-urls"

// openDialog is "Open stream…": paste a URL or pick an .sdp file, and a viewer window opens.
// The last URLs are remembered without their passwords (see appmodel.Remember): one picked
// from the list asks for its password again.
type openDialog struct {
	s        *shell
	win      fyne.Window
	url      *widget.Entry
	password *widget.Entry
	passRow  *fyne.Container
	passUser *widget.Label
	problem  *widget.Label
	recent   *fyne.Container
}

func newOpenDialog(s *shell) *openDialog {
	d := &openDialog{s: s, win: s.app.NewWindow("gstcast — open stream")}
	d.win.SetContent(d.build())
	d.win.Resize(fyne.NewSize(640, 420))
	s.marks.window("open", d.win)
	return d
}

func (d *openDialog) show() {
	d.win.Show()
	d.win.Canvas().Focus(d.url)
}

func (d *openDialog) build() fyne.CanvasObject {
	d.url = widget.NewEntry()
	d.url.SetPlaceHolder("rtsp://user:pass@camera/stream, rtp://@:5000, file:///video.mp4, or an .sdp file")
	d.url.OnChanged = func(string) { d.changed() }
	d.url.OnSubmitted = func(string) { d.open() }
	d.password = widget.NewPasswordEntry()
	d.password.OnSubmitted = func(string) { d.open() }
	d.passUser = widget.NewLabel("Password")
	d.passRow = container.New(layout.NewFormLayout(), d.passUser, d.password)
	d.passRow.Hide()
	d.problem = widget.NewLabel("")
	d.problem.Importance = widget.DangerImportance
	d.problem.Wrapping = fyne.TextWrapWord
	sdpButton := widget.NewButton("Choose an .sdp file…", d.chooseSDP)
	open := widget.NewButton("Open", d.open)
	open.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", d.win.Close)
	for id, o := range map[string]fyne.CanvasObject{"url": d.url, "password": d.password, "open": open, "sdp": sdpButton, "problem": d.problem} {
		d.s.marks.add("open", "open."+id, o)
	}
	d.recent = container.NewVBox()
	d.fillRecent()
	return container.NewBorder(
		container.NewVBox(widget.NewLabel("Stream URL or SDP file"), d.url, d.passRow, d.problem, sdpButton,
			widget.NewSeparator(), widget.NewLabel("Opened lately (passwords are not kept)")),
		container.NewHBox(layout.NewSpacer(), cancel, open), nil, nil, container.NewVScroll(d.recent))
}

func (d *openDialog) fillRecent() {
	var objs []fyne.CanvasObject
	for i, u := range d.s.app.Preferences().StringList(recentKey) {
		u := spec.RedactURI(u)
		b := widget.NewButton(u, func() { d.url.SetText(u); d.changed() })
		b.Alignment = widget.ButtonAlignLeading
		d.s.marks.add("open", "open.recent."+itoa(i), b)
		objs = append(objs, b)
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("Nothing yet."))
	}
	d.recent.Objects = objs
	d.recent.Refresh()
}

// changed asks for a password when the URL is a remembered one that had it masked.
func (d *openDialog) changed() {
	setText(d.problem, "")
	if user, ok := appmodel.NeedsPassword(d.url.Text); ok {
		setText(d.passUser, "Password for "+user)
		d.passRow.Show()
		return
	}
	d.passRow.Hide()
}

func (d *openDialog) chooseSDP() {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		d.url.SetText(r.URI().Path())
		d.changed()
	}, d.win)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".sdp"}))
	fd.Show()
}

func (d *openDialog) open() {
	uri := d.url.Text
	if _, ok := appmodel.NeedsPassword(uri); ok {
		uri = appmodel.WithPassword(uri, d.password.Text)
	}
	v, err := viewOf(uri)
	if err != nil {
		setText(d.problem, err.Error())
		return
	}
	prefs := d.s.app.Preferences()
	prefs.SetStringList(recentKey, appmodel.Remember(prefs.StringList(recentKey), uri))
	d.s.openView(v)
	d.win.Close()
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
