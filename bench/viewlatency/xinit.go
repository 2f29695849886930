package main

/*
#cgo pkg-config: x11
#include <X11/Xlib.h>
*/
import "C"

// GStreamer's X11 video sinks are driven from streaming threads; without XInitThreads before
// the first X call, Xlib crashes in a process that did not start as gst-launch-1.0 does.
func init() { C.XInitThreads() }
