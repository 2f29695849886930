package rtspserver

/*
#include <stdlib.h>
#include "gop.h"

static GstBuffer *gc_test_config_only(const void *data, gsize n, const char *caps, gsize *out_n) {
  gst_init(NULL, NULL); // the fuzz target may run before any server started GStreamer
  GstBuffer *in = gst_buffer_new_memdup(data, n);
  GstCaps *c = gst_caps_from_string(caps);
  GstBuffer *out = gc_config_only(in, c);
  if (c)
    gst_caps_unref(c);
  gst_buffer_unref(in);
  *out_n = out ? gst_buffer_get_size(out) : 0;
  return out;
}

static void gc_test_copy(GstBuffer *b, void *dst, gsize n) {
  gst_buffer_extract(b, 0, dst, n);
  gst_buffer_unref(b);
}
*/
import "C"

import "unsafe"

// configOnly runs gop.c's gc_config_only on one access unit (a publisher's bytes, as they come
// off the network through the RECORD media's depayloader) for the fuzz target: the codec
// configuration NAL units of au, each after a 4-byte start code, or nil.
func configOnly(au []byte, caps string) []byte {
	if len(au) == 0 {
		return nil
	}
	cc := C.CString(caps)
	defer C.free(unsafe.Pointer(cc))
	p := C.CBytes(au)
	defer C.free(p)
	var n C.gsize
	b := C.gc_test_config_only(p, C.gsize(len(au)), cc, &n)
	if b == nil {
		return nil
	}
	out := make([]byte, int(n))
	if n == 0 {
		C.gst_buffer_unref(b)
		return out
	}
	C.gc_test_copy(b, unsafe.Pointer(&out[0]), n)
	return out
}
