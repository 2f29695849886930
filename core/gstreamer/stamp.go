package gstreamer

import (
	"runtime"
	"time"
	"unsafe"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/framestamp"
)

// The capture-time stamp (RunOptions.Stamp, `gstcast stream --stamp`): the wall-clock time
// painted into each raw frame of a test source where it leaves the rawcaps filter, before
// conversion and encoding, so that latency can be read back from the pixels downstream of any
// encoder, network and decoder (docs/FRAMESTAMP.md).

// release drops a go-gst wrapper's reference now and clears its finalizer: go-gst v1.4.0 frees
// samples, buffers and caps by GC finalizers, which run too seldom for per-frame objects.
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

// paintStampProbe paints the time from clock (the wall clock when nil) into the luma plane of
// the I420/NV12/GRAY8 frame passing the pad. It writes through the mapped memory itself:
// go-gst's MapInfo.Bytes returns a copy, and a stamp painted into a copy never reaches the
// encoder.
func paintStampProbe(clock func() time.Time) func(*gst.Pad, *gst.PadProbeInfo) gst.PadProbeReturn {
	if clock == nil {
		clock = time.Now
	}
	return func(pad *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		return paintStamp(pad, info, clock)
	}
}

func paintStamp(pad *gst.Pad, info *gst.PadProbeInfo, clock func() time.Time) gst.PadProbeReturn {
	buf := info.GetBuffer()
	caps := pad.GetCurrentCaps()
	if caps == nil {
		return gst.PadProbeOK
	}
	width, height := capsSize(caps)
	release(caps, caps.Unref) // once per frame: not left to the garbage collector
	if buf == nil {
		return gst.PadProbeOK
	}
	m := buf.Map(gst.MapWrite)
	if m == nil || m.Data() == nil {
		return gst.PadProbeOK
	}
	defer buf.Unmap()
	// I420/NV12/GRAY8 from videotestsrc: luma first, stride rounded up to 4 bytes.
	stride := (width + 3) &^ 3
	framestamp.Paint(unsafe.Slice((*byte)(m.Data()), int(m.Size())), stride, width, height, clock())
	return gst.PadProbeOK
}
