package pluginkit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// snapshot reads a Devices snapshot (follow off) to its end.
func snapshot(t *testing.T, p *Plugin) []string {
	t.Helper()
	ch, err := p.Devices(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	done := false
	for ev := range ch {
		switch ev.Type {
		case pluginapi.DeviceSnapshot:
			ids = append(ids, ev.Device.ID)
		case pluginapi.DeviceSnapshotDone:
			done = true
		default:
			t.Fatalf("event %+v in a snapshot", ev)
		}
	}
	if !done {
		t.Fatal("snapshot without its end")
	}
	return ids
}

// argus lists two sensors, as a Jetson plugin's ListDevices would; calls counts its calls.
type argus struct {
	calls int
	err   error
}

func (a *argus) list(ctx context.Context) ([]pluginapi.Device, error) {
	a.calls++
	if a.err != nil {
		return nil, a.err
	}
	return []pluginapi.Device{
		{ID: "sensor-0", Name: "IMX219 (CSI 0)", API: "argus"},
		{ID: "/dev/video0", Name: "IMX219 (CSI 1)", API: "argus"}, // also a V4L2 node the monitor lists
	}, nil
}

// monitorWith makes the plugin's device monitor list these entries: this machine has no camera.
func monitorWith(p *Plugin, entries ...gstreamer.RawDevice) {
	p.monitor = func(class string) []gstreamer.RawDevice {
		if class != p.prof.DeviceClass {
			panic("monitor asked for class " + class)
		}
		return entries
	}
}

func webcam(path string) gstreamer.RawDevice {
	return gstreamer.RawDevice{Name: "USB webcam " + path, Class: "Video/Source",
		Caps: "video/x-raw, format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction)30/1", Properties: map[string]string{"device.path": path}}
}

func byPath(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	return pluginapi.Device{ID: rd.Properties["device.path"], Name: rd.Name, API: "v4l2", Formats: ParseCaps(rd.Caps)}, true
}

// The platform's own devices come first, then the monitor's; an ID both list is the platform's.
// Probe finds either kind.
func TestListDevicesHookMergesWithMonitor(t *testing.T) {
	a := &argus{}
	p := New(pipeline.LinuxV4L2(), Hooks{ToDevice: byPath, ListDevices: a.list}, nil)
	monitorWith(p, webcam("/dev/video0"), webcam("/dev/video2"))
	if got := strings.Join(snapshot(t, p), " "); got != "sensor-0 /dev/video0 /dev/video2" {
		t.Fatalf("snapshot %s", got)
	}
	ctx := context.Background()
	for id, want := range map[string]string{"sensor-0": "argus", "/dev/video0": "argus", "/dev/video2": "v4l2"} {
		caps, err := p.Probe(ctx, id, "")
		if err != nil || caps.Device == nil || caps.Device.ID != id || caps.Device.API != want {
			t.Fatalf("Probe(%s) = %+v, %v", id, caps, err)
		}
	}
	if w, _ := p.Probe(ctx, "/dev/video2", ""); len(w.Device.Formats) != 1 || w.Device.Formats[0].Width != 640 {
		t.Errorf("monitored device lost its formats: %+v", w.Device)
	}
	if _, err := p.Probe(ctx, "sensor-9", ""); !errors.Is(err, pluginapi.ErrDeviceNotFound) {
		t.Fatalf("unknown device: %v", err)
	}
}

// A failing platform listing fails the snapshot with context; Probe still finds the monitor's
// devices, and an unknown one's error says why the platform's own could not be searched.
func TestListDevicesHookErrors(t *testing.T) {
	a := &argus{err: errors.New("nvargus-daemon is not running")}
	p := New(pipeline.LinuxV4L2(), Hooks{ToDevice: byPath, ListDevices: a.list}, nil)
	monitorWith(p, webcam("/dev/video2"))
	_, err := p.Devices(context.Background(), false)
	if err == nil || !strings.Contains(err.Error(), "list linux-v4l2's own devices: nvargus-daemon is not running") {
		t.Fatalf("Devices: %v", err)
	}
	if caps, err := p.Probe(context.Background(), "/dev/video2", ""); err != nil || caps.Device.ID != "/dev/video2" {
		t.Fatalf("monitored device with the hook failing: %+v, %v", caps, err)
	}
	_, err = p.Probe(context.Background(), "sensor-0", "")
	if !errors.Is(err, pluginapi.ErrDeviceNotFound) || !strings.Contains(err.Error(), "nvargus-daemon is not running") {
		t.Fatalf("unknown device with the hook failing: %v", err)
	}
}

// A profile without a device class (a platform whose cameras are all outside the monitor, as
// Argus sensors are) lists only the platform's devices, never starts the monitor, and a followed
// listing stays open, quiet, until its context ends.
func TestNoDeviceClassListsOnlyTheHook(t *testing.T) {
	a := &argus{}
	prof := pipeline.JetsonNvargus()
	prof.DeviceClass = ""
	p := New(prof, Hooks{ListDevices: a.list}, nil)
	p.monitor = func(class string) []gstreamer.RawDevice {
		t.Errorf("device monitor started for class %q", class)
		return nil
	}
	if got := strings.Join(snapshot(t, p), " "); got != "sensor-0 /dev/video0" || a.calls != 1 {
		t.Fatalf("snapshot %s after %d calls", got, a.calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := p.Devices(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range ch {
		if ev.Type == pluginapi.DeviceSnapshotDone {
			break
		}
	}
	select {
	case ev, ok := <-ch:
		t.Fatalf("followed listing sent %+v (open %v)", ev, ok)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("event after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("followed listing not closed after its context ended")
	}
}

// With the real device monitor (no cameras on a build machine, maybe some elsewhere) the
// platform's devices are listed first all the same.
func TestListDevicesHookWithRealMonitor(t *testing.T) {
	a := &argus{}
	p := New(pipeline.LinuxV4L2(), Hooks{ListDevices: a.list}, nil)
	ids := snapshot(t, p)
	if len(ids) < 2 || ids[0] != "sensor-0" || ids[1] != "/dev/video0" {
		t.Fatalf("snapshot %v", ids)
	}
}
