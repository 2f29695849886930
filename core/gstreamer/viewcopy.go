package gstreamer

/*
#cgo pkg-config: gstreamer-1.0 gstreamer-app-1.0 gstreamer-video-1.0
#include <stdlib.h>
#include <string.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

static GstSample *gc_pull(GstElement *sink, GstClockTime timeout) {
	return gst_app_sink_try_pull_sample(GST_APP_SINK(sink), timeout);
}

// gc_info reads the sample's caps into info; 0 when it is not RGBA video with a buffer.
static int gc_info(GstSample *s, GstVideoInfo *info) {
	GstCaps *caps = gst_sample_get_caps(s);
	if (caps == NULL || gst_sample_get_buffer(s) == NULL || !gst_video_info_from_caps(info, caps))
		return 0;
	return GST_VIDEO_INFO_FORMAT(info) == GST_VIDEO_FORMAT_RGBA;
}

static gint64 gc_pts(GstSample *s) {
	GstClockTime t = GST_BUFFER_PTS(gst_sample_get_buffer(s));
	return GST_CLOCK_TIME_IS_VALID(t) ? (gint64)t : 0;
}

// gc_copy maps the frame and copies its rows to dst, dst_stride bytes apart. The source stride
// comes from the buffer's GstVideoMeta when it has one (hardware converters pad rows), else
// from the caps. One memcpy when both are tight.
static int gc_copy(GstSample *s, GstVideoInfo *info, guint8 *dst, gsize dst_stride) {
	GstVideoFrame f;
	if (!gst_video_frame_map(&f, info, gst_sample_get_buffer(s), GST_MAP_READ))
		return 0;
	const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA(&f, 0);
	gsize stride = (gsize)GST_VIDEO_FRAME_PLANE_STRIDE(&f, 0);
	gsize row = (gsize)GST_VIDEO_FRAME_WIDTH(&f) * 4;
	gsize h = (gsize)GST_VIDEO_FRAME_HEIGHT(&f);
	if (stride == row && dst_stride == row) {
		memcpy(dst, src, row * h);
	} else {
		for (gsize y = 0; y < h; y++)
			memcpy(dst + y * dst_stride, src + y * stride, row);
	}
	gst_video_frame_unmap(&f);
	return 1;
}

// gc_post_error posts an error from e on the bus, as if e had failed: the bus loop then reports
// it with e's path and stops the pipeline like any other error.
static void gc_post_error(GstElement *e, const char *text, const char *debug) {
	GError *err = g_error_new_literal(GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT, text);
	gst_element_post_message(e, gst_message_new_error(GST_OBJECT(e), err, debug));
	g_error_free(err);
}
*/
import "C"

import (
	"errors"
	"time"
	"unsafe"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/framestamp"
)

// The frame hand-off works on the C objects directly, not on go-gst wrappers: a go-gst Sample
// or Buffer gets a GC finalizer, and decoded frames freed by finalizers pile up by hundreds of
// megabytes (DESIGN §7). Here each sample is unreffed the moment its pixels are in
// the ring, and nothing per frame is allocated on the Go heap.

// sample is one pulled appsink sample; free it with unref.
type sample struct{ p *C.GstSample }

// pullSample waits up to timeout for the appsink's next sample. ok is false on timeout, and at
// once when the sink is at end of stream, flushing or not playing.
func pullSample(sink *gst.Element, timeout time.Duration) (sample, bool) {
	s := C.gc_pull((*C.GstElement)(unsafe.Pointer(sink.Instance())), C.GstClockTime(timeout))
	return sample{s}, s != nil
}

func (s sample) unref() { C.gst_sample_unref(s.p) }

// videoInfo is a GstVideoInfo in C memory, reused for every frame of a view.
type videoInfo struct{ p *C.GstVideoInfo }

func newVideoInfo() videoInfo { return videoInfo{C.gst_video_info_new()} }
func (v videoInfo) free()     { C.gst_video_info_free(v.p) }

var errNotRGBA = errors.New("sample is not RGBA video")

// copyToRing is the hand-off, the frame's one copy: the sample's rows go straight into a ring
// slot, the capture-time stamp is read back from the slot, and the frame is published.
// It returns the frame's size. framering.ErrBusy means the frame was dropped (readers hold
// every free slot); framering.ErrTooLarge that it does not fit the ring's slots.
func copyToRing(w *framering.Writer, s sample, info videoInfo) (width, height int, err error) {
	if C.gc_info(s.p, info.p) == 0 {
		return 0, 0, errNotRGBA
	}
	width, height = int(info.p.width), int(info.p.height)
	stride := width * 4 // tight rows in the ring, whatever the decoder's padding
	dst, err := w.Begin(width, height, stride)
	if err != nil {
		return width, height, err
	}
	if C.gc_copy(s.p, info.p, (*C.guint8)(unsafe.Pointer(&dst[0])), C.gsize(stride)) == 0 {
		w.Abort()
		return width, height, errors.New("map decoded frame: failed")
	}
	var captureMs int64
	if t, err := framestamp.ReadRGBA(dst, stride, width, height); err == nil {
		captureMs = t.UnixMilli()
	}
	_, err = w.Commit(framering.Stamp{PTS: time.Duration(C.gc_pts(s.p)), CaptureMs: captureMs})
	return width, height, err
}

// postError makes e fail with text (and debug details) through the bus.
func postError(e *gst.Element, text, debug string) {
	ct, cd := C.CString(text), C.CString(debug)
	defer C.free(unsafe.Pointer(ct))
	defer C.free(unsafe.Pointer(cd))
	C.gc_post_error((*C.GstElement)(unsafe.Pointer(e.Instance())), ct, cd)
}
