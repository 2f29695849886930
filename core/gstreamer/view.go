package gstreamer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// RingPrefix starts the name of every viewer's frame ring (framering.NewName(RingPrefix)), so
// framering.Sweep(RingPrefix) finds those that plugin processes left behind when they died.
const RingPrefix = "gstcast-view"

// A viewer's ring must exist (its name goes back to the host) before the first frame says how
// big frames are, and framering reserves its memory up front (fallocate), so it starts at
// 1080p: four slots are 34 MB, which fits Docker's default 64 MB /dev/shm and a Raspberry Pi.
// A larger frame makes the view move to a new ring sized for it and tell the host in an event
// (pluginapi.Event.Ring); frames above MaxViewWidth x MaxViewHeight (8K) fail the view.
const (
	StartViewWidth  = 1920
	StartViewHeight = 1088
	MaxViewWidth    = 7680
	MaxViewHeight   = 4320
)

// ViewSlots is the number of slots in a viewer's ring: the host's viewer keeps two readers on
// it (one frame on screen while the next is taken), and each reader beyond the first needs a
// slot more than framering.MinSlots for the writer never to drop a frame for want of one.
const ViewSlots = framering.MinSlots + 1

// ViewOptions say how to run a viewer's graph (from pipeline.BuildView).
type ViewOptions struct {
	Name         string // pipeline name, shows in element paths
	Loop         bool   // file sources: seek back to the start at end of stream
	OnEvent      func(pluginapi.Event)
	StatsEvery   time.Duration
	StartTimeout time.Duration
	// SlotBytes is each ring slot's first capacity (default framering.SlotBytes(StartViewWidth,
	// StartViewHeight)); the ring is replaced by a larger one when frames need it.
	SlotBytes int
	// Heartbeat is how often the ring's heartbeat is refreshed while no frames come, so the
	// reader can tell a stalled source from a dead plugin (default 500 ms).
	Heartbeat time.Duration
	// Answer bounds how long StartView waits, once an RTSP view plays, for the server's answer
	// (rtspsrc's first pad, after DESCRIBE and SETUP), so that a refused connection, 401 or 404
	// is StartView's error rather than an event a moment later; a server that has not answered
	// by then is reported through events. Default 3 s; negative: do not wait.
	Answer time.Duration
}

// View is a running viewer: a pipeline ending in an appsink, and the goroutine that copies each
// decoded frame from the appsink into a shared-memory frame ring. The ring is closed (and its
// name removed) when the pipeline ends for any reason, so a reader learns it from the ring.
type View struct {
	run     *Running
	onEvent func(pluginapi.Event)
	ringMu  sync.Mutex // guards ring: the puller replaces it, Ring reads it
	ring    *framering.Writer
	sink    *gst.Element
	beat    time.Duration
	pulled  chan struct{} // closed when the puller has returned and the ring is closed

	failOnce  sync.Once     // a frame the ring cannot take fails the view once
	handoffs  atomic.Uint64 // frames copied into the ring
	handoffNs atomic.Int64  // time spent copying them
	dropped   atomic.Uint64 // frames dropped because readers held every free slot
}

// StartView makes the view's ring, builds g and plays it, and starts moving frames. It returns
// when the pipeline plays (for network sources, before any frame has come), or with the error
// the pipeline failed with; the ring is removed again on failure.
func StartView(ctx context.Context, g pipeline.Graph, o ViewOptions) (*View, error) {
	Init()
	if o.SlotBytes <= 0 {
		o.SlotBytes = framering.SlotBytes(StartViewWidth, StartViewHeight)
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 500 * time.Millisecond
	}
	b, err := build(g, o.Name)
	if err != nil {
		return nil, err
	}
	sink, ok := b.named[pipeline.NameSink]
	if !ok || sink.GetFactory() == nil || sink.GetFactory().GetName() != "appsink" {
		return nil, fmt.Errorf("view graph has no appsink named %q", pipeline.NameSink)
	}
	ring, err := framering.Create(framering.NewName(RingPrefix), ViewSlots, o.SlotBytes)
	if err != nil {
		return nil, fmt.Errorf("view %s: %w", o.Name, err)
	}
	v := &View{ring: ring, sink: sink, beat: o.Heartbeat, pulled: make(chan struct{}), onEvent: o.OnEvent}
	answered := rtspAnswered(b)
	v.run, err = run(ctx, b, RunOptions{Name: o.Name, Loop: o.Loop, OnEvent: o.OnEvent,
		StatsEvery: o.StatsEvery, StartTimeout: o.StartTimeout, decoded: true})
	if err != nil {
		_ = ring.Close()
		return nil, err
	}
	v.run.graph = g
	if err := v.awaitAnswer(ctx, answered, o.Answer); err != nil {
		v.run.Stop(time.Second)
		_ = ring.Close()
		return nil, err
	}
	go v.pull()
	return v, nil
}

