//go:build !nogui

package viewer

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gstcast/gstcast/app/viewmodel"
)

const testURL = "rtsp://viewer:secret@cam.local:8554/stream1"

// harness is a viewer window on Fyne's test driver, driven step by step from the test
// goroutine: the render loop's steps are called directly instead of from its goroutine, and
// the test driver runs fyne.Do at once, so what a test reads is what the loop last drew.
type harness struct {
	t     *testing.T
	v     *Viewer
	src   *fakeSource
	clock *clock
}

func newHarness(t *testing.T, size fyne.Size, opts Options) *harness {
	t.Helper()
	test.NewTempApp(t)
	h := &harness{t: t, src: newFakeSource(), clock: &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.Local)}}
	opts.URL = testURL
	opts.Frames = h.src
	opts.Now = h.clock.Now
	if opts.SnapshotDir == "" {
		opts.SnapshotDir = t.TempDir()
	}
	v, err := New(fyne.CurrentApp(), opts)
	if err != nil {
		t.Fatal(err)
	}
	v.do = func(f func()) { f() }
	v.win.Resize(size)
	h.v = v
	t.Cleanup(func() {
		if !v.closed {
			v.Close()
		}
	})
	return h
}

// tick is one pass of the render loop, after d of time.
func (h *harness) tick(d time.Duration) {
	h.clock.advance(d)
	h.v.present(h.v.pull())
}

func (h *harness) event(ev viewmodel.Event) {
	h.v.model.Apply(ev, h.clock.Now())
	h.v.present(nil)
}

// drain runs the commands that key presses and finished snapshots queued for the loop.
func (h *harness) drain() {
	for {
		select {
		case c := <-h.v.cmds:
			h.v.command(c)
			h.v.present(nil)
		default:
			return
		}
	}
}

func (h *harness) stats() viewmodel.Stats {
	return viewmodel.Stats{FPS: 30, BitrateBps: 2_000_000, Decoder: "avdec_h264", Width: 320, Height: 180}
}

// play makes the source deliver a few 320×180 frames stamped 48 ms before they are shown.
func (h *harness) play() {
	h.event(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StatePlaying}})
	s := h.stats()
	h.event(viewmodel.Event{Stats: &s})
	for range 5 {
		h.clock.advance(33 * time.Millisecond)
		h.src.put(quadrants(320, 180), h.clock.Now().Add(-48*time.Millisecond).UnixMilli())
		h.tick(0)
	}
}

func (h *harness) markup(golden string) {
	h.t.Helper()
	test.AssertRendersToMarkup(h.t, golden, h.v.win.Canvas())
}

var size43 = fyne.NewSize(640, 480)

func TestConnecting(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.tick(time.Second)
	if got := h.v.win.Title(); got != "rtsp://viewer:***@cam.local:8554/stream1 – gstcast" {
		t.Errorf("title %q", got)
	}
	h.markup("connecting.xml")
}

func TestPlayingWithOverlay(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	h.markup("playing.xml")
	if got, want := h.v.scr.overlay.text.Text, "320×180 · 30.0 fps · 2.0 Mbit/s · avdec_h264 (software) · latency 48 ms"; got != want {
		t.Errorf("overlay %q, want %q", got, want)
	}

	test.TypeOnCanvas(h.v.win.Canvas(), "i")
	h.drain()
	if h.v.scr.overlay.box.Visible() {
		t.Error("overlay still shown after i")
	}
	test.TypeOnCanvas(h.v.win.Canvas(), "i")
	h.drain()
	if !h.v.scr.overlay.box.Visible() {
		t.Error("overlay not back after a second i")
	}
}

func TestStalledHidesThePicture(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	h.tick(2100 * time.Millisecond)
	h.markup("stalled.xml")
	if h.v.scr.img.Image != nil {
		t.Error("the stalled frame is still on the canvas")
	}
	if _, held, _, _ := h.src.stats(); held != 0 {
		t.Errorf("%d frames held while stalled", held)
	}

	// The picture returns by itself with the next frame.
	h.src.put(quadrants(320, 180), 0)
	h.tick(time.Second)
	if !h.v.scr.img.Visible() || h.v.scr.state.Text != "" {
		t.Errorf("picture not back: visible %v, state %q", h.v.scr.img.Visible(), h.v.scr.state.Text)
	}
}

