//go:build !nogui

package viewer

import (
	"context"
	"image"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/gstcast/gstcast/app/viewmodel"
)

// Viewer is one viewer window. An app may hold several; each has its own render loop, started
// by Show and stopped when the window closes.
type Viewer struct {
	opts Options
	log  *slog.Logger
	win  fyne.Window
	scr  *screen
	// do runs a function on the UI thread: fyne.Do; a test may put a stand-in UI thread here.
	do   func(func())
	cmds chan command

	ctx   context.Context // ends when the window closes
	stop  context.CancelFunc
	start sync.Once
	done  chan struct{}

	// UI thread only.
	closed bool // the window is closed: draw nothing more

	// Render loop only (see loop.go).
	model   *viewmodel.Model
	shown   viewmodel.Frame // the frame on screen; Image nil when none
	last    viewmodel.View
	lastErr string
	snaps   sync.WaitGroup
	snapMu  sync.Mutex // one snapshot write at a time, so that names do not collide
}

// New makes a viewer window in a. It is not shown yet, and nothing is read from opts.Frames
// until Show. Call it on the UI thread (or before a.Run).
func New(a fyne.App, opts Options) (*Viewer, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	v := &Viewer{
		opts:  opts,
		log:   opts.Log,
		do:    fyne.Do,
		cmds:  make(chan command, 8),
		ctx:   ctx,
		stop:  stop,
		done:  make(chan struct{}),
		model: viewmodel.New(viewmodel.Config{URL: opts.URL, StallAfter: opts.StallAfter}),
	}
	v.win = a.NewWindow("gstcast")
	v.win.SetPadded(false)
	v.scr = newScreen(newTapArea(v.showMenu, v.toggleFullScreen), a.Settings().Theme())
	v.win.SetContent(v.scr.root)
	v.win.Resize(fyne.NewSize(960, 540))
	v.win.Canvas().SetOnTypedRune(v.typedRune)
	v.win.Canvas().SetOnTypedKey(v.typedKey)
	v.win.SetOnClosed(v.closing)
	if opts.FullScreen {
		v.win.SetFullScreen(true)
	}
	v.last = v.model.View(opts.Now())
	v.draw(v.last, nil, false)
	return v, nil
}

// Window is the Fyne window, for a larger app to place, resize or close it.
func (v *Viewer) Window() fyne.Window { return v.win }

// Show shows the window and starts reading frames.
func (v *Viewer) Show() {
	v.start.Do(func() { go v.run() })
	v.win.Show()
}

// Close closes the window (on the UI thread: use fyne.Do from elsewhere).
func (v *Viewer) Close() { v.win.Close() }

// Stop ends the render loop without the window system, for an app that has quit (its UI
// thread no longer runs, so Close cannot): frames go back to the source and Done closes.
func (v *Viewer) Stop() {
	v.stop()
	v.start.Do(func() { close(v.done) })
}

// Done is closed once the window is closed, its render loop has stopped, every frame has gone
// back to the source and pending snapshots are written.
func (v *Viewer) Done() <-chan struct{} { return v.done }

// closing runs on the UI thread when the window closes. The picture is cleared before the loop
// is told to stop, so that the frames the loop then gives back are no longer on any canvas.
func (v *Viewer) closing() {
	v.closed = true
	v.scr.clearPicture()
	v.stop()
	v.start.Do(func() { close(v.done) }) // never shown: no loop to wait for
}

// draw puts view on screen (UI thread); with replace, img becomes the picture (nil: none).
func (v *Viewer) draw(view viewmodel.View, img *image.RGBA, replace bool) {
	if v.win.Title() != view.Title {
		v.win.SetTitle(view.Title)
	}
	v.scr.show(view, img, replace)
}
