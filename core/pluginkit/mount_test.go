package pluginkit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// The plugin's RTSP mounts, through StartStream and Stop, on a real server on a free loopback
// port, fed by real pipelines; what a reader sees is checked with real RTSP requests and views.

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func served(port int, mount string) spec.Output {
	return spec.Output{Kind: spec.OutputServe, Mount: mount, Server: spec.RTSPServer{Address: "127.0.0.1", Port: port}}
}

// liveServed is a live test source served at mount.
func liveServed(port int, mount string) *spec.StreamSpec {
	return &spec.StreamSpec{
		Source:   spec.Source{Kind: spec.SourceTest, Pattern: "ball", Width: 320, Height: 240, FPSNum: 30, FPSDen: 1},
		Output:   served(port, mount),
		Encoding: spec.Encoding{Encoder: "x264enc", BitrateKbps: 300, KeyframeInterval: 15}.WithDefaults(),
	}
}

// fileServed serves an H.264 file of frames frames at 30 fps (relayed as it is), which ends.
// Give it over a second: a mount whose source ends before its shared media has prerolled keeps
// Mount.Prepare blocked in gst-rtsp-server, and with it the mount's removal (about 17 s here).
func fileServed(t *testing.T, port int, mount string, frames int) *spec.StreamSpec {
	t.Helper()
	path := filepath.Join(t.TempDir(), "short.mp4")
	args := strings.Fields(fmt.Sprintf("-q videotestsrc num-buffers=%d ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 "+
		"! x264enc speed-preset=ultrafast key-int-max=15 ! video/x-h264,profile=high ! mp4mux ! filesink location=%s", frames, path))
	if out, err := exec.Command("gst-launch-1.0", args...).CombinedOutput(); err != nil {
		t.Fatalf("gst-launch-1.0: %v: %s (run installer/setup-debian.sh)", err, out)
	}
	return &spec.StreamSpec{Source: spec.Source{Kind: spec.SourceFile, URI: "file://" + path, Path: path}, Output: served(port, mount)}
}

// describe sends an RTSP DESCRIBE for path and returns the status code of the answer.
func describe(port int, path string) (int, error) { return request(port, "DESCRIBE", path) }

// request sends one RTSP request for path and returns the status code of the answer.
func request(port int, method, path string) (int, error) {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "%s rtsp://127.0.0.1:%d%s RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n", method, port, path)
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return 0, err
	}
	var code int
	if _, err := fmt.Sscanf(line, "RTSP/1.0 %d", &code); err != nil {
		return 0, fmt.Errorf("answer %q: %v", line, err)
	}
	return code, nil
}

func wantDescribe(t *testing.T, port int, path string, want int) {
	t.Helper()
	wantRequest(t, port, "DESCRIBE", path, want)
}

func wantRequest(t *testing.T, port int, method, path string, want int) {
	t.Helper()
	if code, err := request(port, method, path); err != nil || code != want {
		t.Fatalf("%s %s: %d, %v; want %d", method, path, code, err, want)
	}
}

// mountOwner is who the plugin's table says serves path on port, and the mount itself.
func mountOwner(p *Plugin, port int, path string) (owner string, m *servedMount) {
	p.rtsp.mu.Lock()
	defer p.rtsp.mu.Unlock()
	s, ok := p.rtsp.byAt[fmt.Sprintf("127.0.0.1:%d", port)]
	if !ok {
		return "", nil
	}
	sm, ok := s.mounts[path]
	if !ok {
		return "", nil
	}
	return sm.owner, sm
}

// waitEnd waits until a watch closes: the stream's pipeline ended.
func waitEnd(t *testing.T, ch <-chan pluginapi.Event) {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("the stream did not end")
		}
	}
}

// waitFrames waits for a view's decoded frame count to pass min; any error fails the test.
func waitFrames(t *testing.T, ch <-chan pluginapi.Event, min uint64) uint64 {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("the view ended")
			}
			if ev.Type == pluginapi.EventError {
				t.Fatalf("view error: %+v", ev)
			}
			if ev.Type == pluginapi.EventStats && ev.Stats.Frames > min {
				return ev.Stats.Frames
			}
		case <-timeout:
			t.Fatalf("the view did not pass %d frames", min)
		}
	}
}

