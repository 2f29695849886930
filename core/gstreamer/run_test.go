package gstreamer

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

type recorder struct {
	mu  sync.Mutex
	evs []pluginapi.Event
}

func (r *recorder) add(ev pluginapi.Event) { r.mu.Lock(); r.evs = append(r.evs, ev); r.mu.Unlock() }
func (r *recorder) find(t pluginapi.EventType) *pluginapi.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.evs {
		if r.evs[i].Type == t {
			ev := r.evs[i]
			return &ev
		}
	}
	return nil
}

func sender(t *testing.T, port int) pipeline.Graph {
	t.Helper()
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: port},
		Encoding: spec.Encoding{BitrateKbps: 500, KeyframeInterval: 10},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func freePort(t *testing.T) int {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

func TestRunStatsAndStop(t *testing.T) {
	var rec recorder
	r, err := Start(context.Background(), sender(t, freePort(t)), RunOptions{Name: "t1", OnEvent: rec.add, StatsEvery: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for r.Stats().Frames < 15 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	st := r.Stats()
	if st.Frames < 15 || st.Bytes == 0 || st.Keyframes == 0 {
		t.Fatalf("stats %+v", st)
	}
	r.Stop(2 * time.Second)
	select {
	case <-r.Done():
	default:
		t.Fatal("Done not closed after Stop")
	}
	if ev := rec.find(pluginapi.EventStats); ev == nil || ev.Stats.FPS <= 0 {
		t.Fatalf("no stats event with fps: %+v", ev)
	}
	if rec.find(pluginapi.EventState) == nil {
		t.Fatal("no state events")
	}
	r.Stop(time.Second) // twice is harmless
}

// A GStreamer error keeps its element path and debug text and maps to the contract's sentinel.
func TestPortInUseKeepsElementPath(t *testing.T) {
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	port := c.LocalAddr().(*net.UDPAddr).Port
	g := pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "udpsrc", Name: "src", Props: []pipeline.Prop{{Name: "address", Value: "127.0.0.1"}, {Name: "port", Value: itoa(port)}, {Name: "reuse", Value: "false"}}},
		{Factory: "fakesink", Name: "out"},
	}}
	var rec recorder
	_, err = Start(context.Background(), g, RunOptions{Name: "busy", OnEvent: rec.add, StartTimeout: 5 * time.Second})
	if !errors.Is(err, pluginapi.ErrPortInUse) {
		t.Fatalf("err = %v, want ErrPortInUse", err)
	}
	if !strings.Contains(err.Error(), "/GstPipeline:busy/GstUDPSrc:src") {
		t.Fatalf("no element path in %v", err)
	}
	if ev := rec.find(pluginapi.EventError); ev == nil || ev.Element == "" || ev.Debug == "" {
		t.Fatalf("error event %+v", ev)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		g    pipeline.Graph
		want string
	}{
		{pipeline.Graph{Elements: []pipeline.Element{{Factory: "nosuchelement"}}}, "nosuchelement: not installed"},
		{pipeline.Graph{Elements: []pipeline.Element{{Factory: "videotestsrc", Props: []pipeline.Prop{{Name: "no-such-prop", Value: "1"}}}}}, `no property "no-such-prop"`},
	} {
		_, err := Start(context.Background(), c.g, RunOptions{Name: "bad"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}

// A file source ends with an EOS event; with Loop it keeps going.
func TestEOSAndProbe(t *testing.T) {
	g := pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "videotestsrc", Props: []pipeline.Prop{{Name: "num-buffers", Value: "5"}}},
		{Factory: "fakesink"},
	}}
	var rec recorder
	r, err := Start(context.Background(), g, RunOptions{Name: "eos", OnEvent: rec.add})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("no EOS")
	}
	if r.Err() != nil || rec.find(pluginapi.EventEOS) == nil {
		t.Fatalf("err %v eos %v", r.Err(), rec.find(pluginapi.EventEOS))
	}
	prof := pipeline.LinuxV4L2()
	x, _ := prof.EncoderByName("x264enc")
	if err := ProbeEncoder(context.Background(), prof, x); err != nil {
		t.Fatalf("x264enc probe: %v", err)
	}
	fake := pipeline.Encoder{Element: "vah264enc", Input: "video/x-raw,format=NV12", Props: func(spec.Encoding) []pipeline.Prop { return nil }}
	if HasElement("vah264enc") {
		t.Skip("vah264enc is installed here; the missing-element case cannot be checked")
	}
	if err := ProbeEncoder(context.Background(), prof, fake); !errors.Is(err, ErrMissingElement) {
		t.Fatalf("missing encoder: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
