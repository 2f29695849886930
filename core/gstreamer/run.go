package gstreamer

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// RunOptions say how to run a graph.
type RunOptions struct {
	Name string // pipeline name, shows in element paths
	// Stamp paints the capture time into each raw frame at the rawcaps element (see framestamp).
	Stamp bool
	// StampClock, when set, gives the time painted into each frame instead of the wall clock:
	// tests paint a frame counter with it (time.UnixMilli(n)), so a reader can tell a lost
	// frame from a late one on a loaded machine.
	StampClock func() time.Time
	// Loop seeks back to the start at end of stream (file sources).
	Loop bool
	// StatsEvery is how often a stats event is sent (default 1s).
	StatsEvery time.Duration
	// OnEvent receives every event; it must not block for long.
	OnEvent func(pluginapi.Event)
	// StartTimeout bounds the wait for PLAYING (default 15s).
	StartTimeout time.Duration
	// Serve feeds the pipeline's appsink (named pipeline.NameSink) to a consumer, an RTSP
	// server mount (*rtspserver.Mount). It is attached before the pipeline plays, so readers
	// get the very first keyframe, and detached once the pipeline is at NULL. Leave it nil
	// for none (not a nil *Mount: that is a non-nil interface).
	Serve SinkFeed
	// Tap hands raw video frames from one element to Go (see FrameTap).
	Tap *FrameTap
	// RawFrames checks the frames of a raw-frame source (see RawFrames); zero: no check.
	RawFrames RawFrames
	// Release is called once the pipeline is at NULL, however it ended (stopped, failed or at
	// end of stream): it frees what the pipeline's elements used, such as a pipe's descriptor.
	Release func()

	// decoded counts as a receiver does (views, test decodes): compressed bytes and keyframes
	// where they enter the element named pipeline.NameDecoder, frames where decoded frames
	// reach the sink.
	decoded bool
}

// Running is a pipeline that is playing. It stays referenced here for its whole life: go-gst
// v1.4.0 disposes pipelines that Go no longer references, even while they play.
type Running struct {
	opts  RunOptions
	b     *built
	graph pipeline.Graph

	frames, bytes, keyframes atomic.Uint64
	width, height            atomic.Int64  // of decoded frames (views), set by whoever sees them
	received                 atomic.Uint64 // views: bytes leaving the source element
	stopReq                  atomic.Bool   // Stop was called: the coming EOS is ours

	playing  chan struct{}
	done     chan struct{}
	stopOnce sync.Once
	quit     chan struct{}
	mu       sync.Mutex
	err      error
	eos      chan struct{}

	pullers   sync.WaitGroup // goroutines that pull from the pipeline's sinks (a FrameTap)
	afterNull []func()       // releases what only the stopped pipeline may no longer use
}

// Start builds g and brings it to PLAYING. It returns when the pipeline plays, or with the
// first error it posts (element path and debug text kept), or when ctx or the timeout ends.
func Start(ctx context.Context, g pipeline.Graph, opts RunOptions) (*Running, error) {
	b, err := build(g, opts.Name)
	if err != nil {
		if opts.Release != nil {
			opts.Release()
		}
		return nil, err
	}
	r, err := run(ctx, b, opts)
	if err != nil {
		return nil, err
	}
	r.graph = g
	return r, nil
}

