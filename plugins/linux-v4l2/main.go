// Command gstcast-plugin-linux-v4l2 is gstcast's platform plugin for desktop and server Linux:
// V4L2 cameras, VA-API / V4L2 M2M / NVENC hardware encoders with x264 and OpenH264 fallbacks.
// The host starts it; run by hand it prints a hint and exits.
package main

import (
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
	"github.com/gstcast/gstcast/core/spec"
)

func main() {
	p := pluginkit.New(pluginkit.Config{
		Profile:          pipeline.LinuxV4L2(),
		OS:               "linux",
		RequiredElements: []string{"videotestsrc", "videoconvert", "rtph264pay", "rtph264depay", "h264parse", "udpsink", "udpsrc", "appsink"},
		SourceKinds:      []spec.SourceKind{spec.SourceTest, spec.SourceV4L2, spec.SourceFile, spec.SourceRTP, spec.SourceRTSP, spec.SourcePublish},
		ToDevice:         toDevice,
		Logger:           pluginapi.NewLogger(""),
	})
	p.Guard(3 * time.Second)
	defer p.StopAll()
	pluginapi.Serve(p)
}
