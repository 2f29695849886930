package gstreamer

/*
#cgo pkg-config: gstreamer-1.0
#include <gst/gst.h>
*/
import "C"

import (
	"strings"
	"sync"

	"github.com/go-gst/go-gst/gst"
)

var initOnce sync.Once

// Init initialises GStreamer once per process. Every exported entry point calls it.
func Init() {
	initOnce.Do(func() { gst.Init(nil) })
}

// Version is the GStreamer runtime version, e.g. "1.22.0".
func Version() string {
	Init()
	v := C.gst_version_string() // "GStreamer 1.22.0"
	defer C.g_free(C.gpointer(v))
	s := C.GoString(v)
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// HasElement reports whether an element factory is installed.
func HasElement(factory string) bool {
	Init()
	return gst.Find(factory) != nil
}
