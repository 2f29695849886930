package gui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/app/viewmodel"
	"github.com/gstcast/gstcast/core/engine"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/pluginapi"
)

func newRing(t *testing.T) *framering.Writer {
	t.Helper()
	w, err := framering.Create(framering.NewName("gstcast-test"), 4, framering.SlotBytes(8, 4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func write(t *testing.T, w *framering.Writer, v byte) {
	t.Helper()
	pix := bytes.Repeat([]byte{v, v, v, 255}, 8*4)
	if _, err := w.Write(8, 4, 32, pix, framering.Stamp{CaptureMs: 1234}); err != nil {
		t.Fatal(err)
	}
}

// The feed hands out frames that alias the ring, at most two at once, never an old one, and
// moves to a new ring without unmapping frames the window still holds.
func TestRingFeed(t *testing.T) {
	w := newRing(t)
	f := &ringFeed{}
	defer f.Close()
	if _, ok, err := f.Acquire(); ok || err != nil {
		t.Fatalf("no ring yet: %v %v", ok, err)
	}
	f.SetRing(w.Name())
	write(t, w, 10)
	a, ok, err := f.Acquire()
	if !ok || err != nil || a.Image.Pix[0] != 10 || a.CaptureUnixMs != 1234 || a.Image.Bounds().Dx() != 8 {
		t.Fatalf("first frame: %v %v %+v", ok, err, a)
	}
	if _, ok, _ := f.Acquire(); ok {
		t.Fatal("the same frame came twice")
	}
	write(t, w, 20)
	b, ok, _ := f.Acquire()
	if !ok || b.Image.Pix[0] != 20 || a.Image.Pix[0] != 10 {
		t.Fatalf("second frame %v, first now %d", ok, a.Image.Pix[0])
	}
	write(t, w, 30)
	if _, ok, _ := f.Acquire(); ok {
		t.Fatal("a third frame while two are held")
	}
	f.Release(a)
	c, ok, _ := f.Acquire()
	if !ok || c.Image.Pix[0] != 30 {
		t.Fatalf("after a release: %v %d", ok, c.Image.Pix[0])
	}

	// A new ring: frames of the old one stay valid until released.
	w2 := newRing(t)
	write(t, w2, 99)
	f.SetRing(w2.Name())
	d, ok, _ := f.Acquire()
	if !ok || d.Image.Pix[0] != 99 || b.Image.Pix[0] != 20 || c.Image.Pix[0] != 30 {
		t.Fatalf("after the switch: %v new %d old %d %d", ok, d.Image.Pix[0], b.Image.Pix[0], c.Image.Pix[0])
	}
	f.Release(b)
	f.Release(c)
	if len(f.retired) != 0 {
		t.Fatalf("%d old readers still open after their frames came back", len(f.retired))
	}
	f.Release(d)

	// A ring that does not exist is an error once, not a crash.
	f.SetRing("gstcast-test-missing")
	if _, _, err := f.Acquire(); err == nil {
		t.Fatal("a missing ring gave no error")
	}
}

func TestNoPicture(t *testing.T) {
	var n noPicture
	data := &pluginapi.Stats{BitrateBps: 8000}
	for i := 1; i < undecodableAfter; i++ {
		if _, changed := n.update(data); changed {
			t.Fatalf("told after %d s", i)
		}
	}
	if msg, changed := n.update(data); !changed || !strings.Contains(msg, "nothing decodes") {
		t.Fatalf("not told: %q %v", msg, changed)
	}
	if _, changed := n.update(data); changed {
		t.Fatal("told twice")
	}
	if msg, changed := n.update(&pluginapi.Stats{BitrateBps: 8000, FPS: 30, Width: 320}); !changed || msg != "" {
		t.Fatalf("not cleared: %q %v", msg, changed)
	}
	if _, changed := n.update(&pluginapi.Stats{}); changed {
		t.Fatal("an idle source is not undecodable data")
	}
}

// The window hears about its own view only, from the snapshot on: reconnecting with the retry
// to come, playing with the ring to map (the feed follows it), and the end when it is removed.
func TestViewEvents(t *testing.T) {
	w := newRing(t)
	feed := &ringFeed{}
	defer feed.Close()
	in := make(chan engine.Event, 8)
	out := make(chan viewmodel.Event, 8)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go viewEvents(ctx, "v", in, feed, out)
	retrying := engine.Status{Name: "v", State: engine.StateRetrying, Attempt: 2, RetryIn: time.Second,
		LastErr: &engine.Error{Message: "connection refused"}}
	in <- engine.Event{Type: engine.EventSnapshot, Snapshot: []engine.Status{{Name: "other", State: engine.StatePlaying}, retrying}}
	ev := <-out
	if ev.Status.State != viewmodel.StateReconnecting || ev.Status.Attempt != 2 || ev.Status.Backoff != time.Second || ev.Status.Message != "connection refused" {
		t.Fatalf("snapshot: %+v", ev.Status)
	}
	in <- engine.Event{Type: engine.EventState, Name: "other", Status: &engine.Status{Name: "other", State: engine.StateFailed}}
	playing := engine.Status{Name: "v", State: engine.StatePlaying, Ring: w.Name(), Decoder: "avdec_h264"}
	in <- engine.Event{Type: engine.EventState, Name: "v", Status: &playing}
	ev = <-out
	if ev.Status.State != viewmodel.StatePlaying || ev.Stats.Decoder != "avdec_h264" {
		t.Fatalf("playing: %+v %+v", ev.Status, ev.Stats)
	}
	write(t, w, 7)
	if f, ok, err := feed.Acquire(); !ok || err != nil || f.Image.Pix[0] != 7 {
		t.Fatalf("the feed did not follow the ring: %v %v", ok, err)
	} else {
		feed.Release(f)
	}
	in <- engine.Event{Type: engine.EventRemoved, Name: "v"}
	if ev = <-out; ev.Status.State != viewmodel.StateEnded {
		t.Fatalf("removed: %+v", ev.Status)
	}
	close(in)
	if ev = <-out; ev.Status.State != viewmodel.StateError {
		t.Fatalf("engine gone: %+v", ev.Status)
	}
}
