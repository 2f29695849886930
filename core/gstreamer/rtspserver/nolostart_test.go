package rtspserver

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framestamp"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/spec"
)

// counterBase is the first frame number painted (as milliseconds since 1970: any 48-bit value
// is a valid stamp, docs/FRAMESTAMP.md); far from zero so no frame reads as "no time".
const counterBase = 1_000_000

// countedSource serves a 320x240@30 x264 test source with a GOP of 30 frames whose every
// frame carries its number as its stamp, and returns the number of the newest frame painted.
// A reader can then tell a lost frame (a number skipped) from a late one, however loaded the
// machine is.
func countedSource(t *testing.T, m *Mount) func() int64 {
	t.Helper()
	s := spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   spec.Output{Kind: spec.OutputServe, Mount: "counted"},
		Encoding: spec.Encoding{BitrateKbps: 800, KeyframeInterval: 30},
	}
	g, err := pipeline.BuildStream(s, pipeline.LinuxV4L2(), pipeline.StreamOptions{Encoder: "x264enc"})
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	r, err := gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "counted", Serve: m, Stamp: true,
		StampClock: func() time.Time { return time.UnixMilli(counterBase + n.Add(1)) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(time.Second) })
	return func() int64 { return counterBase + n.Load() }
}

// frameReader is an independent reader: GStreamer's own rtspsrc (latency=10, as the seed's
// receiver) → rtph264depay → h264parse → avdec_h264, reading the number of every decoded frame.
type frameReader struct {
	name string
	run  *gstreamer.Running

	mu      sync.Mutex
	got     []int64 // frame numbers in the order decoded; 0 for a frame without a readable stamp
	newest0 int64   // the newest frame painted when the reader started
}

func startFrameReader(t *testing.T, name, url, transport string, newest func() int64) *frameReader {
	t.Helper()
	sink := pipeline.Element{Factory: "appsink", Name: pipeline.NameSink, Props: []pipeline.Prop{
		{Name: "caps", Value: "video/x-raw,format=I420"}, {Name: "sync", Value: "false"},
		// every decoded frame is kept until it is read: a slow test goroutine must not be
		// taken for a lost frame
		{Name: "drop", Value: "false"}, {Name: "max-buffers", Value: "0"},
		{Name: "enable-last-sample", Value: "false"}, {Name: "emit-signals", Value: "false"}}}
	g, err := pipeline.BuildReceiver(spec.Source{Kind: spec.SourceRTSP, URL: url, Transport: transport, LatencyMS: 10},
		pipeline.LinuxV4L2(), "avdec_h264", sink)
	if err != nil {
		t.Fatal(err)
	}
	fr := &frameReader{name: name, newest0: newest()}
	fr.run, err = gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: name, StartTimeout: 20 * time.Second,
		Tap: &gstreamer.FrameTap{At: pipeline.NameSink, OnFrame: func(f gstreamer.Frame) {
			pix := f.Pix
			if n := f.Stride * framestamp.Size; len(pix) > n {
				pix = pix[:n]
			}
			var num int64
			if ts, err := framestamp.ReadLuma(pix, f.Stride, f.Width, f.Height); err == nil {
				num = ts.UnixMilli()
			}
			fr.mu.Lock()
			fr.got = append(fr.got, num)
			fr.mu.Unlock()
		}}})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Cleanup(fr.stop)
	return fr
}

func (fr *frameReader) stop() { fr.run.Stop(time.Second) }

func (fr *frameReader) frames() []int64 {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	return append([]int64(nil), fr.got...)
}

