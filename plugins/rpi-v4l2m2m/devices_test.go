package main

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/gstreamer"
)

func TestPiCameras(t *testing.T) {
	csi := gstreamer.RawDevice{Name: "/base/soc/i2c0mux/i2c@1/imx708@1a", Class: "Source/Video",
		Caps: "video/x-raw, format=(string)NV12, width=(int)1536, height=(int)864; video/x-raw, format=(string)NV12, width=(int)2304, height=(int)1296"}
	d, ok := toDevice(csi)
	if !ok || d.API != "libcamera" || d.ID != csi.Name || d.URI != "libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a" || len(d.Formats) != 2 {
		t.Fatalf("CSI camera: %+v %v", d, ok)
	}
	usbByLibcamera := gstreamer.RawDevice{Name: `/base/scb/pcie@7d500000/pci@0,0/usb@0,0-1.2:1.0-046d:0825`, Class: "Source/Video"}
	if _, ok := toDevice(usbByLibcamera); ok {
		t.Error("libcamera's entry of a USB camera was listed (v4l2src serves it)")
	}
	usb := gstreamer.RawDevice{Name: "HD Webcam C525", Class: "Video/Source", Properties: map[string]string{
		"device.path": "/dev/video0", "v4l2.device.driver": "uvcvideo", "v4l2.device.device_caps": "0x04200001"}}
	if d, ok := toDevice(usb); !ok || d.API != "v4l2" || d.URI != "v4l2:///dev/video0" {
		t.Errorf("USB camera: %+v %v", d, ok)
	}
	for _, rd := range []gstreamer.RawDevice{
		{Name: "unicam-image", Properties: map[string]string{"device.path": "/dev/video0", "v4l2.device.driver": "unicam", "v4l2.device.device_caps": "0x04200001"}},
		{Name: "rp1-cfe-csi2_ch0", Properties: map[string]string{"device.path": "/dev/video0", "v4l2.device.driver": "rp1-cfe"}},
		{Name: "bcm2835-codec-encode", Properties: map[string]string{"device.path": "/dev/video11", "v4l2.device.device_caps": "0x04204000"}},
	} {
		if _, ok := toDevice(rd); ok {
			t.Errorf("%s was listed as a camera", rd.Name)
		}
	}
}

func TestIsPi(t *testing.T) {
	for model, want := range map[string]string{
		"Raspberry Pi 4 Model B Rev 1.4":        "Raspberry Pi 4 Model B Rev 1.4",
		"Raspberry Pi 5 Model B Rev 1.0":        "no H.264 hardware encoder",
		"NVIDIA Jetson Orin Nano Developer Kit": "not a Raspberry Pi (device-tree model: NVIDIA",
		"":                                      "no device-tree model",
	} {
		ok, note := isPi(model)
		if !strings.Contains(note, want) || ok != strings.HasPrefix(model, "Raspberry") {
			t.Errorf("%q: %v %q", model, ok, note)
		}
	}
	if got := readModel("/nonexistent"); got != "" {
		t.Errorf("readModel of nothing: %q", got)
	}
}
