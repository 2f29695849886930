package main

import (
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
)

// toDevice keeps the device monitor's V4L2 cameras: codec and ISP nodes are not cameras even
// when a provider lists them (pluginkit.V4L2Device says which).
func toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) { return pluginkit.V4L2Device(rd) }
