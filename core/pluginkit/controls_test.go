package pluginkit

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// webcamControls is what V4L2Controls reads from a UVC webcam.
var webcamControls = []pluginapi.Control{
	{Name: "brightness", Type: "int", Min: "0", Max: "255", Step: "1", Default: "128"},
	{Name: "exposure_auto", Type: "menu", Min: "0", Max: "3", Menu: []pluginapi.MenuItem{{Value: "1", Name: "Manual Mode"}, {Value: "3", Name: "Aperture Priority Mode"}}},
	{Name: "exposure_time_absolute", Type: "int", Min: "3", Max: "2047", Step: "1", Flags: []string{"inactive"}},
	{Name: "white_balance_automatic", Type: "bool", Min: "0", Max: "1", Step: "1"},
	{Name: "pixel_rate", Type: "int64", Flags: []string{"read-only"}},
}

func TestResolveControls(t *testing.T) {
	got, err := ResolveControls(webcamControls, []spec.Control{{Name: "exposure_auto", Value: "manual_mode"},
		{Name: "exposure_time_absolute", Value: "100"}, {Name: "white_balance_automatic", Value: "off"}}, true)
	want := []spec.Control{{Name: "exposure_auto", Value: "1"}, {Name: "exposure_time_absolute", Value: "100"}, {Name: "white_balance_automatic", Value: "0"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("resolved %v, %v", got, err)
	}
	// Element properties take words for switches and numbers for enums.
	argus := []pluginapi.Control{{Name: "aelock", Type: "bool"}, {Name: "wbmode", Type: "enum", Menu: []pluginapi.MenuItem{{Value: "5", Name: "daylight"}}},
		{Name: "gainrange", Type: "range", Min: "1", Max: "16"}, {Name: "saturation", Type: "float", Min: "0", Max: "2"}}
	got, err = ResolveControls(argus, []spec.Control{{Name: "aelock", Value: "1"}, {Name: "wbmode", Value: "daylight"},
		{Name: "gainrange", Value: "1 8"}, {Name: "saturation", Value: "1.5"}}, false)
	want = []spec.Control{{Name: "aelock", Value: "true"}, {Name: "wbmode", Value: "5"}, {Name: "gainrange", Value: "1 8"}, {Name: "saturation", Value: "1.5"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("argus resolved %v, %v", got, err)
	}
	for _, bad := range []struct {
		descs []pluginapi.Control
		c     spec.Control
		want  string
	}{
		{webcamControls, spec.Control{Name: "exposure", Value: "1"}, "no control \"exposure\" (it has: brightness, exposure_auto, exposure_time_absolute, white_balance_automatic;"},
		{webcamControls, spec.Control{Name: "brightness", Value: "300"}, "above its maximum 255"},
		{webcamControls, spec.Control{Name: "exposure_auto", Value: "2"}, "no entry \"2\" (1: Manual Mode, 3: Aperture Priority Mode)"},
		{webcamControls, spec.Control{Name: "pixel_rate", Value: "2"}, "read-only"},
		{argus, spec.Control{Name: "gainrange", Value: "1 20"}, "above its maximum 16"},
		{argus, spec.Control{Name: "gainrange", Value: "8 1"}, "takes a range"},
		{argus, spec.Control{Name: "saturation", Value: "x"}, "takes a number"},
	} {
		if _, err := ResolveControls(bad.descs, []spec.Control{bad.c}, true); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v, want %q", bad.c, err, bad.want)
		}
	}
}

// A v4l2 source's controls are checked against the node's own before anything is built, and
// reach v4l2src's extra-controls as numbers; a node that cannot be read fails the plan.
func TestControlsInThePlan(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	p.v4l2Controls = func(path string) ([]pluginapi.Control, error) {
		if path != "/dev/null" {
			return nil, errors.New("not a V4L2 device")
		}
		return webcamControls, nil
	}
	s := &spec.StreamSpec{Source: spec.Source{Kind: spec.SourceV4L2, Device: "/dev/null", Format: "H264",
		Controls: []spec.Control{{Name: "exposure_auto", Value: "Manual Mode"}, {Name: "exposure_time_absolute", Value: "100"}}},
		Output: spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5000}}
	g, plan, err := p.plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := g.Elements[0].Prop("extra-controls"); v != "controls,exposure_auto=1,exposure_time_absolute=100" {
		t.Errorf("extra-controls %q\n%s", v, plan.Launch)
	}
	if s.Source.Controls[0].Value != "Manual Mode" {
		t.Error("the caller's spec was changed")
	}
	s.Source.Controls = []spec.Control{{Name: "gain", Value: "1"}}
	if _, _, err := p.plan(context.Background(), s); !errors.Is(err, pluginapi.ErrInvalidSpec) || !strings.Contains(err.Error(), `no control "gain"`) {
		t.Errorf("unknown control: %v", err)
	}
	s.Source.Device = "/dev/zero"
	if _, _, err := p.plan(context.Background(), s); !errors.Is(err, pluginapi.ErrDeviceNotFound) || !strings.Contains(err.Error(), "cannot read its controls") {
		t.Errorf("unreadable node: %v", err)
	}
}

