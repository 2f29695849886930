package pluginkit

import (
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// V4L2 capability bits (linux/videodev2.h).
const (
	capVideoCapture      = 0x00000001
	capVideoCaptureMPlan = 0x00001000
	capVideoM2M          = 0x00008000
	capVideoM2MMPlane    = 0x00004000
)

// notCameras are words in the names and drivers of V4L2 nodes that v4l2src cannot use as a
// camera: the hardware codecs and ISPs of SoCs (bcm2835-codec, hantro, rpivid, cedrus) and the
// raw sensor nodes that libcamera or libargus own (unicam and rp1-cfe on a Pi, the Tegra VI's
// "vi-output" nodes on a Jetson).
var notCameras = []string{"codec", "-isp", " isp", "m2m", "encoder", "decoder", "hantro", "rpivid", "cedrus",
	"unicam", "rp1-cfe", "pispbe", "vi-output", "tegra-video"}

// V4L2Device turns a device-monitor entry into a V4L2 camera, or skips it: entries without a
// /dev node, memory-to-memory nodes (by their capability bits, and by name when the provider
// gives no bits), and the raw sensor nodes of platform camera stacks.
func V4L2Device(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
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
	for _, w := range notCameras {
		if strings.Contains(name, w) {
			return pluginapi.Device{}, false
		}
	}
	return pluginapi.Device{ID: path, Name: rd.Name, Class: rd.Class, API: "v4l2", URI: "v4l2://" + path,
		Formats: ParseCaps(rd.Caps), Properties: rd.Properties}, true
}
