package mfdevice

import (
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func TestFromMonitor(t *testing.T) {
	path := `\\?\usb#vid_046d&pid_082d&mi_00#7&2a1b3c4d&0&0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\global`
	d, ok := FromMonitor("HD Pro Webcam C920", "Source/Video", map[string]string{"device.api": API, "device.path": path, "device.name": "HD Pro Webcam C920"})
	if !ok || d.ID != path || d.API != "mf" {
		t.Fatalf("%+v %v", d, ok)
	}
	src, err := spec.ParseSource(d.URI)
	if err != nil || src.Kind != spec.SourceMF || src.Device != path {
		t.Errorf("URI %s parses to %+v, %v", d.URI, src, err)
	}
	for _, props := range []map[string]string{
		{"device.api": "v4l2", "device.path": "/dev/video0"},
		{"device.api": API},
		nil,
	} {
		if _, ok := FromMonitor("x", "Video/Source", props); ok {
			t.Errorf("%v was listed", props)
		}
	}
}
