package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// Camera controls in the config: in a mount's source URI, in its controls list (after the
// URI's, in order), in a stream's request; and refused where a source has none.
func TestCameraControls(t *testing.T) {
	f, err := Parse([]byte(`
mounts:
  - name: cam
    source: v4l2:///dev/video0?ctrl.exposure_auto=1
    controls:
      - {name: exposure_time_absolute, value: 100}
      - {name: gain, value: "16"}
  - name: csi
    source: argus://0?mode=2
    controls: [{name: wbmode, value: daylight}]
streams:
  - name: usb
    source: v4l2:///dev/video2
    to: rtp://127.0.0.1:5000
    controls: [{name: brightness, value: 140}]
`))
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Specs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	want := [][]spec.Control{
		{{Name: "exposure_auto", Value: "1"}, {Name: "exposure_time_absolute", Value: "100"}, {Name: "gain", Value: "16"}},
		{{Name: "wbmode", Value: "daylight"}},
		{{Name: "brightness", Value: "140"}},
	}
	for i, s := range ss {
		if !reflect.DeepEqual(s.Source.Controls, want[i]) {
			t.Errorf("%s: controls %+v, want %+v", s.Name, s.Source.Controls, want[i])
		}
	}
	if ss[1].Source.Mode != "2" {
		t.Errorf("sensor mode %q", ss[1].Source.Mode)
	}
	f, err = Parse([]byte(`
mounts:
  - name: t
    source: test://ball
    controls: [{name: gain, value: 1}]
`))
	if err == nil {
		_, err = f.Specs(t.TempDir())
	}
	if err == nil || !strings.Contains(err.Error(), "no camera controls") {
		t.Errorf("controls on a test source: %v", err)
	}
}
