package main

import (
	"testing"

	"github.com/gstcast/gstcast/core/gstreamer"
)

func TestCodecNodesAreNotCameras(t *testing.T) {
	cam := gstreamer.RawDevice{Name: "HD Pro Webcam C920", Class: "Video/Source",
		Caps:       "video/x-raw, format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction){ 30/1, 15/1 }; image/jpeg, width=(int)1920, height=(int)1080, framerate=(fraction)30/1",
		Properties: map[string]string{"device.path": "/dev/video0", "v4l2.device.driver": "uvcvideo", "v4l2.device.device_caps": "0x04200001"}}
	d, ok := toDevice(cam)
	if !ok || d.ID != "/dev/video0" || len(d.Formats) != 2 || d.Formats[1].Format != "MJPG" || len(d.Formats[0].Framerates) != 2 {
		t.Fatalf("camera: %+v %v", d, ok)
	}
	for _, rd := range []gstreamer.RawDevice{
		{Name: "bcm2835-codec-decode", Properties: map[string]string{"device.path": "/dev/video10", "v4l2.device.device_caps": "0x04204000"}},
		{Name: "bcm2835-isp", Properties: map[string]string{"device.path": "/dev/video13"}},
		{Name: "rpivid", Properties: map[string]string{"device.path": "/dev/video19", "v4l2.device.driver": "rpivid"}},
		{Name: "metadata node", Properties: map[string]string{"device.path": "/dev/video1", "v4l2.device.device_caps": "0x04a00000"}},
		{Name: "no path"},
	} {
		if _, ok := toDevice(rd); ok {
			t.Errorf("%s was listed as a camera", rd.Name)
		}
	}
}
