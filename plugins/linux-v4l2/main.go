// Command gstcast-plugin-linux-v4l2 is gstcast's platform plugin for desktop and server Linux:
// V4L2 cameras, VA-API / V4L2 M2M / NVENC hardware encoders with x264 and OpenH264 fallbacks.
// Everything about the platform is its profile (core/pipeline); what is its own alone is how
// device-monitor entries become cameras (devices.go). The host starts it; run by hand it prints
// a hint and exits.
package main

import (
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginkit"
)

func main() {
	pluginkit.Serve(pipeline.LinuxV4L2(), pluginkit.Hooks{ToDevice: toDevice})
}
