//go:build !nogui

package gui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gstcast/gstcast/app/tray"

	"github.com/gstcast/gstcast/app/viewer"
)

// shell is the desktop app: the main window, the windows it opens (editor, open, settings,
// log, viewers), the tray where there is one, and what closing and quitting do.
type shell struct {
	ctx    context.Context // ends when the app quits
	cancel context.CancelFunc
	app    fyne.App
	// eng is the engine, set on the UI thread once openEngine has it (nil until then); it
	// does not change after.
	eng        *appEngine
	openEngine func(context.Context) *appEngine
	opened     chan *appEngine
	log        *slog.Logger
	main       *mainWindow
	tray       bool // a tray runs: closing the main window hides it
	trayIcon   *tray.Tray
	late       *lateBackend // the tray's Backend until the engine is open
	// hidden starts the app with the main window hidden (gstcast tray, at login), where a tray runs.
	hidden bool
	marks  *layoutMap
	// async runs engine calls off the UI thread (go f()); tests run them in place.
	async func(func())

	mainShown bool // UI thread

	mu       sync.Mutex
	viewers  map[string]*openViewer // by view name
	quitting bool
}

func newShell(ctx context.Context, a fyne.App, eng *appEngine, log *slog.Logger) *shell {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sctx, cancel := context.WithCancel(ctx)
	return &shell{ctx: sctx, cancel: cancel, app: a, eng: eng, log: log, viewers: map[string]*openViewer{}, marks: newLayoutMap(), opened: make(chan *appEngine, 1),
		async: func(f func()) { go f() }}
}

// run shows the main window, opens the engine behind it, and runs the app until it quits (the
// window closed without a tray, Quit from the tray, or ctx ended). It returns the engine, for
// the caller to close once the windows are gone.
func (s *shell) run() *appEngine {
	s.main = newMainWindow(s)
	s.main.win.SetCloseIntercept(s.closeMain)
	s.main.shortcuts()
	go func() {
		<-s.ctx.Done()
		fyne.Do(s.quit)
	}()
	go func() {
		e := s.openEngine(s.ctx)
		s.opened <- e
		fyne.Do(func() { s.setEngine(e) })
	}()
	s.marks.start(s)
	s.tray = s.startTray() // before Run: Fyne starts its tray with the event loop
	if !s.hidden || !s.tray {
		s.main.win.Show()
		s.mainShown = true
	}
	s.app.Run()
	s.cancel()
	eng := <-s.opened // opening ends soon once ctx is cancelled
	s.closeViewers()
	return eng
}

// setEngine takes the engine once it is open (UI thread): the window says which it is and
// follows it, and the tray starts.
func (s *shell) setEngine(e *appEngine) {
	if s.isQuitting() {
		return
	}
	s.eng = e
	if s.late != nil {
		s.late.set(e.Backend)
	}
	s.main.showEngine()
	s.main.start()
}

// closeMain is what closing the main window does: with a tray it only hides (the engine and
// the tray go on); without one the app quits.
func (s *shell) closeMain() {
	if s.tray {
		s.hideMain()
		return
	}
	s.quit()
}

// showMain brings the main window back (the tray's "Open gstcast").
func (s *shell) showMain() {
	s.main.win.Show()
	s.main.win.RequestFocus()
	s.mainShown = true
	if s.trayIcon != nil {
		s.trayIcon.Refresh()
	}
}

// hideMain hides the main window; the tray and the engine go on.
func (s *shell) hideMain() {
	s.main.win.Hide()
	s.mainShown = false
	if s.trayIcon != nil {
		s.trayIcon.Refresh()
	}
}

// quit closes every window and ends the app; the engine it started stops after Run returns.
func (s *shell) quit() {
	s.mu.Lock()
	if s.quitting {
		s.mu.Unlock()
		return
	}
	s.quitting = true
	s.mu.Unlock()
	s.cancel()
	s.app.Quit()
}

// closeViewers waits (a little) for the viewer windows' render loops and removes their views.
func (s *shell) closeViewers() {
	s.mu.Lock()
	all := make([]*openViewer, 0, len(s.viewers))
	for _, v := range s.viewers {
		all = append(all, v)
	}
	s.mu.Unlock()
	for _, v := range all {
		if v.v != nil {
			v.v.Stop() // the UI thread has stopped: end the render loop directly
		}
		v.stop()
		select {
		case <-v.done:
		case <-time.After(5 * time.Second):
			s.log.Warn("viewer did not stop in time", "view", v.name)
		}
	}
}

// openViewer is one viewer window the app opened.
type openViewer struct {
	name string
	v    *viewer.Viewer
	stop context.CancelFunc
	done chan struct{}
}

func (s *shell) isQuitting() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.quitting
}
