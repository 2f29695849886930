package gstreamer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	"github.com/go-gst/go-gst/gst"
	"github.com/go-gst/go-gst/gst/app"

	"github.com/gstcast/gstcast/core/framestamp"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

// StampReceiverOptions say how the latency receiver is built. The zero value (plus a port and
// OnFrame) is the one the benchmark uses.
type StampReceiverOptions struct {
	// Port is the UDP port on 127.0.0.1 the H.264 RTP arrives on (payload type 96).
	Port int
	// JitterBuffer puts rtpjitterbuffer latency=0 between udpsrc and the depayloader. Off by
	// default: on loopback nothing is reordered or lost, and in-order packets would only cross
	// one more thread. Either way the receiver is the same for every sender it measures.
	JitterBuffer bool
	// DecoderThreads is avdec_h264 max-threads (0: one per core). The decoder always uses
	// slice threading only: frame threading holds threads-1 frames back, which would be
	// measured as latency that no sender caused. x264enc tune=zerolatency writes one slice per
	// encoder thread, so slice threads still have work.
	DecoderThreads int
	// OnFrame is called for every decoded frame, on the receiver's own goroutine. captured is the
	// stamp read from the frame (zero when the frame carries none), arrived the time the decoded
	// frame reached the appsink's puller. It must not block for long: the appsink keeps two frames
	// and drops older ones.
	OnFrame func(captured, arrived time.Time)
}

// StampReceiver receives stamped frames until stopped. It keeps its pipeline referenced (go-gst
// v1.4.0 disposes unreferenced pipelines even while they play).
type StampReceiver struct {
	p    *Running
	sink *app.Sink
	pull chan struct{}
}

// StampReceiverGraph is the receiver chain, built from pipeline.BuildReceiver (the chain viewers
// use) with the benchmark's settings: udpsrc bound to 127.0.0.1, no jitter buffer (or latency=0),
// avdec_h264 with slice threads, and an appsink that takes I420 without syncing to the clock.
// videoconvert stays in the chain but passes I420 from the decoder through untouched.
func StampReceiverGraph(o StampReceiverOptions) (pipeline.Graph, error) {
	src := spec.Source{Kind: spec.SourceRTP, Address: "127.0.0.1", Port: o.Port,
		PayloadType: spec.DefaultPayloadType, Codec: spec.DefaultCodec}
	// async=false: the receiver plays (its port is bound) before any sender starts, instead of
	// waiting for a first frame to preroll. enable-last-sample=false: the sink would otherwise
	// hold a ref to the newest frame.
	sink := pipeline.Element{Factory: "appsink", Name: pipeline.NameSink, Props: []pipeline.Prop{
		{Name: "caps", Value: "video/x-raw,format=I420"}, {Name: "sync", Value: "false"}, {Name: "async", Value: "false"},
		{Name: "drop", Value: "true"}, {Name: "max-buffers", Value: "2"},
		{Name: "enable-last-sample", Value: "false"}, {Name: "emit-signals", Value: "false"}}}
	g, err := pipeline.BuildReceiver(src, pipeline.LinuxV4L2(), "avdec_h264", sink)
	if err != nil {
		return pipeline.Graph{}, err
	}
	out := g.Elements[:0]
	for _, e := range g.Elements {
		switch e.Factory {
		case "rtpjitterbuffer":
			if !o.JitterBuffer {
				continue
			}
			e.Props = []pipeline.Prop{{Name: "latency", Value: "0"}}
		case "avdec_h264":
			e.Props = append(append([]pipeline.Prop(nil), e.Props...),
				pipeline.Prop{Name: "thread-type", Value: "slice"},
				pipeline.Prop{Name: "max-threads", Value: strconv.Itoa(o.DecoderThreads)})
		}
		out = append(out, e)
	}
	g.Elements = out
	return g, nil
}

