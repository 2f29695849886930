// Command gstcast-plugin-windows-mf is gstcast's platform plugin for Windows: Media Foundation
// cameras (mfvideosrc, by the device path GstDeviceMonitor reports, stable across reboots; the
// device index as a fallback), MJPEG cameras decoded by a hardware JPEG decoder where one passes
// its test and jpegdec otherwise, NVENC / Quick Sync / Media Foundation hardware encoders with
// x264 fallback, D3D11/D3D12/NVDEC decoders for viewers (frames to the viewer window through the
// file-mapping frame ring, core/framering), and screen capture through d3d11screencapturesrc.
// Everything about the platform is its profile (core/pipeline); which device-monitor entries are
// its cameras is package mfdevice, pure Go, so that it is checked on every OS.
package main

import (
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
	"github.com/gstcast/gstcast/plugins/windows-mf/mfdevice"
)

func main() {
	pluginkit.Serve(pipeline.WindowsMF(), pluginkit.Hooks{ToDevice: toDevice})
}

func toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	d, ok := mfdevice.FromMonitor(rd.Name, rd.Class, rd.Properties)
	if ok {
		d.Formats = pluginkit.ParseCaps(rd.Caps)
	}
	return d, ok
}
