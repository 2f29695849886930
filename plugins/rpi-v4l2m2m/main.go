// Command gstcast-plugin-rpi-v4l2m2m is gstcast's platform plugin for the Raspberry Pi: CSI
// cameras through libcamera (libcamerasrc), USB cameras through v4l2src, the V4L2 memory-to-memory
// codecs (v4l2convert, v4l2h264enc with its controls, v4l2h264dec with dmabuf I/O). A Pi 5 has no
// H.264 encoder or decoder: the probes find that and x264enc and avdec_h264 serve. Everything about
// the platform is its profile (core/pipeline); what is its own alone is telling a Pi (board.go)
// and which device-monitor entries are its cameras (devices.go).
package main

import (
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginkit"
)

func main() {
	pluginkit.Serve(pipeline.RPiV4L2M2M(), pluginkit.Hooks{ToDevice: toDevice, Platform: raspberryPi})
}