func TestGoneShowsTheReconnect(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	h.tick(100 * time.Millisecond)
	h.event(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StateReconnecting,
		Message: "connection refused", Attempt: 3, Backoff: 2 * time.Second}})
	h.markup("gone.xml")
	h.tick(1500 * time.Millisecond)
	if got := h.v.scr.state.Text; got != "Source gone: connection refused; reconnecting in 1 s (attempt 3)" {
		t.Errorf("countdown: %q", got)
	}
	if _, held, _, _ := h.src.stats(); held != 0 {
		t.Errorf("%d frames held while the source is gone", held)
	}
}

func TestError(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	h.event(viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StateError,
		Message: "not-negotiated: rtsp://viewer:secret@cam.local:8554/stream1 sent H.265, no decoder for it"}})
	h.markup("error.xml")
	if strings.Contains(h.v.scr.state.Text, "secret") {
		t.Error("password shown")
	}
}

func TestFrameSourceError(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	h.src.fail(errors.New("ring: writer gone"))
	h.tick(10 * time.Millisecond)
	if h.v.scr.img.Visible() || h.v.scr.state.Text != "Error: ring: writer gone" {
		t.Errorf("visible %v, state %q", h.v.scr.img.Visible(), h.v.scr.state.Text)
	}
}

func TestPaddedFramesAreRefused(t *testing.T) {
	h := newHarness(t, size43, Options{})
	padded := &image.RGBA{Pix: make([]byte, 24*2), Stride: 24, Rect: image.Rect(0, 0, 4, 2)}
	h.src.put(padded, 0)
	h.tick(10 * time.Millisecond)
	if h.v.scr.img.Image != nil || !strings.HasPrefix(h.v.scr.state.Text, "Error: frame 1 is not a tightly packed") {
		t.Errorf("state %q", h.v.scr.state.Text)
	}
	if _, held, _, faults := h.src.stats(); held != 0 || len(faults) > 0 {
		t.Errorf("held %d, faults %v", held, faults)
	}
}

// A 16:9 frame in a 4:3 window is letterboxed; a 4:3 frame in a 16:9 window is pillarboxed.
func TestAspectRatio(t *testing.T) {
	cases := []struct {
		name     string
		win      fyne.Size
		frameW   int
		frameH   int
		pos      fyne.Position
		size     fyne.Size
		black    image.Point // a pixel in the bands
		topLeft  image.Point // a pixel in the picture's red quadrant
		botRight image.Point // and in its yellow one
	}{
		{"letterbox", size43, 320, 180, fyne.NewPos(0, 60), fyne.NewSize(640, 360),
			image.Pt(320, 30), image.Pt(100, 100), image.Pt(540, 380)},
		{"pillarbox", fyne.NewSize(640, 360), 160, 120, fyne.NewPos(80, 0), fyne.NewSize(480, 360),
			image.Pt(40, 180), image.Pt(120, 40), image.Pt(520, 320)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.win, Options{})
			test.TypeOnCanvas(h.v.win.Canvas(), "i") // the overlay would cover the probes
			h.drain()
			h.src.put(quadrants(c.frameW, c.frameH), 0)
			h.tick(10 * time.Millisecond)
			img := h.v.scr.img
			if img.Position() != c.pos || img.Size() != c.size {
				t.Errorf("picture at %v size %v, want %v size %v", img.Position(), img.Size(), c.pos, c.size)
			}
			shot := h.v.win.Canvas().Capture()
			for _, p := range []struct {
				at   image.Point
				want color.RGBA
			}{{c.black, color.RGBA{A: 0xff}}, {c.topLeft, red}, {c.botRight, yellow}} {
				if got := color.RGBAModel.Convert(shot.At(p.at.X, p.at.Y)); got != p.want {
					t.Errorf("pixel %v = %v, want %v", p.at, got, p.want)
				}
			}
		})
	}
}

func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, size43, Options{SnapshotDir: dir})
	test.TypeOnCanvas(h.v.win.Canvas(), "s")
	h.drain()
	if got := h.v.scr.message.text.Text; got != "No picture to save" {
		t.Errorf("snapshot without picture: %q", got)
	}

	h.play()
	frame := h.v.shown.Image
	for range 2 { // two in the same second get two names
		test.TypeOnCanvas(h.v.win.Canvas(), "s")
		h.drain()
		h.v.snaps.Wait()
		h.drain()
	}
	stamp := h.clock.Now().Format("20060102-150405")
	for _, name := range []string{"gstcast-snapshot-" + stamp + ".png", "gstcast-snapshot-" + stamp + "-2.png"} {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != frame.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", name, got.Bounds(), frame.Bounds())
		}
		for y := range frame.Rect.Dy() {
			for x := range frame.Rect.Dx() {
				if g, w := color.RGBAModel.Convert(got.At(x, y)), frame.RGBAAt(x, y); g != w {
					t.Fatalf("%s: pixel %d,%d = %v, want %v", name, x, y, g, w)
				}
			}
		}
	}
	if got, want := h.v.scr.message.text.Text, "Snapshot saved to "+filepath.Join(dir, "gstcast-snapshot-"+stamp+"-2.png"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}