// StartStampReceiver builds the receiver and returns once it plays, that is once its UDP port is
// bound, so a sender started afterwards loses no packets.
func StartStampReceiver(o StampReceiverOptions) (*StampReceiver, error) {
	if o.OnFrame == nil {
		return nil, errors.New("stamp receiver: OnFrame is nil")
	}
	g, err := StampReceiverGraph(o)
	if err != nil {
		return nil, err
	}
	b, err := build(g, fmt.Sprintf("stamprx%d", o.Port))
	if err != nil {
		return nil, err
	}
	sink := app.SinkFromElement(b.named[pipeline.NameSink])
	if sink == nil {
		return nil, errors.New("stamp receiver: out is not an appsink")
	}
	r := &StampReceiver{sink: sink, pull: make(chan struct{})}
	if r.p, err = run(context.Background(), b, RunOptions{StartTimeout: 10 * time.Second}); err != nil {
		return nil, fmt.Errorf("stamp receiver on port %d: %w", o.Port, err)
	}
	go r.pullLoop(o.OnFrame)
	return r, nil
}

// ReceiveStamps receives H.264 RTP on 127.0.0.1:port and calls onFrame for each decoded frame
// until ctx ends or the pipeline fails.
func ReceiveStamps(ctx context.Context, port int, onFrame func(captured, arrived time.Time)) error {
	r, err := StartStampReceiver(StampReceiverOptions{Port: port, OnFrame: onFrame})
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-r.Done():
	}
	r.Stop()
	return r.Err()
}

// Done is closed when the receiver has stopped or failed.
func (r *StampReceiver) Done() <-chan struct{} { return r.p.Done() }

// Err is the error the receiver failed with, if any.
func (r *StampReceiver) Err() error { return r.p.Err() }

// Stop drives the receiver to NULL and waits for its puller to return. Safe to call twice.
func (r *StampReceiver) Stop() {
	r.p.shutdown()
	<-r.pull
}

func (r *StampReceiver) pullLoop(onFrame func(captured, arrived time.Time)) {
	defer close(r.pull)
	for {
		select {
		case <-r.p.Done():
			return
		default:
		}
		sample := r.sink.TryPullSample(gst.ClockTime(100 * time.Millisecond))
		if sample == nil {
			continue // timeout, or the sink left PLAYING: the select above decides
		}
		arrived := time.Now()
		captured := readSampleStamp(sample)
		onFrame(captured, arrived)
	}
}

// readSampleStamp reads the stamp from an I420 sample and releases the sample at once: in go-gst
// v1.4.0 samples, buffers and caps are freed by GC finalizers, which run too seldom for decoded
// frames (hundreds of MB pile up), so each finalizer is cleared and the reference dropped here.
func readSampleStamp(sample *gst.Sample) time.Time {
	defer release(sample, sample.Unref)
	caps := sample.GetCaps()
	buf := sample.GetBuffer()
	if caps == nil || buf == nil {
		if caps != nil {
			release(caps, caps.Unref)
		}
		if buf != nil {
			release(buf, buf.Unref)
		}
		return time.Time{}
	}
	defer release(caps, caps.Unref)
	defer release(buf, buf.Unref)
	width, height := capsSize(caps)
	// I420 in system memory without video meta (appsink does not ask for it): the luma plane
	// comes first with its stride rounded up to 4 bytes, as in the sender's stamp probe.
	stride := (width + 3) &^ 3
	m := buf.Map(gst.MapRead)
	if m == nil || m.Data() == nil {
		return time.Time{}
	}
	defer buf.Unmap()
	n := int(m.Size())
	if need := stride * framestamp.Size; n > need {
		n = need // the stamp lives in the first Size rows; no need to look further
	}
	t, err := framestamp.ReadLuma(unsafe.Slice((*byte)(m.Data()), n), stride, width, height)
	if err != nil {
		return time.Time{}
	}
	return t
}

func release[T any](obj *T, unref func()) {
	runtime.SetFinalizer(obj, nil)
	unref()
}

