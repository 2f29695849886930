package main

import (
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
)

// V4L2 capability bits (linux/videodev2.h).
const (
	capVideoCapture      = 0x00000001
	capVideoCaptureMPlan = 0x00001000
	capVideoM2M          = 0x00008000
	capVideoM2MMPlane    = 0x00004000
)

// toDevice turns a device-monitor entry into a camera, or skips it. V4L2 memory-to-memory
// nodes (the hardware codecs and ISPs of SoCs, e.g. bcm2835-codec) are not cameras even when a
// provider lists them: they are skipped by their capability bits, and by name when a provider
// gives no bits.
func toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	path := rd.Properties["device.path"]
	if path == "" {
		path = rd.Properties["api.v4l2.path"] // pipewire's provider
	}
	if path == "" || !strings.HasPrefix(path, "/dev/") {
		return pluginapi.Device{}, false
	}
	if caps := rd.Properties["v4l2.device.device_caps"]; caps != "" {
		if n, err := strconv.ParseUint(caps, 0, 32); err == nil {
			if n&(capVideoM2M|capVideoM2MMPlane) != 0 || n&(capVideoCapture|capVideoCaptureMPlan) == 0 {
				return pluginapi.Device{}, false
			}
		}
	}
	name := strings.ToLower(rd.Name + " " + rd.Properties["v4l2.device.card"] + " " + rd.Properties["v4l2.device.driver"])
	for _, codec := range []string{"codec", "-isp", " isp", "m2m", "encoder", "decoder", "hantro", "rpivid", "cedrus"} {
		if strings.Contains(name, codec) {
			return pluginapi.Device{}, false
		}
	}
	return pluginapi.Device{ID: path, Name: rd.Name, Class: rd.Class, API: "v4l2", Formats: pluginkit.ParseCaps(rd.Caps), Properties: rd.Properties}, true
}
