package gstreamer

/*
#cgo pkg-config: gstreamer-1.0
#include <gst/gst.h>
#include <stdlib.h>

static char *msg_src_path(GstMessage *m) {
	if (GST_MESSAGE_SRC(m) == NULL) return NULL;
	return gst_object_get_path_string(GST_MESSAGE_SRC(m));
}
*/
import "C"

import (
	"unsafe"

	"github.com/go-gst/go-gst/gst"
)

// elementPath is the full path of a message's source, e.g. /GstPipeline:s1/GstUDPSrc:src, so
// an error says exactly which element failed.
func elementPath(m *gst.Message) string {
	p := C.msg_src_path((*C.GstMessage)(unsafe.Pointer(m.Instance())))
	if p == nil {
		return ""
	}
	defer C.g_free(C.gpointer(p))
	return C.GoString(p)
}
