// Command gstcast-plugin-jetson-nvargus is gstcast's platform plugin for NVIDIA Jetson: CSI
// sensors through libargus (nvarguscamerasrc, frames kept in NVMM up to nvv4l2h264enc), USB
// cameras through v4l2src, the nvv4l2 encoders and decoder. An Orin Nano has no hardware video
// encoder: the encoder probe finds that and x264enc serves, after nvvidconv to system memory.
// Argus sensors are not in GstDeviceMonitor: argus.go lists them with their sensor modes, and
// settings.go describes the Argus settings (exposure and gain ranges, white balance,
// saturation, …) that argus://ID?ctrl.NAME=VALUE sets.
package main

import (
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginkit"
)

func main() {
	a := newArgus()
	pluginkit.Serve(pipeline.JetsonNvargus(), pluginkit.Hooks{
		ToDevice: toDevice, ListDevices: a.devices, Controls: a.controls, Platform: jetson,
	})
}
