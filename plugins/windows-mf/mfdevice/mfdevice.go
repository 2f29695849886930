// Package mfdevice tells which GstDeviceMonitor entries are Media Foundation cameras and what
// their gstcast source URIs are. It is pure Go (no GStreamer), so it builds and is tested for
// Windows in CI, where the Windows GStreamer SDK the plugin itself needs cannot be had.
package mfdevice

import (
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// API is what GStreamer's Media Foundation device provider (mfdeviceprovider) writes in each
// device's device.api property; device.path is the camera's symbolic link
// (\\?\usb#vid_046d&pid_082d&mi_00#…#{e5323777-f976-4f5b-9b55-b94699c46e44}\global), the
// same across reboots and USB ports of the same camera, and device.name its friendly name.
const API = "mediafoundation"

// FromMonitor turns a device-monitor entry into a camera, or skips it: entries of other
// providers (DirectShow-only devices the MF provider does not list, virtual audio) and entries
// without a device path, which mfvideosrc could open only by index.
func FromMonitor(name, class string, props map[string]string) (pluginapi.Device, bool) {
	if props["device.api"] != API {
		return pluginapi.Device{}, false
	}
	path := props["device.path"]
	if path == "" {
		return pluginapi.Device{}, false
	}
	if n := props["device.name"]; n != "" {
		name = n
	}
	return pluginapi.Device{ID: path, Name: name, Class: class, API: "mf", URI: spec.MFDeviceURI(path), Properties: props}, true
}
