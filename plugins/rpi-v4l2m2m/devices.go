package main

import (
	"regexp"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
	"github.com/gstcast/gstcast/core/spec"
)

// libcameraUSB matches libcamera ids of USB (UVC) cameras, which end in "-VID:PID"
// (\_SB_.PCI0.XHC_.RHUB.HS08-8:1.0-04f2:b6d9): those are served by v4l2src, which the V4L2
// provider lists too, so libcamera's entry for them is left out.
var libcameraUSB = regexp.MustCompile(`-[0-9a-f]{4}:[0-9a-f]{4}$`)

// toDevice keeps the Pi's cameras: libcamera's provider lists CSI sensors by their libcamera id
// (/base/soc/i2c0mux/i2c@1/imx708@1a) with no properties at all, the V4L2 provider lists USB
// cameras by /dev node (and the Pi's codec, ISP and unicam nodes, which are not cameras).
func toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	if len(rd.Properties) == 0 && rd.Name != "" {
		if libcameraUSB.MatchString(rd.Name) {
			return pluginapi.Device{}, false
		}
		return pluginapi.Device{ID: rd.Name, Name: "libcamera " + rd.Name, Class: rd.Class, API: "libcamera",
			URI: spec.LibcameraURI(rd.Name), Formats: pluginkit.ParseCaps(rd.Caps)}, true
	}
	return pluginkit.V4L2Device(rd)
}
