package main

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginkit"
	"github.com/gstcast/gstcast/core/spec"
)

// What nvarguscamerasrc prints when it opens an IMX219 (Raspberry Pi camera v2) on a Jetson Nano.
const imx219 = `Setting pipeline to PAUSED ...
GST_ARGUS: Creating output stream
CONSUMER: Waiting until producer is connected...
GST_ARGUS: Available Sensor modes :
GST_ARGUS: 3264 x 2464 FR = 21.000000 fps Duration = 47619048 ; Analog Gain range min 1.000000, max 10.625000; Exposure Range min 13000, max 683709000;

GST_ARGUS: 3264 x 1848 FR = 28.000001 fps Duration = 35714284 ; Analog Gain range min 1.000000, max 10.625000; Exposure Range min 13000, max 683709000;

GST_ARGUS: 1920 x 1080 FR = 29.999999 fps Duration = 33333334 ; Analog Gain range min 1.000000, max 10.625000; Exposure Range min 13000, max 683709000;

GST_ARGUS: 1280 x 720 FR = 59.999999 fps Duration = 16666667 ; Analog Gain range min 1.000000, max 10.625000; Exposure Range min 13000, max 683709000;

GST_ARGUS: Running with following settings:
   Camera index = 0
   Camera mode  = 2
`

func TestParseModes(t *testing.T) {
	ms := parseModes(imx219)
	if len(ms) != 4 || ms[2] != (mode{1920, 1080, 29.999999, 1, 10.625, 13000, 683709000}) {
		t.Fatalf("modes %+v", ms)
	}
	for fps, want := range map[float64]pluginapi.Fraction{29.999999: {Num: 30, Den: 1}, 28.000001: {Num: 28, Den: 1}, 59.940060: {Num: 60000, Den: 1001}, 12.5: {Num: 12500, Den: 1000}} {
		if got := rate(fps); got != want {
			t.Errorf("rate(%v) = %v, want %v", fps, got, want)
		}
	}
}

// Without VI nodes, sensor ids are tried until one fails; with them, each is listed by name.
func TestListSensors(t *testing.T) {
	calls := 0
	a := &argus{nodes: func() []string { return nil }, run: func(_ context.Context, id int) (string, error) {
		calls++
		if id < 2 {
			return imx219, nil
		}
		return "ARGUS_ERROR: Error generated. Invalid camera index", errors.New("exit status 1")
	}}
	ds, err := a.devices(context.Background())
	if err != nil || len(ds) != 2 || calls != 3 {
		t.Fatalf("devices %d (%v), %d probes", len(ds), err, calls)
	}
	d := ds[1]
	if d.ID != "1" || d.URI != "argus://1" || d.API != "argus" || len(d.Formats) != 4 || d.Formats[3].Mode != "3" ||
		d.Formats[3].Framerates[0] != (pluginapi.Fraction{Num: 60, Den: 1}) || !strings.Contains(d.Properties["argus.mode.2"], "1920x1080 at 30 fps") {
		t.Errorf("device %+v", d)
	}
	exp := d.Controls[0]
	if exp.Name != "exposuretimerange" || exp.Min != "13000" || exp.Max != "683709000" || d.Controls[1].Max != "10.625" {
		t.Errorf("controls %+v", d.Controls[:2])
	}
	if _, err := a.devices(context.Background()); err != nil || calls != 3 {
		t.Errorf("the list is not cached: %d probes", calls)
	}

	b := &argus{nodes: func() []string { return []string{"imx477 9-001a", "imx219 10-0010"} },
		run: func(_ context.Context, id int) (string, error) {
			if id == 1 {
				return "", errors.New("busy")
			}
			return imx219, nil
		}}
	ds, _ = b.devices(context.Background())
	if len(ds) != 2 || !strings.HasPrefix(ds[0].Name, "imx477 9-001a") || len(ds[1].Formats) != 0 {
		t.Errorf("with VI nodes: %+v", ds)
	}
}

// Argus settings are checked against the sensor's limits and reach nvarguscamerasrc as its
// own property values.
func TestArgusSettings(t *testing.T) {
	a := &argus{nodes: func() []string { return nil }, run: func(_ context.Context, id int) (string, error) {
		if id == 0 {
			return imx219, nil
		}
		return "", errors.New("no sensor")
	}}
	src := spec.Source{Kind: spec.SourceArgus, Device: "0"}
	cs, ok, err := a.controls(context.Background(), src)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	got, err := pluginkit.ResolveControls(cs, []spec.Control{{Name: "exposuretimerange", Value: "34000 358733000"},
		{Name: "gainrange", Value: "1 8"}, {Name: "wbmode", Value: "daylight"}, {Name: "saturation", Value: "1.2"},
		{Name: "aelock", Value: "on"}}, false)
	want := []spec.Control{{Name: "exposuretimerange", Value: "34000 358733000"}, {Name: "gainrange", Value: "1 8"},
		{Name: "wbmode", Value: "5"}, {Name: "saturation", Value: "1.2"}, {Name: "aelock", Value: "true"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("resolved %v, %v", got, err)
	}
	for _, bad := range []spec.Control{{Name: "exposuretimerange", Value: "1000 358733000"}, {Name: "gainrange", Value: "1 20"},
		{Name: "wbmode", Value: "sunny"}, {Name: "exposure", Value: "1"}} {
		if _, err := pluginkit.ResolveControls(cs, []spec.Control{bad}, false); err == nil {
			t.Errorf("%v passed", bad)
		}
	}
	if _, ok, _ := a.controls(context.Background(), spec.Source{Kind: spec.SourceV4L2, Device: "/dev/video1"}); ok {
		t.Error("a USB camera got Argus settings")
	}
}

func TestIsJetson(t *testing.T) {
	for _, c := range []struct{ model, release, want string }{
		{"NVIDIA Jetson Orin Nano Developer Kit", "# R36 (release), REVISION: 3.0, GCID: 36923193", "Orin Nano has no hardware video encoder"},
		{"NVIDIA Jetson Xavier NX Developer Kit", "# R35 (release), REVISION: 4.1", "L4T R35 (release)"},
		{"Raspberry Pi 4 Model B", "", "not an NVIDIA Jetson"},
		{"", "", "no device-tree model"},
	} {
		ok, note := isJetson(c.model, c.release)
		if ok != strings.Contains(c.model, "Jetson") || !strings.Contains(note, c.want) {
			t.Errorf("%q: %v %q", c.model, ok, note)
		}
	}
}
