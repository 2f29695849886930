package pluginapi

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/spec"
)

// dial runs impl behind a real in-process gRPC connection (go-plugin's test harness).
func dial(t *testing.T, impl Platform) Platform {
	t.Helper()
	client, _ := plugin.TestPluginGRPCConn(t, false, map[string]plugin.Plugin{PluginName: &GRPCPlugin{Impl: impl}})
	t.Cleanup(func() { client.Close() })
	raw, err := client.Dispense(PluginName)
	if err != nil {
		t.Fatal(err)
	}
	return raw.(Platform)
}

func TestSpecRoundTrip(t *testing.T) {
	in := &StreamSpec{
		Name: "cam",
		Source: spec.Source{Kind: spec.SourceRTSP, URI: "rtsp://u:p@h/x", Pattern: "ball", Stamp: true, Width: 640, Height: 480,
			FPSNum: 30000, FPSDen: 1001, Format: "NV12", Device: "/dev/video3", Path: "/a b.mp4", Loop: true, Address: "239.0.0.1",
			Port: 5600, PayloadType: 97, Codec: "h264", URL: "rtsp://h/x", User: "u", Password: "p", Transport: "tcp", LatencyMS: 20},
		Output:   spec.Output{Kind: spec.OutputRTP, URI: "rtp://1.2.3.4:5000", Host: "1.2.3.4", Port: 5000, TTL: 4, PayloadType: 96},
		Encoding: spec.Encoding{Codec: "h264", BitrateKbps: 1000, KeyframeInterval: 30, Hardware: spec.HWSoftware, Profile: "main", Encoder: "x264enc"},
	}
	got := specFromProto(specToProto(in))
	if !reflect.DeepEqual(in, got) {
		t.Fatalf("round trip changed the spec:\n in %+v\ngot %+v", in, got)
	}
}

