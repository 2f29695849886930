//go:build !nogui

package gui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/gstcast/gstcast/app/viewer"
	"github.com/gstcast/gstcast/app/viewmodel"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/spec"
)

var viewSeq atomic.Int64

// viewOf turns what a user gives "Open stream…" (or the tray) into a view: a URL, or the
// path of an .sdp file that describes an RTP stream.
func viewOf(arg string) (spec.ViewSpec, error) {
	arg = strings.TrimSpace(arg)
	var src spec.Source
	var err error
	if strings.HasSuffix(strings.ToLower(arg), ".sdp") && !strings.Contains(arg, "://") {
		b, rerr := os.ReadFile(arg)
		if rerr != nil {
			return spec.ViewSpec{}, rerr
		}
		if src, err = sdp.ParseRTPSource(string(b)); err != nil {
			return spec.ViewSpec{}, fmt.Errorf("%s: %w", arg, err)
		}
	} else if src, err = spec.ParseSource(arg); err != nil {
		return spec.ViewSpec{}, err
	}
	v := spec.ViewSpec{Source: src}
	return v, v.Validate()
}

// openURL opens a viewer window on a URL or .sdp file (the tray's OpenView).
func (s *shell) openURL(url string) {
	v, err := viewOf(url)
	if err != nil {
		dialog.ShowError(err, s.main.win)
		return
	}
	s.openView(v)
}

// openView starts a view in the viewing user's own engine and shows it in a viewer window;
// closing the window removes the view. Call it on the UI thread.
func (s *shell) openView(v spec.ViewSpec) {
	name := fmt.Sprintf("gui-%d-%d", os.Getpid(), viewSeq.Add(1))
	ctx, cancel := context.WithCancel(s.ctx)
	title := v.Source.URI
	go func() {
		b, err := s.eng.viewBackend(ctx)
		if err == nil {
			// OriginCLI: a daemon removes the view by itself if this app dies without a word
			// (it is held by the event stream below, as `gstcast view` holds its view).
			_, err = b.Add(ctx, engine.Work{Name: name, Origin: control.OriginCLI, View: &v})
		}
		if err != nil {
			cancel()
			fyne.Do(func() { dialog.ShowError(fmt.Errorf("open %s: %w", spec.RedactURI(title), err), s.main.win) })
			return
		}
		var events <-chan engine.Event
		if c, ok := b.(*control.Client); ok {
			events, err = c.WatchHolding(ctx, name)
		} else {
			events, err = b.Watch(ctx)
		}
		if err != nil {
			cancel()
			_ = b.Remove(context.Background(), name)
			fyne.Do(func() { dialog.ShowError(err, s.main.win) })
			return
		}
		feed := &ringFeed{}
		vev := make(chan viewmodel.Event, 16)
		go viewEvents(ctx, name, events, feed, vev)
		ov := &openViewer{name: name, stop: cancel, done: make(chan struct{})}
		fyne.Do(func() {
			vw, err := viewer.New(s.app, viewer.Options{URL: title, Frames: feed, Events: vev, Log: s.log, Interval: pollEvery})
			if err != nil {
				cancel()
				close(ov.done)
				dialog.ShowError(err, s.main.win)
				return
			}
			ov.v = vw
			s.mu.Lock()
			s.viewers[name] = ov
			s.mu.Unlock()
			s.marks.window("viewer", vw.Window())
			vw.Show()
			go func() {
				select {
				case <-vw.Done():
				case <-ctx.Done():
					if !s.isQuitting() {
						fyne.Do(vw.Close)
					}
					select {
					case <-vw.Done():
					case <-time.After(5 * time.Second):
					}
				}
				cancel()
				rctx, rcancel := context.WithTimeout(context.Background(), 10*time.Second)
				_ = b.Remove(rctx, name)
				rcancel()
				feed.Close()
				s.mu.Lock()
				delete(s.viewers, name)
				s.mu.Unlock()
				close(ov.done)
			}()
		})
	}()
}
