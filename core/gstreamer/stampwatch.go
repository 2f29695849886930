package gstreamer

import (
	"context"
	"fmt"
	"time"
	"unsafe"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/framestamp"
)

// WatchLaunchStamps plays a gst-launch-1.0 description in this process and reads the capture
// stamp of every RGBA frame leaving the element named at (typically the capsfilter right
// before the video sink), calling onFrame with the stamp and the time it was read. It is the
// glass-to-glass baseline for viewers: a plain GStreamer client (rtspsrc … ! autovideosink)
// measured at the moment a frame is handed to its display sink. It runs until ctx ends.
func WatchLaunchStamps(ctx context.Context, description, at string, onFrame func(captured, shown time.Time)) error {
	Init()
	pipe, err := gst.NewPipelineFromString(description)
	if err != nil {
		return fmt.Errorf("parse launch line: %w", err)
	}
	el, err := pipe.GetElementByName(at)
	if err != nil || el == nil {
		pipe.SetState(gst.StateNull)
		return fmt.Errorf("no element named %q in the description", at)
	}
	pad := el.GetStaticPad("src")
	if pad == nil {
		pipe.SetState(gst.StateNull)
		return fmt.Errorf("%s has no src pad", at)
	}
	pad.AddProbe(gst.PadProbeTypeBuffer, func(p *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		buf := info.GetBuffer()
		caps := p.GetCurrentCaps()
		if buf == nil || caps == nil {
			return gst.PadProbeOK
		}
		defer release(caps, caps.Unref)
		w, h := capsSize(caps)
		m := buf.Map(gst.MapRead)
		if m == nil || m.Data() == nil {
			return gst.PadProbeOK
		}
		defer buf.Unmap()
		n := min(int(m.Size()), 4*w*framestamp.Size)
		if t, err := framestamp.ReadRGBA(unsafe.Slice((*byte)(m.Data()), n), 4*w, w, h); err == nil {
			onFrame(t, time.Now())
		}
		return gst.PadProbeOK
	})
	r, err := run(ctx, &built{pipe: pipe, named: map[string]*gst.Element{}}, RunOptions{Name: "baseline"})
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		r.Stop(time.Second)
		return nil
	case <-r.Done():
		return r.Err()
	}
}
