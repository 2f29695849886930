package pluginapi

import (
	"context"
	"reflect"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// The fields added for platform cameras and plugin choice cross the wire unchanged: a source's
// mode, controls and plugin, a device's URI, sensor modes and controls, a plugin's priority.
func TestCameraFieldsCrossTheWire(t *testing.T) {
	src := spec.Source{Kind: spec.SourceArgus, URI: "argus://0?mode=1&ctrl.wbmode=5", Device: "0", Mode: "1",
		Controls: []spec.Control{{Name: "wbmode", Value: "5"}, {Name: "gainrange", Value: "1 16"}}}
	in := &StreamSpec{Source: src}
	if got := specFromProto(specToProto(in)); !reflect.DeepEqual(in, got) {
		t.Fatalf("round trip:\n in %+v\ngot %+v", in, got)
	}
	plug := &StreamSpec{Source: spec.Source{Kind: spec.SourcePlugin, URI: "plugin://x/y", Plugin: "x"}}
	if got := specFromProto(specToProto(plug)); !reflect.DeepEqual(plug, got) {
		t.Fatalf("plugin source round trip: %+v", got)
	}
	dev := Device{ID: "0", Name: "imx219", API: "argus", URI: "argus://0",
		Formats: []VideoFormat{{Format: "NV12", Width: 3280, Height: 2464, Framerates: []Fraction{{21, 1}}, Mode: "0"}},
		Controls: []Control{
			{Name: "exposuretimerange", Label: "Exposure time range", Type: "range", Min: "13000", Max: "683709000", Unit: "ns"},
			{Name: "wbmode", Type: "enum", Default: "1", Menu: []MenuItem{{"0", "off"}, {"1", "auto"}}, Flags: []string{"inactive"}},
		}}
	var gotSpec *StreamSpec
	p := dial(t, &Mock{
		InfoFunc: func(context.Context) (*Info, error) {
			return &Info{Name: "jetson-nvargus", Priority: 20, Supported: true}, nil
		},
		DevicesFunc: func(ctx context.Context, follow bool) (<-chan DeviceEvent, error) {
			ch := make(chan DeviceEvent, 2)
			ch <- DeviceEvent{Type: DeviceSnapshot, Device: dev}
			ch <- DeviceEvent{Type: DeviceSnapshotDone}
			close(ch)
			return ch, nil
		},
		StartStreamFunc: func(_ context.Context, s *StreamSpec) (*Started, error) {
			gotSpec = s
			return &Started{ID: "s1"}, nil
		},
	})
	ctx := context.Background()
	if info, err := p.Info(ctx); err != nil || info.Priority != 20 {
		t.Fatalf("Info = %+v, %v", info, err)
	}
	ch, err := p.Devices(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	got := (<-ch).Device
	if !reflect.DeepEqual(got, dev) {
		t.Fatalf("device:\n got %+v\nwant %+v", got, dev)
	}
	if _, err := p.StartStream(ctx, in); err != nil || !reflect.DeepEqual(gotSpec.Source, src) {
		t.Fatalf("StartStream source %+v, %v", gotSpec, err)
	}
}
