//go:build !nogui

package gui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gstcast/gstcast/app/appmodel"
	"github.com/gstcast/gstcast/core/control"
)

// logWindow shows the daemon's log, host and plugins, live (Backend.Logs with follow): the
// last 200 lines, then each new one, redrawn at most four times a second.
type logWindow struct {
	s    *shell
	win  fyne.Window
	text *widget.Label
	box  *container.Scroll
	kept appmodel.LogLines
}

func newLogWindow(s *shell) *logWindow {
	w := &logWindow{s: s, win: s.app.NewWindow("gstcast — log"), kept: appmodel.LogLines{Max: 2000}}
	w.text = widget.NewLabel("Reading the log…")
	w.text.TextStyle.Monospace = true
	w.text.Selectable = true
	w.box = container.NewScroll(w.text)
	w.win.SetContent(w.box)
	w.win.Resize(fyne.NewSize(900, 500))
	s.marks.window("log", w.win)
	s.marks.add("log", "log.text", w.text)
	return w
}

func (w *logWindow) show() {
	ctx, cancel := context.WithCancel(w.s.ctx)
	w.win.SetOnClosed(cancel)
	w.win.Show()
	go w.follow(ctx)
}

func (w *logWindow) follow(ctx context.Context) {
	lines, err := w.s.eng.Backend.Logs(ctx, 200, true)
	if err != nil {
		msg := "Cannot read the log: " + err.Error()
		if errUnsupported(err) {
			msg = "This engine keeps no log that the app can read."
		}
		fyne.Do(func() { w.text.SetText(msg) })
		return
	}
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var pending []control.LogLine
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := pending
		pending = nil
		fyne.Do(func() {
			for _, l := range batch {
				w.kept.Add(appmodel.LogText(l))
			}
			w.text.SetText(w.kept.Text())
			w.box.ScrollToBottom()
		})
	}
	for {
		select {
		case <-ctx.Done():
			return
		case l, ok := <-lines:
			if !ok {
				flush()
				return
			}
			pending = append(pending, l)
		case <-tick.C:
			flush()
		}
	}
}