func capsSize(caps *gst.Caps) (width, height int) {
	if caps.GetSize() == 0 {
		return 0, 0
	}
	st := caps.GetStructureAt(0)
	w, _ := st.GetValue("width")
	h, _ := st.GetValue("height")
	width, _ = w.(int)
	height, _ = h.(int)
	return width, height
}

// StampedLaunch runs a gst-launch-1.0 pipeline description in this process, painting the capture
// time into each raw frame as `gstcast stream --stamp` does. It is the latency baseline: the same
// chain gstcast runs, without gstcast's host, plugin process and gRPC. The plain gst-launch-1.0
// binary cannot stamp frames (no stock element writes wall-clock milliseconds into pixels).
type StampedLaunch struct {
	p *Running
}

// StartStampedLaunch parses description (what follows "gst-launch-1.0 -e" in `gstcast pipeline`
// output, unquoted for the shell) with gst_parse_launch, stamps frames on the source pad of the
// capsfilter that follows videotestsrc (the graph's rawcaps element, nameless in a launch line),
// and plays it.
func StartStampedLaunch(description string) (*StampedLaunch, error) {
	Init()
	pipe, err := gst.NewPipelineFromString(description)
	if err != nil {
		return nil, fmt.Errorf("parse launch line: %w", err)
	}
	raw, err := rawCapsOf(pipe)
	if err != nil {
		pipe.SetState(gst.StateNull)
		return nil, err
	}
	b := &built{pipe: pipe, named: map[string]*gst.Element{pipeline.NameRawCaps: raw}}
	p, err := run(context.Background(), b, RunOptions{Stamp: true})
	if err != nil {
		return nil, err
	}
	return &StampedLaunch{p: p}, nil
}

// SendStampedBaseline runs StartStampedLaunch until ctx ends or the pipeline fails.
func SendStampedBaseline(ctx context.Context, description string) error {
	s, err := StartStampedLaunch(description)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-s.p.Done():
	}
	s.p.shutdown()
	return s.p.Err()
}

// Stop drives the pipeline to NULL.
func (s *StampedLaunch) Stop() { s.p.shutdown() }

// Done is closed when the pipeline has stopped or failed.
func (s *StampedLaunch) Done() <-chan struct{} { return s.p.Done() }

// Err is the error the pipeline failed with, if any.
func (s *StampedLaunch) Err() error { return s.p.Err() }

// rawCapsOf finds the element linked to videotestsrc's source pad.
func rawCapsOf(pipe *gst.Pipeline) (*gst.Element, error) {
	elems, err := pipe.GetElements()
	if err != nil {
		return nil, err
	}
	for _, e := range elems {
		if f := e.GetFactory(); f == nil || f.GetName() != "videotestsrc" {
			continue
		}
		if pad := e.GetStaticPad("src"); pad != nil {
			if peer := pad.GetPeer(); peer != nil {
				if el := peer.GetParentElement(); el != nil && el.GetStaticPad("src") != nil {
					return el, nil
				}
			}
		}
	}
	return nil, errors.New("launch line has no videotestsrc followed by raw caps to stamp")
}

// paintStampProbe paints the wall-clock time into the luma plane of the I420/NV12/GRAY8 frame
// passing the pad. It writes through the mapped memory itself: go-gst's MapInfo.Bytes returns a
// copy, and a stamp painted into a copy never reaches the encoder.
func paintStampProbe(pad *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
	buf := info.GetBuffer()
	caps := pad.GetCurrentCaps()
	if buf == nil || caps == nil {
		return gst.PadProbeOK
	}
	width, height := capsSize(caps)
	m := buf.Map(gst.MapWrite)
	if m == nil || m.Data() == nil {
		return gst.PadProbeOK
	}
	defer buf.Unmap()
	// I420/NV12/GRAY8 from videotestsrc: luma first, stride rounded up to 4 bytes.
	stride := (width + 3) &^ 3
	framestamp.Paint(unsafe.Slice((*byte)(m.Data()), int(m.Size())), stride, width, height, time.Now())
	return gst.PadProbeOK
}