func (fr *frameReader) waitFrames(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for len(fr.frames()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d decoded frames after %s, want %d", fr.name, len(fr.frames()), timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// check says what is wrong with what the reader decoded: after its first frame, every frame
// must follow the one before (nothing lost, nothing damaged, nothing twice), and the first
// frame must be no older than a GOP and a bit before the reader started (not a stale frame
// held from long ago).
func (fr *frameReader) check(gop int64) error {
	got := fr.frames()
	if len(got) == 0 {
		return fmt.Errorf("%s: no frames", fr.name)
	}
	first := 0
	for first < len(got) && got[first] == 0 {
		first++ // a frame before the first keyframe, if the decoder shows one
	}
	if first == len(got) {
		return fmt.Errorf("%s: no frame with a readable number in %d", fr.name, len(got))
	}
	if got[first] < fr.newest0-gop-10 {
		return fmt.Errorf("%s: first frame %d, but frame %d had been painted when it started: more than a GOP old",
			fr.name, got[first]-counterBase, fr.newest0-counterBase)
	}
	for i := first + 1; i < len(got); i++ {
		if got[i] != got[i-1]+1 {
			what := fmt.Sprintf("%d frames lost", got[i]-got[i-1]-1)
			switch {
			case got[i] == 0:
				what = "a damaged frame"
			case got[i] <= got[i-1]:
				what = "out of order or repeated"
			}
			return fmt.Errorf("%s: frame %d after frame %d (decoded #%d of %d, newest painted at the start %d, the first decoded %v): %s",
				fr.name, got[i]-counterBase, got[i-1]-counterBase, i, len(got), fr.newest0-counterBase, numbers(got[:min(len(got), 12)]), what)
		}
	}
	return nil
}

// No lost start: a reader of a live mount receives every frame from its first decodable frame
// on, over TCP and UDP, whether it is the first reader (the shared media was prepared, and held
// blocked by gst-rtsp-server, long before), a reader joining one that plays, or one joining
// after every reader had left. Before the fix every first reader lost a GOP: gst-rtsp-server
// held the frame it prerolled on and the hub's 4-buffer leaky queue kept only the newest
// deltas, so the reader decoded a stale keyframe, damaged frames, then the next keyframe.
func TestRTSPServerNoLostStart(t *testing.T) {
	const gop = 30
	for _, tr := range []string{"tcp", "udp"} {
		t.Run(tr, func(t *testing.T) {
			srv := startServer(t, ServerConfig{})
			m, err := srv.AddMount(MountConfig{Path: "/counted", Readers: []string{"*"}})
			if err != nil {
				t.Fatal(err)
			}
			newest := countedSource(t, m)
			if err := m.Prepare(); err != nil {
				t.Fatal(err)
			}
			url := "rtsp://127.0.0.1:" + strconv.Itoa(srv.Port()) + "/counted"
			// a user's first reader comes a while after the mount is up: longer than a GOP
			time.Sleep(2 * time.Second)

			first := startFrameReader(t, tr+"-first", url, tr, newest)
			first.waitFrames(t, 45, 30*time.Second)
			joiner := startFrameReader(t, tr+"-joining", url, tr, newest)
			joiner.waitFrames(t, 45, 30*time.Second)
			first.waitFrames(t, len(first.frames())+15, 10*time.Second)
			first.stop()
			joiner.stop()
			for _, fr := range []*frameReader{first, joiner} {
				t.Log(fr.summary())
				if err := fr.check(gop); err != nil {
					t.Error(err)
				}
			}

			// every reader gone: gst-rtsp-server stops the shared media once their sessions end
			// (or keeps it playing while a session lingers); either way the next reader gets
			// every frame from its first on
			time.Sleep(1500 * time.Millisecond)
			again := startFrameReader(t, tr+"-after-all-left", url, tr, newest)
			again.waitFrames(t, 45, 30*time.Second)
			again.stop()
			t.Log(again.summary())
			if err := again.check(gop); err != nil {
				t.Error(err)
			}
			t.Logf("mount %+v", m.Stats())
		})
	}
}

func (fr *frameReader) summary() string {
	got := fr.frames()
	return fmt.Sprintf("%s: frame %d painted when it started, decoded %v…", fr.name, fr.newest0-counterBase, numbers(got[:min(len(got), 5)]))
}

func numbers(got []int64) []int64 {
	out := make([]int64, len(got))
	for i, n := range got {
		if n != 0 {
			out[i] = n - counterBase
		} else {
			out[i] = -1 // no readable number: a damaged frame
		}
	}
	return out
}