// run plays an already built pipeline: one from a graph, or one parsed from a launch line (the
// benchmark's baseline). Same events, probes and clean stop either way.
func run(ctx context.Context, b *built, opts RunOptions) (*Running, error) {
	if opts.StatsEvery <= 0 {
		opts.StatsEvery = time.Second
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 15 * time.Second
	}
	if opts.OnEvent == nil {
		opts.OnEvent = func(pluginapi.Event) {}
	}
	r := &Running{opts: opts, b: b, playing: make(chan struct{}), done: make(chan struct{}),
		quit: make(chan struct{}), eos: make(chan struct{}, 1)}
	r.instrument()
	r.checkRawFrames(opts.RawFrames)
	release := func() {
		if opts.Release != nil {
			opts.Release()
		}
	}
	if opts.Serve != nil {
		if err := attachFeed(opts.Serve, b); err != nil {
			b.pipe.SetState(gst.StateNull)
			release()
			return nil, err
		}
	}
	var tapSink *gst.Element
	if opts.Tap != nil {
		sink, free, err := opts.Tap.setup(b)
		if err != nil {
			b.pipe.SetState(gst.StateNull)
			if opts.Serve != nil {
				detachFeed(opts.Serve, b)
			}
			release()
			return nil, err
		}
		tapSink = sink
		if free != nil {
			r.afterNull = append(r.afterNull, free)
		}
	}
	if opts.Release != nil {
		r.afterNull = append(r.afterNull, opts.Release)
		// A pipeline that ends by itself is at NULL but not shut down until someone stops it;
		// the release must not wait for that.
		go func() {
			<-r.done
			r.shutdown()
		}()
	}
	r.emit(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StateStarting})
	go r.busLoop()
	if err := b.pipe.SetState(gst.StatePlaying); err != nil {
		// The bus usually has the real reason; give it a moment to arrive.
		select {
		case <-r.done:
		case <-time.After(500 * time.Millisecond):
		}
		r.shutdown()
		if e := r.Err(); e != nil {
			return nil, e
		}
		return nil, fmt.Errorf("set %s to PLAYING: %w", b.pipe.GetName(), err)
	}
	timer := time.NewTimer(opts.StartTimeout)
	defer timer.Stop()
	played := func() (*Running, error) {
		go r.statsLoop()
		if tapSink != nil {
			r.pullers.Add(1)
			go r.pullTap(tapSink, opts.Tap.OnFrame)
		}
		return r, nil
	}
	select {
	case <-r.playing:
		return played()
	case <-r.done:
		select {
		case <-r.playing: // it played and ended already (a short file): Done and Err say so
			return played()
		default:
		}
		r.shutdown() // at NULL already; this detaches and releases
		err := r.Err()
		if err == nil {
			err = fmt.Errorf("%s ended before it played: %w", b.pipe.GetName(), pluginapi.ErrPipeline)
		}
		return nil, err
	case <-ctx.Done():
		r.Stop(time.Second)
		return nil, ctx.Err()
	case <-timer.C:
		r.Stop(time.Second)
		return nil, fmt.Errorf("%s did not start within %s: %w", b.pipe.GetName(), opts.StartTimeout, pluginapi.ErrPipeline)
	}
}

// Done is closed when the pipeline has ended: stopped, failed or at end of stream.
func (r *Running) Done() <-chan struct{} { return r.done }

// Err is the error the pipeline failed with, if any.
func (r *Running) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// Graph is the graph this pipeline runs.
func (r *Running) Graph() pipeline.Graph { return r.graph }

// Stats returns the counters now.
func (r *Running) Stats() pluginapi.Stats {
	return pluginapi.Stats{Frames: r.frames.Load(), Bytes: r.bytes.Load(), Keyframes: r.keyframes.Load(),
		Width: int(r.width.Load()), Height: int(r.height.Load())}
}

// setSize records the size of the decoded frames, for stats.
func (r *Running) setSize(w, h int) {
	r.width.Store(int64(w))
	r.height.Store(int64(h))
}

// Stop ends the pipeline: EOS first so muxers and files finish, then NULL after at most wait.
func (r *Running) Stop(wait time.Duration) {
	select {
	case <-r.done: // failed or ended by itself, and at NULL: only release what it used
		r.shutdown()
		return
	default:
	}
	r.stopReq.Store(true)
	r.b.pipe.SendEvent(gst.NewEOSEvent())
	select {
	case <-r.eos:
	case <-r.done:
	case <-time.After(wait):
	}
	r.shutdown()
	r.emit(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StateStopped})
}

// shutdown drives the pipeline to NULL and stops the loops. Safe to call more than once.
func (r *Running) shutdown() {
	r.stopOnce.Do(func() {
		close(r.quit)
		r.b.pipe.SetState(gst.StateNull)
		<-r.done
		r.pullers.Wait()
		if r.opts.Serve != nil {
			detachFeed(r.opts.Serve, r.b)
		}
		for _, f := range r.afterNull {
			f()
		}
	})
}

func (r *Running) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

func (r *Running) emit(ev pluginapi.Event) {
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	r.opts.OnEvent(ev)
}

