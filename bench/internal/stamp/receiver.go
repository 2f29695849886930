package stamp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gstcast/gstcast/core/framestamp"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

// ReceiverOptions say how the latency receiver is built. The zero value (plus a port and
// OnFrame) is the one the benchmark uses.
type ReceiverOptions struct {
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

// ReceiverGraph is the receiver chain, built from pipeline.BuildReceiver (the chain viewers
// use) with the benchmark's settings: udpsrc bound to 127.0.0.1, no jitter buffer (or latency=0),
// avdec_h264 with slice threads, and an appsink that takes I420 without syncing to the clock.
// videoconvert stays in the chain but passes I420 from the decoder through untouched.
func ReceiverGraph(o ReceiverOptions) (pipeline.Graph, error) {
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

// Receiver receives stamped frames until stopped.
type Receiver struct{ run *gstreamer.Running }

// StartReceiver builds the receiver and returns once it plays, that is once its UDP port is
// bound, so a sender started afterwards loses no packets.
func StartReceiver(o ReceiverOptions) (*Receiver, error) {
	if o.OnFrame == nil {
		return nil, errors.New("stamp receiver: OnFrame is nil")
	}
	g, err := ReceiverGraph(o)
	if err != nil {
		return nil, err
	}
	on := o.OnFrame
	run, err := gstreamer.Start(context.Background(), g, gstreamer.RunOptions{
		Name: fmt.Sprintf("stamprx%d", o.Port), StartTimeout: 10 * time.Second,
		Tap: &gstreamer.FrameTap{At: pipeline.NameSink, OnFrame: func(f gstreamer.Frame) {
			t, _ := Read(f) // zero when the frame carries no stamp
			on(t, f.Arrived)
		}},
	})
	if err != nil {
		return nil, fmt.Errorf("stamp receiver on port %d: %w", o.Port, err)
	}
	return &Receiver{run: run}, nil
}

// Receive receives H.264 RTP on 127.0.0.1:port and calls onFrame for each decoded frame until
// ctx ends or the pipeline fails.
func Receive(ctx context.Context, port int, onFrame func(captured, arrived time.Time)) error {
	r, err := StartReceiver(ReceiverOptions{Port: port, OnFrame: onFrame})
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
func (r *Receiver) Done() <-chan struct{} { return r.run.Done() }

// Err is the error the receiver failed with, if any.
func (r *Receiver) Err() error { return r.run.Err() }

// Stop drives the receiver to NULL and waits for its puller to return. Safe to call twice. No
// end of stream is waited for: nothing is being written.
func (r *Receiver) Stop() { r.run.Stop(0) }

// Read reads the stamp from a tapped frame: from the luma plane of YUV frames (I420, NV12,
// GRAY8 and other formats whose first plane is 8-bit luma), from the green channel of RGBA.
// Only the first framestamp.Size rows are looked at. A frame without a stamp gives
// framestamp.ErrNoStamp and the zero time.
func Read(f gstreamer.Frame) (time.Time, error) {
	pix := f.Pix
	if n := f.Stride * framestamp.Size; len(pix) > n {
		pix = pix[:n] // the stamp lives in the top rows: no need to hand on the rest
	}
	switch f.Format {
	case "RGBA", "RGBx":
		return framestamp.ReadRGBA(pix, f.Stride, f.Width, f.Height)
	case "I420", "YV12", "NV12", "NV21", "Y42B", "Y444", "GRAY8":
		return framestamp.ReadLuma(pix, f.Stride, f.Width, f.Height)
	}
	return time.Time{}, fmt.Errorf("%s frames: %w", f.Format, framestamp.ErrNoStamp)
}