func TestSnapshotFailureIsReported(t *testing.T) {
	h := newHarness(t, size43, Options{SnapshotDir: filepath.Join(t.TempDir(), "missing")})
	h.play()
	test.TypeOnCanvas(h.v.win.Canvas(), "s")
	h.drain()
	h.v.snaps.Wait()
	h.drain()
	if got := h.v.scr.message.text.Text; !strings.HasPrefix(got, "Snapshot failed: save snapshot: ") {
		t.Errorf("message %q", got)
	}
}

func TestKeys(t *testing.T) {
	h := newHarness(t, size43, Options{})
	c := h.v.win.Canvas()
	key := func(k fyne.KeyName) { c.OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	steps := []struct {
		do   func()
		want bool
	}{
		{func() { test.TypeOnCanvas(c, "f") }, true},
		{func() { test.TypeOnCanvas(c, "F") }, false},
		{func() { key(fyne.KeyF11) }, true},
		{func() { key(fyne.KeyEscape) }, false},
		{func() { key(fyne.KeyEscape) }, false},
		{func() { test.DoubleTap(h.v.scr.root.Objects[2].(*tapArea)) }, true},
	}
	for i, s := range steps {
		s.do()
		if got := h.v.win.FullScreen(); got != s.want {
			t.Errorf("step %d: full screen %v, want %v", i, got, s.want)
		}
	}
	test.TypeOnCanvas(c, "q")
	select {
	case <-h.v.Done():
	default:
		t.Error("q did not close the window")
	}
}

func TestContextMenu(t *testing.T) {
	h := newHarness(t, size43, Options{})
	h.play()
	test.TapSecondary(h.v.scr.root.Objects[2].(*tapArea))
	if h.v.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no menu on right click")
	}
	menu := h.v.menu()
	var labels []string
	for _, it := range menu.Items {
		labels = append(labels, it.Label)
	}
	if got := strings.Join(labels, "|"); got != "Full screen (F)|Statistics overlay (I)|Save snapshot (S)||Close (Q)" {
		t.Errorf("menu %q", got)
	}
	menu.Items[1].Action()
	h.drain()
	if h.v.scr.overlay.box.Visible() {
		t.Error("menu did not hide the overlay")
	}
	menu.Items[0].Action()
	if !h.v.win.FullScreen() {
		t.Error("menu did not go full screen")
	}
}

// The render loop on its own goroutine, with a stand-in UI thread: frames flow, the viewer
// never holds more than two, and closing the window gives every one back.
func TestRenderLoop(t *testing.T) {
	test.NewTempApp(t)
	src := newFakeSource()
	src.next = func(uint64) *image.RGBA { return quadrants(64, 36) }
	events := make(chan viewmodel.Event, 1)
	v, err := New(fyne.CurrentApp(), Options{URL: testURL, Frames: src, Events: events, Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ui := make(chan func())
	uiDone := make(chan struct{})
	go func() {
		defer close(uiDone)
		for f := range ui {
			f()
		}
	}()
	v.do = func(f func()) { ui <- f }
	ui <- v.Show
	events <- viewmodel.Event{Status: &viewmodel.Status{State: viewmodel.StatePlaying}}
	close(events)
	deadline := time.Now().Add(10 * time.Second)
	for got, _, _, _ := src.stats(); got < 20; got, _, _, _ = src.stats() {
		if time.Now().After(deadline) {
			t.Fatalf("only %d frames acquired in 10 s", got)
		}
		time.Sleep(time.Millisecond)
	}
	ui <- v.Close
	select {
	case <-v.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("render loop did not stop")
	}
	close(ui)
	<-uiDone
	got, held, maxHeld, faults := src.stats()
	if held != 0 || maxHeld > 2 || len(faults) > 0 {
		t.Errorf("after %d frames: %d still held, at most %d held at once, faults %v", got, held, maxHeld, faults)
	}
}

func TestNewNeedsAFrameSource(t *testing.T) {
	test.NewTempApp(t)
	if _, err := New(fyne.CurrentApp(), Options{URL: testURL}); err == nil {
		t.Error("no error without a frame source")
	}
}