// Devices lists a V4L2 camera's URI and controls.
func TestDevicesCarryControlsAndURI(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{ToDevice: byPath}, nil)
	monitorWith(p, webcam("/dev/video4"))
	p.v4l2Controls = func(path string) ([]pluginapi.Control, error) { return webcamControls, nil }
	ch, err := p.Devices(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	d := (<-ch).Device
	if d.URI != "v4l2:///dev/video4" || len(d.Controls) != len(webcamControls) {
		t.Errorf("device %+v", d)
	}
	for range ch {
	}
}

// Platform cameras are found in the plugin's own list or the monitor's, by id, index or path.
func TestCheckCamera(t *testing.T) {
	mf := func(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
		return pluginapi.Device{ID: rd.Properties["device.path"], Name: rd.Name, API: "mf"}, true
	}
	p := New(pipeline.WindowsMF(), Hooks{ToDevice: mf}, nil)
	monitorWith(p, gstreamer.RawDevice{Name: "Cam A", Properties: map[string]string{"device.path": `\\?\USB#VID_046D#A`}},
		gstreamer.RawDevice{Name: "Cam B", Properties: map[string]string{"device.path": `\\?\usb#vid_1234#b`}})
	ctx := context.Background()
	for dev, ok := range map[string]bool{`\\?\usb#vid_046d#a`: true, `\\?\usb#vid_1234#b`: true, "0": true, "1": true, "2": false, `\\?\usb#x`: false} {
		err := p.checkCamera(ctx, spec.Source{Kind: spec.SourceMF, Device: dev})
		if (err == nil) != ok || err != nil && !errors.Is(err, pluginapi.ErrDeviceNotFound) {
			t.Errorf("mf %s: %v", dev, err)
		}
	}
	jet := New(pipeline.JetsonNvargus(), Hooks{ListDevices: (&argus{}).list}, nil)
	monitorWith(jet)
	if err := jet.checkCamera(ctx, spec.Source{Kind: spec.SourceArgus, Device: "7"}); err == nil || !strings.Contains(err.Error(), "there are: sensor-0") {
		t.Errorf("missing sensor: %v", err)
	}
	pi := New(pipeline.RPiV4L2M2M(), Hooks{}, nil)
	monitorWith(pi)
	if err := pi.checkCamera(ctx, spec.Source{Kind: spec.SourceLibcamera}); !errors.Is(err, pluginapi.ErrDeviceNotFound) {
		t.Errorf("no libcamera cameras: %v", err)
	}
}

// A platform hook that says "not this board" makes the plugin unsupported, unless stand-ins run.
func TestPlatformHook(t *testing.T) {
	prof := pipeline.LinuxV4L2()
	notPi := Hooks{Platform: func() (bool, string) { return false, "this is not a Raspberry Pi" }}
	t.Setenv(AnyOSEnv, "")
	i, _ := New(prof, notPi, nil).Info(context.Background())
	if i.Supported || i.Reason != "this is not a Raspberry Pi" || i.Priority != pipeline.PriorityGeneric {
		t.Errorf("not a Pi: %+v", i)
	}
	t.Setenv(AnyOSEnv, "1")
	i, _ = New(prof, notPi, nil).Info(context.Background())
	if !i.Supported || !strings.Contains(i.Reason, "this is not a Raspberry Pi; "+AnyOSEnv+" is set") {
		t.Errorf("not a Pi, stand-ins: %+v", i)
	}
	pi := Hooks{Platform: func() (bool, string) { return true, "Raspberry Pi 4 Model B Rev 1.4" }}
	i, _ = New(prof, pi, nil).Info(context.Background())
	if !i.Supported || !strings.Contains(i.Reason, "Raspberry Pi 4") {
		t.Errorf("a Pi: %+v", i)
	}
}

// An MJPEG camera gets the first JPEG decoder that works: here vajpegdec is not installed
// (no VA-API JPEG decoder on this machine) or fails, and jpegdec decodes.
func TestMJPEGDecoderChoice(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	prof := pipeline.LinuxV4L2()
	prof.JPEGDecoders = append([]pipeline.Decoder{{Element: "gstcastnosuchjpegdec", Hardware: true}}, prof.JPEGDecoders...)
	p.prof = prof
	dec, err := p.jpegDecoder(context.Background())
	if err != nil || (dec != "jpegdec" && dec != "vajpegdec") {
		t.Fatalf("chose %q, %v", dec, err)
	}
	if r := p.jpegProbe["gstcastnosuchjpegdec"]; !errors.Is(r.err, gstreamer.ErrMissingElement) {
		t.Errorf("missing decoder's probe: %v", r.err)
	}
}