// instrument adds the pad probes: frame/byte counting before the payloader, and the capture-time
// stamp after the raw caps of a test source.
func (r *Running) instrument() {
	if r.opts.decoded {
		r.instrumentDecode()
	} else if pad := r.countPad(); pad != nil {
		pad.AddProbe(gst.PadProbeTypeBuffer, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
			if buf := info.GetBuffer(); buf != nil {
				r.frames.Add(1)
				r.bytes.Add(uint64(buf.GetSize()))
				if !buf.HasFlags(gst.BufferFlagDeltaUnit) {
					r.keyframes.Add(1)
				}
			}
			return gst.PadProbeOK
		})
	}
	if r.opts.Stamp {
		if raw, ok := r.b.named[pipeline.NameRawCaps]; ok {
			if pad := raw.GetStaticPad("src"); pad != nil {
				pad.AddProbe(gst.PadProbeTypeBuffer, paintStampProbe(r.opts.StampClock))
			}
		}
	}
}

// instrumentDecode counts a receiver: the bitrate is what comes in (compressed, before the
// decoder; for decodebin the file's bytes), the frame rate what comes out of the decoder.
func (r *Running) instrumentDecode() {
	if src, ok := r.b.named[pipeline.NameSource]; ok {
		if pad := src.GetStaticPad("src"); pad != nil { // udpsrc, filesrc; not rtspsrc's dynamic pads
			pad.AddProbe(gst.PadProbeTypeBuffer, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
				if buf := info.GetBuffer(); buf != nil {
					r.received.Add(uint64(buf.GetSize()))
				}
				return gst.PadProbeOK
			})
		}
	}
	if dec, ok := r.b.named[pipeline.NameDecoder]; ok {
		if pad := dec.GetStaticPad("sink"); pad != nil {
			pad.AddProbe(gst.PadProbeTypeBuffer, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
				if buf := info.GetBuffer(); buf != nil {
					r.bytes.Add(uint64(buf.GetSize()))
					if !buf.HasFlags(gst.BufferFlagDeltaUnit) {
						r.keyframes.Add(1)
					}
				}
				return gst.PadProbeOK
			})
		}
	}
	if sink, ok := r.b.named[pipeline.NameSink]; ok {
		if pad := sink.GetStaticPad("sink"); pad != nil {
			pad.AddProbe(gst.PadProbeTypeBuffer, func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
				r.frames.Add(1)
				return gst.PadProbeOK
			})
		}
	}
}

// countPad is where frames are counted: the parser before a muxer (MPEG-TS outputs, whose
// payloader and sink take transport packets), the payloader's input, or else (RTSP serve and
// publish outputs) the output of the element feeding the sink.
func (r *Running) countPad() *gst.Pad {
	if f, ok := r.b.named[pipeline.NameFrames]; ok {
		return f.GetStaticPad("src")
	}
	if pay, ok := r.b.named[pipeline.NamePayloader]; ok {
		return pay.GetStaticPad("sink")
	}
	if n := len(r.b.elems); n >= 2 {
		if _, ok := r.b.named[pipeline.NameSink]; ok && r.b.elems[n-1] == r.b.named[pipeline.NameSink] {
			return r.b.elems[n-2].GetStaticPad("src")
		}
	}
	return nil
}

