package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlatformCameraSources(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Source
	}{
		{"v4l2:///dev/video0?ctrl.exposure_auto=1&ctrl.exposure_time_absolute=100&width=1280",
			Source{Kind: SourceV4L2, Device: "/dev/video0", Width: 1280,
				Controls: []Control{{"exposure_auto", "1"}, {"exposure_time_absolute", "100"}}}},
		{"v4l2:///dev/video0?ctrl.low_latency_mode", Source{Kind: SourceV4L2, Device: "/dev/video0",
			Controls: []Control{{"low_latency_mode", "1"}}}},
		{"argus://0", Source{Kind: SourceArgus, Device: "0"}},
		{"argus:///1?mode=2&width=1920&height=1080&fps=30&ctrl.gainrange=1%2016&ctrl.wbmode=daylight",
			Source{Kind: SourceArgus, Device: "1", Mode: "2", Width: 1920, Height: 1080, FPSNum: 30, FPSDen: 1,
				Controls: []Control{{"gainrange", "1 16"}, {"wbmode", "daylight"}}}},
		{"argus://0?format=nv12", Source{Kind: SourceArgus, Device: "0", Format: "NV12"}},
		{"libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a?width=1280&height=720",
			Source{Kind: SourceLibcamera, Device: "/base/soc/i2c0mux/i2c@1/imx708@1a", Width: 1280, Height: 720}},
		{"libcamera://", Source{Kind: SourceLibcamera}},
		{"mf://0?format=mjpeg&width=1920&height=1080", Source{Kind: SourceMF, Device: "0", Format: "MJPG", Width: 1920, Height: 1080}},
		{`mf://\\%3F\usb%23vid_046d&pid_082d&mi_00%237&2a1b%230000%23{e5323777-f976-4f5b-9b55-b94699c46e44}\global`,
			Source{Kind: SourceMF, Device: `\\?\usb#vid_046d&pid_082d&mi_00#7&2a1b#0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\global`}},
		{"plugin://example-folder/clip.mp4?loop=1", Source{Kind: SourcePlugin, Plugin: "example-folder"}},
	} {
		got, err := ParseSource(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		tc.want.URI = tc.in
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", tc.in, err)
		}
	}
}

func TestPlatformCameraSourceErrors(t *testing.T) {
	for in, want := range map[string]string{
		"argus://":                                    "sensor: required",
		"argus://256":                                 "out of range",
		"argus://0/x":                                 "path",
		"argus://0?format=YUY2":                       "NV12 only",
		"argus://0?mode=1&sensor-mode=2":              "both given",
		"v4l2:///dev/video0?ctrl.Gain=1":              "lower case",
		"v4l2:///dev/video0?ctrl.gain=1,x":            "holds ','",
		"v4l2:///dev/video0?ctrl.gain=1&ctrl.gain=2":  "more than once",
		"v4l2:///dev/video0?ctrl.=1":                  "needs a name",
		"v4l2:///dev/video0?ctrl.gain=%20":            "stray spaces",
		"v4l2:///dev/video0?ctrl.gain=a;b":            "holds ';'",
		"mf://":                                       "device: required",
		"mf://0?ctrl.gain=1":                          "unknown",
		"mf://a%00b":                                  "control character",
		"libcamera://a%zz":                            "percent-escape",
		"plugin://":                                   "plugin: required",
		"plugin://Bad/x":                              "lower case",
		"plugin://u:pw@x/y":                           "user info",
		"plugin://x/a b":                              "space",
		"test://?ctrl.gain=1":                         "unknown",
		"argus://0?ctrl.exposuretimerange=1\"2":       "holds",
		"libcamera:///x?ctrl.exposure-time=10&fps=30": "",
	} {
		_, err := ParseSource(in)
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}

// Controls belong to cameras; a hand-built spec that sets them elsewhere is refused.
func TestControlsOnlyOnCameras(t *testing.T) {
	s := Source{Kind: SourceTest, Controls: []Control{{"gain", "1"}}}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "controls") {
		t.Errorf("controls on a test source: %v", err)
	}
	s = Source{Kind: SourceMF, Device: "0", Controls: []Control{{"gain", "1"}}}
	if err := s.Validate(); err == nil {
		t.Error("controls on an mf source passed")
	}
	s = Source{Kind: SourceArgus, Device: "0", Mode: "x"}
	if err := s.Validate(); err == nil {
		t.Error("mode x passed")
	}
	s = Source{Kind: SourcePlugin, Plugin: "x", URI: "test://x"}
	if err := s.Validate(); err == nil {
		t.Error("plugin source without its URI passed")
	}
}

func TestCameraURIsRoundTrip(t *testing.T) {
	for _, id := range []string{`\\?\usb#vid_046d&pid_082d&mi_00#7&2a1b#0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\global`, "0", "a b%c"} {
		src, err := ParseSource(MFDeviceURI(id))
		if err != nil || src.Device != id {
			t.Errorf("%q → %s → %q, %v", id, MFDeviceURI(id), src.Device, err)
		}
	}
	for _, id := range []string{"/base/soc/i2c0mux/i2c@1/imx708@1a", `\_SB_.PCI0.XHC_.RHUB.HS08-8:1.0-04f2:b6d9`} {
		src, err := ParseSource(LibcameraURI(id))
		if err != nil || src.Device != id {
			t.Errorf("%q → %s → %q, %v", id, LibcameraURI(id), src.Device, err)
		}
	}
	if src, err := ParseSource(ArgusURI(3)); err != nil || src.Device != "3" {
		t.Errorf("argus: %+v %v", src, err)
	}
	q := ControlsQuery([]Control{{"gainrange", "1 16"}, {"wbmode", "1"}})
	src, err := ParseSource("argus://0?" + q)
	if err != nil || len(src.Controls) != 2 || src.Controls[0].Value != "1 16" {
		t.Errorf("%s: %+v %v", q, src, err)
	}
}

func TestRequestControls(t *testing.T) {
	r := Request{Source: "v4l2:///dev/video0?ctrl.exposure_auto=1", To: "rtp://127.0.0.1:5000",
		Controls: []Control{{"exposure_time_absolute", "100"}}}
	s, err := r.Spec(RTSPServer{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Control{{"exposure_auto", "1"}, {"exposure_time_absolute", "100"}}; !reflect.DeepEqual(s.Source.Controls, want) {
		t.Errorf("controls %+v", s.Source.Controls)
	}
	r.Controls = []Control{{"exposure_auto", "3"}}
	if _, err := r.Spec(RTSPServer{}); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Errorf("duplicate control: %v", err)
	}
	r = Request{Source: "test://", To: "rtp://127.0.0.1:5000", Controls: []Control{{"gain", "1"}}}
	if _, err := r.Spec(RTSPServer{}); err == nil {
		t.Error("controls on a test source passed")
	}
}
