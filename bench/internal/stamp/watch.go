package stamp

import (
	"context"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
)

// Watch plays g in this process and calls onFrame with the capture stamp of every stamped frame
// leaving the element named at (typically an identity right before the video sink, after a
// capsfilter to RGBA), and the time it was read, until ctx ends (nil) or the pipeline fails
// (its error). It is the glass-to-glass baseline for viewers: a plain GStreamer client
// (rtspsrc … ! autovideosink) measured at the moment a frame is handed to its display sink.
// onFrame runs on the streaming thread, so the frame waits for it: keep it short.
func Watch(ctx context.Context, g pipeline.Graph, at string, onFrame func(captured, shown time.Time)) error {
	r, err := gstreamer.Start(ctx, g, gstreamer.RunOptions{Name: "baseline",
		Tap: &gstreamer.FrameTap{At: at, OnFrame: func(f gstreamer.Frame) {
			if t, err := Read(f); err == nil {
				onFrame(t, f.Arrived)
			}
		}}})
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		r.Stop(time.Second)
		return nil
	case <-r.Done():
		r.Stop(0) // at NULL already: release what it used
		return r.Err()
	}
}