// busLoop turns bus messages into events. It polls rather than using a GLib main loop, so any
// number of pipelines run without one.
func (r *Running) busLoop() {
	defer close(r.done)
	bus := r.b.pipe.GetPipelineBus()
	pipeName := r.b.pipe.GetName()
	var warns warnLimiter
	for {
		select {
		case <-r.quit:
			return
		default:
		}
		msg := bus.TimedPop(gst.ClockTime(100 * time.Millisecond))
		if msg == nil {
			continue
		}
		switch msg.Type() {
		case gst.MessageError:
			gerr := msg.ParseError()
			path := elementPath(msg)
			err := classify(path, gerr.Error(), gerr.DebugString())
			r.fail(err)
			r.emit(pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed, Message: gerr.Error(),
				Element: path, Debug: gerr.DebugString(), Reason: pluginapi.Reason(err)})
			r.b.pipe.SetState(gst.StateNull)
			return
		case gst.MessageWarning:
			w := msg.ParseWarning()
			path := elementPath(msg)
			if err := finalWarning(path, w.Error()); err != nil {
				r.fail(err)
				r.emit(pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed, Message: err.Error(),
					Element: path, Debug: w.DebugString(), Reason: pluginapi.Reason(err)})
				r.b.pipe.SetState(gst.StateNull)
				return
			}
			if ok, note := warns.allow(path, w.Error(), time.Now()); ok {
				r.emit(pluginapi.Event{Type: pluginapi.EventWarning, Message: w.Error() + note, Element: path, Debug: w.DebugString()})
			}
		case gst.MessageEOS:
			select {
			case r.eos <- struct{}{}:
			default:
			}
			if r.opts.Loop && !r.stopping() {
				if r.b.pipe.SeekTime(0, gst.SeekFlagFlush|gst.SeekFlagKeyUnit) {
					continue
				}
			}
			if !r.stopping() { // the EOS Stop sent is not the source's end: Stop reports "stopped"
				r.emit(pluginapi.Event{Type: pluginapi.EventEOS, State: pluginapi.StateEnded, Message: "end of stream"})
			}
			r.b.pipe.SetState(gst.StateNull)
			return
		case gst.MessageStateChanged:
			if msg.Source() == pipeName {
				if _, newState := msg.ParseStateChanged(); newState == gst.StatePlaying {
					select {
					case <-r.playing:
					default:
						close(r.playing)
						r.emit(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying})
					}
				}
			}
		}
	}
}

func (r *Running) stopping() bool {
	if r.stopReq.Load() {
		return true
	}
	select {
	case <-r.quit:
		return true
	default:
		return false
	}
}

// statsLoop sends frames, fps and bitrate every StatsEvery.
func (r *Running) statsLoop() {
	t := time.NewTicker(r.opts.StatsEvery)
	defer t.Stop()
	lastF, lastB, lastR, last := r.frames.Load(), r.bytes.Load(), r.received.Load(), time.Now()
	for {
		select {
		case <-r.done:
			return
		case now := <-t.C:
			f, b, rc := r.frames.Load(), r.bytes.Load(), r.received.Load()
			dt := now.Sub(last).Seconds()
			s := r.Stats()
			s.FPS = float64(f-lastF) / dt
			s.BitrateBps = float64(b-lastB) * 8 / dt
			s.ReceivedBps = float64(rc-lastR) * 8 / dt
			lastF, lastB, lastR, last = f, b, rc, now
			r.emit(pluginapi.Event{Type: pluginapi.EventStats, State: pluginapi.StatePlaying, Stats: &s})
		}
	}
}

// classify wraps a GStreamer error in the contract's sentinel that says what went wrong, keeping
// the element path and debug text in the message.
func classify(path, msg, debug string) error {
	text := strings.ToLower(msg + " " + debug)
	var sentinel error = pluginapi.ErrPipeline
	switch {
	case strings.Contains(text, "address already in use"):
		sentinel = pluginapi.ErrPortInUse
	case strings.Contains(text, "cannot identify device"), strings.Contains(text, "no such device"):
		sentinel = pluginapi.ErrDeviceNotFound
	case strings.Contains(text, "no such file"), strings.Contains(text, "resource not found") && strings.Contains(path, "filesrc"):
		sentinel = pluginapi.ErrFileNotFound
	case strings.Contains(text, "not authorized"), strings.Contains(text, "unauthorized"), strings.Contains(text, "forbidden"):
		sentinel = pluginapi.ErrUnauthorized
	case strings.Contains(path, "RTSP") && strings.Contains(text, "not found"):
		sentinel = pluginapi.ErrRemoteNotFound
	case strings.HasPrefix(msg, errWrongFrameSize):
		sentinel = pluginapi.ErrInvalidSpec
	}
	if debug != "" {
		return fmt.Errorf("%s: %s (%s): %w", path, msg, lastLine(debug), sentinel)
	}
	return fmt.Errorf("%s: %s: %w", path, msg, sentinel)
}

// lastLine keeps the useful part of GStreamer's debug text; the first line is a source location.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
