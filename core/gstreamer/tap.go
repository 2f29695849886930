package gstreamer

/*
#cgo pkg-config: gstreamer-1.0 gstreamer-video-1.0
#include <gst/gst.h>
#include <gst/video/video.h>

// One mapped raw frame. It lives in C memory (a GstVideoFrame holds pointers that Go must not
// keep), allocated once per tap and reused for every frame.
typedef struct {
	GstVideoInfo info;
	GstVideoFrame frame;
} GcTapFrame;

static GcTapFrame *gc_tap_new(void) { return g_new0(GcTapFrame, 1); }
static void gc_tap_free(GcTapFrame *f) { g_free(f); }

// gc_tap_map maps buf read-only as caps describe it (stride and plane offsets from the buffer's
// GstVideoMeta when it has one, else from the caps); 0 when caps are not raw video or the
// mapping fails.
static int gc_tap_map(GcTapFrame *f, GstCaps *caps, GstBuffer *buf) {
	if (caps == NULL || buf == NULL || !gst_video_info_from_caps(&f->info, caps))
		return 0;
	return gst_video_frame_map(&f->frame, &f->info, buf, GST_MAP_READ);
}

static int gc_tap_map_sample(GcTapFrame *f, GstSample *s) {
	return gc_tap_map(f, gst_sample_get_caps(s), gst_sample_get_buffer(s));
}

static void gc_tap_unmap(GcTapFrame *f) { gst_video_frame_unmap(&f->frame); }

// gc_tap_plane0 is the first plane: its data, stride, and how many of its bytes the mapping
// holds (rows of component 0 times the stride, never past the end of the mapped memory).
static guint8 *gc_tap_plane0(GcTapFrame *f, int *stride, gsize *size) {
	guint8 *data = GST_VIDEO_FRAME_PLANE_DATA(&f->frame, 0);
	*stride = GST_VIDEO_FRAME_PLANE_STRIDE(&f->frame, 0);
	gsize want = (gsize)(*stride) * (gsize)GST_VIDEO_FRAME_COMP_HEIGHT(&f->frame, 0);
	guint8 *end = f->frame.map[0].data + f->frame.map[0].size;
	gsize have = data < end ? (gsize)(end - data) : 0;
	*size = want < have ? want : have;
	return data;
}

static const char *gc_tap_format(GcTapFrame *f) {
	return gst_video_format_to_string(GST_VIDEO_INFO_FORMAT(&f->info));
}
static int gc_tap_width(GcTapFrame *f) { return GST_VIDEO_INFO_WIDTH(&f->info); }
static int gc_tap_height(GcTapFrame *f) { return GST_VIDEO_INFO_HEIGHT(&f->info); }
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/go-gst/go-gst/gst"
)

// Frame is one raw video frame as a FrameTap sees it. Pix is the frame's first plane, mapped
// read-only: luma for planar and semi-planar YUV (I420, NV12), every pixel for packed formats
// (RGBA), Stride bytes a row. Pix points into the frame's own memory, which is released when
// OnFrame returns: copy what is needed, never keep the slice.
type Frame struct {
	Pix           []byte
	Format        string // GStreamer's name for it: "I420", "NV12", "RGBA", …
	Width, Height int    // in pixels
	Stride        int    // bytes from one row of Pix to the next (rows may be padded)
	Arrived       time.Time
}

// FrameTap hands a running graph's raw video frames to Go, for measurements (the benchmarks
// read capture stamps with it, see package framestamp). Frames are mapped and released in C: no
// go-gst sample or buffer per frame, so nothing waits for Go's garbage collector (decoded frames
// freed by finalizers pile up by hundreds of MB, see DESIGN §7).
type FrameTap struct {
	// At names the element whose raw video output is tapped.
	//
	// An appsink is pulled: frames arrive on a goroutine of the tap's own, one at a time, and
	// Arrived is when the puller took each from the sink. While OnFrame is busy the appsink's
	// own settings (max-buffers, drop) decide what waits or is dropped.
	//
	// Any other element is probed on its src pad: OnFrame runs on the streaming thread as each
	// frame passes, before it goes on downstream (to a display sink, say), and Arrived is that
	// moment. OnFrame then holds the pipeline up for as long as it runs.
	At string
	// OnFrame is called for every frame whose caps are raw video; it must not keep Frame.Pix.
	OnFrame func(Frame)
}

// setup prepares t on b before the pipeline plays. For an appsink it returns the sink, to be
// pulled once the pipeline plays; otherwise it adds the probe and returns free, which releases
// the probe's C memory and must only run once the pipeline is at NULL (no streaming thread can
// call the probe then).
func (t *FrameTap) setup(b *built) (sink *gst.Element, free func(), err error) {
	if t.OnFrame == nil {
		return nil, nil, fmt.Errorf("frame tap at %q: OnFrame is nil", t.At)
	}
	el, ok := b.named[t.At]
	if !ok || t.At == "" {
		return nil, nil, fmt.Errorf("frame tap: the graph has no element named %q", t.At)
	}
	if f := el.GetFactory(); f != nil && f.GetName() == "appsink" {
		return el, nil, nil
	}
	pad := el.GetStaticPad("src")
	if pad == nil {
		return nil, nil, fmt.Errorf("frame tap: %s has no src pad", t.At)
	}
	f := C.gc_tap_new() // used by the pad's one streaming thread at a time
	on := t.OnFrame
	pad.AddProbe(gst.PadProbeTypeBuffer, func(p *gst.Pad, info *gst.PadProbeInfo) gst.PadProbeReturn {
		buf := info.GetBuffer() // a bare wrapper: no reference taken, no finalizer
		caps := p.GetCurrentCaps()
		if caps == nil {
			return gst.PadProbeOK
		}
		defer release(caps, caps.Unref)
		if buf == nil || C.gc_tap_map(f, (*C.GstCaps)(unsafe.Pointer(caps.Instance())), (*C.GstBuffer)(unsafe.Pointer(buf.Instance()))) == 0 {
			return gst.PadProbeOK
		}
		deliver(f, time.Now(), on)
		return gst.PadProbeOK
	})
	return nil, func() { C.gc_tap_free(f) }, nil
}

// deliver hands the mapped frame f to on, then unmaps it.
func deliver(f *C.GcTapFrame, arrived time.Time, on func(Frame)) {
	defer C.gc_tap_unmap(f)
	var stride C.int
	var size C.gsize
	data := C.gc_tap_plane0(f, &stride, &size)
	if data == nil || size == 0 {
		return
	}
	on(Frame{
		Pix:    unsafe.Slice((*byte)(unsafe.Pointer(data)), int(size)),
		Format: C.GoString(C.gc_tap_format(f)),
		Width:  int(C.gc_tap_width(f)), Height: int(C.gc_tap_height(f)),
		Stride:  int(stride),
		Arrived: arrived,
	})
}

// pullTap pulls frames from sink until the pipeline ends, handing each to on.
func (r *Running) pullTap(sink *gst.Element, on func(Frame)) {
	defer r.pullers.Done()
	f := C.gc_tap_new()
	defer C.gc_tap_free(f)
	for {
		select {
		case <-r.done:
			return
		default:
		}
		asked := time.Now()
		s, ok := pullSample(sink, 100*time.Millisecond)
		if !ok {
			// At end of stream, or while the pipeline is being stopped, the sink answers at
			// once: wait here rather than spin until the bus loop says it is over.
			if time.Since(asked) < 50*time.Millisecond {
				select {
				case <-r.done:
				case <-time.After(50 * time.Millisecond):
				}
			}
			continue
		}
		arrived := time.Now()
		if C.gc_tap_map_sample(f, s.p) != 0 {
			deliver(f, arrived, on)
		}
		s.unref()
	}
}