// rtspAnswered is closed when the graph's rtspsrc adds its first pad, which it does once the
// server has answered DESCRIBE and SETUP. nil for other sources.
func rtspAnswered(b *built) chan struct{} {
	src, ok := b.named[pipeline.NameSource]
	if !ok || src.GetFactory() == nil || src.GetFactory().GetName() != "rtspsrc" {
		return nil
	}
	ch := make(chan struct{})
	var once sync.Once
	if _, err := src.Connect("pad-added", func(*gst.Element, *gst.Pad) { once.Do(func() { close(ch) }) }); err != nil {
		return nil
	}
	return ch
}

// awaitAnswer waits up to wait for an RTSP server's answer (see ViewOptions.Answer) and returns
// the error the pipeline failed with meanwhile, if it did.
func (v *View) awaitAnswer(ctx context.Context, answered chan struct{}, wait time.Duration) error {
	if answered == nil || wait < 0 {
		return nil
	}
	if wait == 0 {
		wait = 3 * time.Second
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-answered:
	case <-t.C:
	case <-v.run.Done():
		if err := v.run.Err(); err != nil {
			return err
		}
		return fmt.Errorf("%s ended before the RTSP server answered: %w", v.run.b.pipe.GetName(), pluginapi.ErrPipeline)
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// Ring is the name of the frame ring, for framering.Open.
func (v *View) Ring() string {
	v.ringMu.Lock()
	defer v.ringMu.Unlock()
	return v.ring.Name()
}

// grow moves the view to a new ring whose slots take w x h frames, tells the host, and closes
// the old ring (a reader keeps its mapping until it moves too).
func (v *View) grow(w, h int) error {
	if w > MaxViewWidth || h > MaxViewHeight {
		return fmt.Errorf("%dx%d frames are above %dx%d: %w", w, h, MaxViewWidth, MaxViewHeight, framering.ErrTooLarge)
	}
	ring, err := framering.Create(framering.NewName(RingPrefix), ViewSlots, framering.SlotBytes(w, h))
	if err != nil {
		return err
	}
	v.ringMu.Lock()
	old := v.ring
	v.ring = ring
	v.ringMu.Unlock()
	_ = old.Close()
	if v.onEvent != nil {
		v.onEvent(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying, Ring: ring.Name(),
			Message: fmt.Sprintf("frame ring grown for %dx%d frames", w, h)})
	}
	return nil
}

// Running is the view's pipeline (events, stats, graph).
func (v *View) Running() *Running { return v.run }

// Done is closed when the pipeline has ended.
func (v *View) Done() <-chan struct{} { return v.run.Done() }

// Stop ends the pipeline, waits for the puller and closes the ring. Safe to call twice.
func (v *View) Stop(wait time.Duration) {
	v.run.Stop(wait)
	<-v.pulled
}

func (v *View) currentRing() *framering.Writer {
	v.ringMu.Lock()
	defer v.ringMu.Unlock()
	return v.ring
}

// HandOff reports the frames copied into the ring, their mean cost (pull to publish, the one
// copy included) and the frames dropped because readers held every free slot.
func (v *View) HandOff() (frames uint64, mean time.Duration, dropped uint64) {
	n := v.handoffs.Load()
	if n > 0 {
		mean = time.Duration(v.handoffNs.Load() / int64(n))
	}
	return n, mean, v.dropped.Load()
}

// pull moves frames from the appsink to the ring until the pipeline ends, then closes the ring.
// Between frames it keeps the ring's heartbeat fresh.
func (v *View) pull() {
	defer close(v.pulled)
	defer func() { _ = v.currentRing().Close() }()
	info := newVideoInfo()
	defer info.free()
	lastBeat := time.Now()
	for {
		select {
		case <-v.run.Done():
			return
		default:
		}
		asked := time.Now()
		s, ok := pullSample(v.sink, 100*time.Millisecond)
		if !ok {
			if time.Since(lastBeat) >= v.beat {
				v.ring.Heartbeat()
				lastBeat = time.Now()
			}
			// At end of stream, or while the pipeline is being stopped, the sink answers at
			// once: wait here rather than spin until the bus loop says it is over.
			if time.Since(asked) < 50*time.Millisecond {
				select {
				case <-v.run.Done():
				case <-time.After(50 * time.Millisecond):
				}
			}
			continue
		}
		start := time.Now()
		w, h, err := copyToRing(v.ring, s, info)
		if errors.Is(err, framering.ErrTooLarge) && v.grow(w, h) == nil {
			w, h, err = copyToRing(v.ring, s, info)
		}
		s.unref()
		switch {
		case err == nil:
			v.handoffNs.Add(int64(time.Since(start)))
			v.handoffs.Add(1)
			lastBeat = time.Now()
			v.run.setSize(w, h)
		case errors.Is(err, framering.ErrBusy):
			v.dropped.Add(1)
		case errors.Is(err, framering.ErrTooLarge):
			v.failOnce.Do(func() {
				postError(v.sink, fmt.Sprintf("%dx%d frames are too large for a viewer (at most %dx%d, and /dev/shm must hold four of them)",
					w, h, MaxViewWidth, MaxViewHeight), err.Error())
			})
		case errors.Is(err, framering.ErrClosed):
			return
		default:
			v.failOnce.Do(func() { postError(v.sink, "cannot hand decoded frames to the viewer", err.Error()) })
		}
	}
}
