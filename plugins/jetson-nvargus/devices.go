package main

import (
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
)

// toDevice keeps the device monitor's USB cameras. The Tegra VI's "vi-output" nodes are the CSI
// sensors, which libargus owns: they are listed as argus:// cameras by argus.go instead.
func toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) { return pluginkit.V4L2Device(rd) }
