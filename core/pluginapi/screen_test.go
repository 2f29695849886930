package pluginapi

import (
	"reflect"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// TestScreenAndRawFrameFieldsCrossTheWire: the screen fields (proto 40–45) and the raw-frame
// sources' path, format and size survive the plugin connection.
func TestScreenAndRawFrameFieldsCrossTheWire(t *testing.T) {
	for _, src := range []spec.Source{
		{Kind: spec.SourceScreen, URI: "screen://1?display=:99", Device: "1", Display: ":99.0", ScreenNum: 2, X: 8, Y: 16,
			Width: 320, Height: 240, FPSNum: 15, FPSDen: 1, Cursor: true, Capture: "x11"},
		{Kind: spec.SourceFD, Path: "/tmp/fifo", Format: "BGR", Width: 640, Height: 480, FPSNum: 30, FPSDen: 1},
		{Kind: spec.SourceSHM, Path: "/tmp/sock", Format: "I420", Width: 640, Height: 480, FPSNum: 30, FPSDen: 1},
	} {
		in := &StreamSpec{Source: src, Output: spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5000}}
		if got := specFromProto(specToProto(in)); !reflect.DeepEqual(in, got) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got.Source, in.Source)
		}
	}
}
