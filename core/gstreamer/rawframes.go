package gstreamer

import (
	"fmt"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/pipeline"
)

// RawFrames describes the frames a raw-frame source (fd://, shm://) must deliver, so that a
// program writing something else than its URI says gets an error naming the expected and the
// actual bytes, instead of a sheared picture or a converter's "invalid buffer size".
type RawFrames struct {
	// Bytes is the size of one frame (spec.RawFrameBytes); Desc says what it is ("640x480 BGR").
	Bytes int
	Desc  string
	// Stream is true for a byte stream (fd://: rawvideoparse cuts it into frames, so only the
	// total can be judged, at its end); false for one frame per buffer (shm://).
	Stream bool
}

// checkRawFrames adds the probe on the source's output.
func (r *Running) checkRawFrames(rf RawFrames) {
	src, ok := r.b.named[pipeline.NameSource]
	if !ok || rf.Bytes <= 0 {
		return
	}
	pad := src.GetStaticPad("src")
	if pad == nil {
		return
	}
	if !rf.Stream {
		reported := false
		pad.AddProbe(gst.PadProbeTypeBuffer, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
			buf := info.GetBuffer()
			if buf == nil || int(buf.GetSize()) == rf.Bytes {
				return gst.PadProbeOK
			}
			if !reported {
				reported = true
				postError(src, fmt.Sprintf("wrong frame size: a %s frame is %d bytes, the program sent %d: does it send the format, width and height the URI says?",
					rf.Desc, rf.Bytes, buf.GetSize()), "")
			}
			return gst.PadProbeDrop
		})
		return
	}
	var total uint64
	pad.AddProbe(gst.PadProbeTypeBuffer|gst.PadProbeTypeEventDownstream, func(_ *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		if buf := info.GetBuffer(); buf != nil {
			total += uint64(buf.GetSize())
			return gst.PadProbeOK
		}
		ev := info.GetEvent()
		if ev == nil || ev.Type() != gst.EventTypeEOS || r.stopping() {
			return gst.PadProbeOK
		}
		if extra := total % uint64(rf.Bytes); extra != 0 {
			postError(src, fmt.Sprintf("wrong frame size: the pipe closed after %d bytes, %d whole %s frames of %d bytes and %d bytes over: does the program send the format, width and height the URI says?",
				total, total/uint64(rf.Bytes), rf.Desc, rf.Bytes, extra), "")
			return gst.PadProbeDrop
		}
		return gst.PadProbeOK
	})
}

// errWrongFrameSize marks the error messages of the frame checks, which classify turns into
// ErrInvalidSpec: a program that sends frames of another size will not send the right ones
// when the stream is started again, so the error is final.
const errWrongFrameSize = "wrong frame size"