// A stream whose pipeline ended keeps its mount, and the stream started in its place takes the
// mount over: the reader's session goes on, now fed by the new pipeline. Stopping the ended
// predecessor afterwards leaves the mount to its new owner.
func TestMountTakeoverAfterOwnerEnded(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	defer p.StopAll()
	ctx := context.Background()
	port := freeTCPPort(t)
	old, err := p.StartStream(ctx, fileServed(t, port, "cam", 60))
	if err != nil {
		t.Fatal(err)
	}
	oldEvents, err := p.Watch(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, mount := mountOwner(p, port, "/cam")
	if mount == nil || old.URL != fmt.Sprintf("rtsp://127.0.0.1:%d/cam", port) {
		t.Fatalf("no mount for %+v", old)
	}
	// A reader, before the first pipeline ends.
	v, err := p.StartView(ctx, &spec.ViewSpec{Source: spec.Source{Kind: spec.SourceRTSP, URI: old.URL, URL: old.URL, LatencyMS: 50}})
	if err != nil {
		t.Fatal(err)
	}
	frames, err := p.Watch(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := waitFrames(t, frames, 0)
	waitEnd(t, oldEvents)
	if owner, _ := mountOwner(p, port, "/cam"); owner != old.ID {
		t.Fatalf("the ended stream's mount is gone or changed hands (%q)", owner)
	}

	next, err := p.StartStream(ctx, liveServed(port, "cam"))
	if err != nil {
		t.Fatalf("the restarted stream could not take the mount over: %v", err)
	}
	owner, taken := mountOwner(p, port, "/cam")
	if owner != next.ID || taken != mount || next.URL != old.URL {
		t.Fatalf("after takeover: owner %s (want %s), same mount %v, url %s", owner, next.ID, taken == mount, next.URL)
	}
	// The reader's session goes on: frames keep coming, from the new pipeline, without an error.
	seen = waitFrames(t, frames, seen+30)

	if err := p.Stop(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	if owner, _ := mountOwner(p, port, "/cam"); owner != next.ID {
		t.Fatalf("stopping the ended predecessor took the mount away (owner %q)", owner)
	}
	wantDescribe(t, port, "/cam", 200)
	waitFrames(t, frames, seen+15)
}

// A mount served by a live stream is refused to any other, with a message naming the mount, the
// server and the stream; the owner is not disturbed. Another server setting on the same port is
// refused too: every mount of a port shares its server.
func TestMountRefusedWhileOwnerLives(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	defer p.StopAll()
	ctx := context.Background()
	port := freeTCPPort(t)
	owner, err := p.StartStream(ctx, liveServed(port, "cam"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.StartStream(ctx, liveServed(port, "cam"))
	want := fmt.Sprintf("serve cam: mount /cam on 127.0.0.1:%d is served by stream %s, which is still running: stop it or choose another mount", port, owner.ID)
	if !errors.Is(err, pluginapi.ErrPortInUse) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("second stream on the mount: %v\nwant: %s", err, want)
	}
	if o, _ := mountOwner(p, port, "/cam"); o != owner.ID {
		t.Fatalf("the refused stream changed the owner to %q", o)
	}
	wantDescribe(t, port, "/cam", 200)

	other := liveServed(port, "other")
	other.Output.Server.Auth = []string{"digest"}
	if _, err := p.StartStream(ctx, other); !errors.Is(err, pluginapi.ErrInvalidSpec) || !strings.Contains(err.Error(), "already runs with other settings") {
		t.Fatalf("other server settings on the port: %v", err)
	}

	if err := p.Stop(ctx, owner.ID); err != nil {
		t.Fatal(err)
	}
	again, err := p.StartStream(ctx, liveServed(port, "cam"))
	if err != nil {
		t.Fatalf("the mount is free after Stop: %v", err)
	}
	if o, _ := mountOwner(p, port, "/cam"); o != again.ID {
		t.Fatalf("owner %q, want %s", o, again.ID)
	}
}

// A mount kept for an ended pipeline cannot be taken over by a publish mount (nor the other
// way): readers' sessions are bound to one kind of media. Once the old stream is stopped, the
// path is free for either.
func TestMountPublishSwitchRefused(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	defer p.StopAll()
	ctx := context.Background()
	port := freeTCPPort(t)
	old, err := p.StartStream(ctx, fileServed(t, port, "cam", 45))
	if err != nil {
		t.Fatal(err)
	}
	events, err := p.Watch(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	waitEnd(t, events)
	publish := &spec.StreamSpec{Source: spec.Source{Kind: spec.SourcePublish}, Output: served(port, "cam")}
	_, err = p.StartStream(ctx, publish)
	want := fmt.Sprintf("mount /cam on 127.0.0.1:%d is kept for stream %s, fed by a pipeline; a stream fed by RTSP publishers cannot take it over: stop stream %s first",
		port, old.ID, old.ID)
	if !errors.Is(err, pluginapi.ErrPortInUse) || !strings.Contains(err.Error(), want) {
		t.Fatalf("publish over a pipeline's mount: %v\nwant: %s", err, want)
	}
	if o, _ := mountOwner(p, port, "/cam"); o != old.ID {
		t.Fatalf("the refused publish mount changed the owner to %q", o)
	}
	if err := p.Stop(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	pub, err := p.StartStream(ctx, publish)
	if err != nil {
		t.Fatalf("publish mount after the old stream stopped: %v", err)
	}
	if o, m := mountOwner(p, port, "/cam"); o != pub.ID || !m.m.Config().Publish {
		t.Fatalf("publish mount: owner %q", o)
	}
	// The new server answers (DESCRIBE would wait for a publisher). This also keeps the test
	// from closing a server in the first moments of its life: gstreamer.Server.Close can hang
	// then, when its main loop's quit comes before the loop thread runs.
	wantRequest(t, port, "OPTIONS", "/cam", 200)
}

// Stopping a stream removes its mount (readers asking for it get 404) and leaves the server to
// its other mounts; the last mount's stream closes the server.
func TestReleaseRemovesMountAndClosesServer(t *testing.T) {
	p := New(pipeline.LinuxV4L2(), Hooks{}, nil)
	defer p.StopAll()
	ctx := context.Background()
	port := freeTCPPort(t)
	a, err := p.StartStream(ctx, liveServed(port, "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.StartStream(ctx, liveServed(port, "b"))
	if err != nil {
		t.Fatal(err)
	}
	wantDescribe(t, port, "/a", 200)
	wantDescribe(t, port, "/b", 200)
	if err := p.Stop(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	wantDescribe(t, port, "/a", 404)
	wantDescribe(t, port, "/b", 200)
	if o, _ := mountOwner(p, port, "/a"); o != "" {
		t.Fatalf("mount /a still in the table, owned by %q", o)
	}
	if err := p.Stop(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		_, err := describe(port, "/b")
		if err != nil && strings.Contains(err.Error(), "refused") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server still answers after its last mount went: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.rtsp.mu.Lock()
	n := len(p.rtsp.byAt)
	p.rtsp.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d servers left", n)
	}
}