func TestCallsCrossTheWire(t *testing.T) {
	var gotSpec *StreamSpec
	p := dial(t, &Mock{
		InfoFunc: func(context.Context) (*Info, error) {
			return &Info{Name: "linux-v4l2", Version: "1.2.3", Supported: true, SourceKinds: []string{"test", "v4l2"}}, nil
		},
		StartStreamFunc: func(_ context.Context, s *StreamSpec) (*Started, error) {
			gotSpec = s
			return &Started{ID: "s1", Plan: Plan{Launch: "videotestsrc ! fakesink", Encoder: "x264enc",
				Encoders: []ElementStatus{{Element: "vah264enc", Hardware: true, Reason: "not installed"}, {Element: "x264enc", Usable: true, Chosen: true}}}}, nil
		},
		WatchFunc: func(ctx context.Context, id string) (<-chan Event, error) {
			ch := make(chan Event, 2)
			ch <- Event{Type: EventState, ID: id, State: StatePlaying, Time: time.Unix(5, 0)}
			ch <- Event{Type: EventStats, ID: id, Stats: &Stats{Frames: 10, FPS: 30}}
			close(ch)
			return ch, nil
		},
		DevicesFunc: func(ctx context.Context, follow bool) (<-chan DeviceEvent, error) {
			ch := make(chan DeviceEvent, 2)
			ch <- DeviceEvent{Type: DeviceSnapshot, Device: Device{ID: "/dev/video0", Name: "Cam", Formats: []VideoFormat{{Format: "YUY2", Width: 640, Height: 480, Framerates: []Fraction{{30, 1}}}}}}
			ch <- DeviceEvent{Type: DeviceSnapshotDone}
			close(ch)
			return ch, nil
		},
	})
	ctx := context.Background()
	info, err := p.Info(ctx)
	if err != nil || info.Name != "linux-v4l2" || info.ProtocolVersion != ProtocolVersion || len(info.SourceKinds) != 2 {
		t.Fatalf("Info = %+v, %v", info, err)
	}
	st, err := p.StartStream(ctx, &StreamSpec{Source: spec.Source{Kind: spec.SourceTest, Width: 320}, Output: spec.Output{Kind: spec.OutputRTP, Port: 5}})
	if err != nil || st.ID != "s1" || st.Encoder != "x264enc" || len(st.Encoders) != 2 || !st.Encoders[1].Chosen {
		t.Fatalf("StartStream = %+v, %v", st, err)
	}
	if gotSpec == nil || gotSpec.Source.Width != 320 || gotSpec.Output.Port != 5 {
		t.Fatalf("plugin got spec %+v", gotSpec)
	}
	ch, err := p.Watch(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for ev := range ch {
		evs = append(evs, ev)
	}
	if len(evs) != 2 || evs[0].State != StatePlaying || !evs[0].Time.Equal(time.Unix(5, 0)) || evs[1].Stats.Frames != 10 {
		t.Fatalf("events = %+v", evs)
	}
	dch, err := p.Devices(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var devs []DeviceEvent
	for d := range dch {
		devs = append(devs, d)
	}
	if len(devs) != 2 || devs[0].Device.Formats[0].Framerates[0].Num != 30 || devs[1].Type != DeviceSnapshotDone {
		t.Fatalf("devices = %+v", devs)
	}
}

func TestErrorsKeepTheirIdentity(t *testing.T) {
	for _, sentinel := range []error{ErrNotFound, ErrDeviceNotFound, ErrFileNotFound, ErrInvalidSpec, ErrUnsupported, ErrNoEncoder, ErrNoDecoder, ErrPortInUse, ErrPipeline} {
		t.Run(sentinel.Error(), func(t *testing.T) {
			p := dial(t, &Mock{StopFunc: func(_ context.Context, id string) error {
				return fmt.Errorf("stop %q: %w", id, sentinel)
			}})
			err := p.Stop(context.Background(), "x")
			if !errors.Is(err, sentinel) {
				t.Fatalf("errors.Is(%v, %v) = false on the host", err, sentinel)
			}
			if want := fmt.Sprintf("stop %q: %v", "x", sentinel); err.Error() != want {
				t.Fatalf("message = %q, want %q", err.Error(), want)
			}
		})
	}
	// A plain error crosses as a plain error with its text.
	p := dial(t, &Mock{})
	_, err := p.Info(context.Background())
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("nil mock func: %v", err)
	}
	// Watch reports a bad id from Watch itself.
	p = dial(t, &Mock{WatchFunc: func(context.Context, string) (<-chan Event, error) {
		return nil, fmt.Errorf("watch: %w", ErrNotFound)
	}})
	if _, err := p.Watch(context.Background(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Watch(bad id) = %v", err)
	}
}

func TestServeAndViewRoundTrip(t *testing.T) {
	out := spec.Output{Kind: spec.OutputServe, Mount: "a/b", Readers: []string{"alice"}, Publishers: []string{"*"},
		Server: spec.RTSPServer{Address: "127.0.0.1", Port: 8554, Threads: 4, TLSCert: "C", TLSKey: "K", Auth: []string{"digest"},
			Users: []spec.User{{Name: "alice", Password: "pw"}}, MulticastRange: "239.0.0.1-239.0.0.9", MulticastPorts: "5000-5100", MulticastTTL: 2}}
	in := &StreamSpec{Source: spec.Source{Kind: spec.SourcePublish}, Output: out}
	if got := specFromProto(specToProto(in)); !reflect.DeepEqual(in, got) {
		t.Fatalf("serve output round trip:\n in %+v\ngot %+v", in, got)
	}
	pub := &StreamSpec{Output: spec.Output{Kind: spec.OutputPublish, URL: "rtsp://h/x", User: "u", Password: "p", Transport: "udp"}}
	if got := specFromProto(specToProto(pub)); !reflect.DeepEqual(pub, got) {
		t.Fatalf("publish output round trip:\n in %+v\ngot %+v", pub, got)
	}
	var gotView *ViewSpec
	p := dial(t, &Mock{StartViewFunc: func(_ context.Context, v *ViewSpec) (*ViewStarted, error) {
		gotView = v
		return &ViewStarted{ID: "v1", Ring: "gstcast-1-abc", Decoder: "avdec_h264", Launch: "x",
			Decoders: []ElementStatus{{Element: "vah264dec", Hardware: true, Reason: "not installed"}, {Element: "avdec_h264", Usable: true, Chosen: true}}}, nil
	}})
	v := &ViewSpec{Name: "cam", Source: spec.Source{Kind: spec.SourceRTSP, URL: "rtsp://h/x", User: "u", Password: "p", LatencyMS: 20}, Decoder: "avdec_h264", Hardware: spec.HWSoftware}
	st, err := p.StartView(context.Background(), v)
	if err != nil || st.Ring != "gstcast-1-abc" || len(st.Decoders) != 2 || !st.Decoders[1].Chosen {
		t.Fatalf("StartView = %+v, %v", st, err)
	}
	if !reflect.DeepEqual(gotView, v) {
		t.Fatalf("view spec changed on the wire:\n in %+v\ngot %+v", v, gotView)
	}
	if _, err := dial(t, &Mock{}).StartView(context.Background(), v); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("a plugin without views: %v", err)
	}
}
