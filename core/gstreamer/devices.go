package gstreamer

import (
	"context"
	"time"

	"github.com/go-gst/go-gst/gst"
)

// RawDevice is a device as GStreamer's device monitor reports it; plugins turn it into a
// pluginapi.Device (parsing caps, skipping codec nodes) in pure Go.
type RawDevice struct {
	Name       string
	Class      string
	Caps       string // caps string, parsed by the plugin
	Properties map[string]string
}

// DeviceEvent is a device added or removed while following.
type DeviceEvent struct {
	Removed bool
	Device  RawDevice
}

func rawDevice(d *gst.Device) RawDevice {
	rd := RawDevice{Name: d.GetDisplayName(), Class: d.GetDeviceClass(), Properties: map[string]string{}}
	if c := d.GetCaps(); c != nil {
		rd.Caps = c.String()
	}
	if st := d.GetProperties(); st != nil {
		for k, v := range st.Values() {
			if s, ok := v.(string); ok {
				rd.Properties[k] = s
			}
		}
	}
	return rd
}

// ListDevices returns the devices of a class (Video/Source) present now.
func ListDevices(class string) []RawDevice {
	Init()
	m := gst.NewDeviceMonitor()
	m.AddFilter(class, gst.NewAnyCaps())
	if !m.Start() {
		return nil
	}
	defer m.Stop()
	var out []RawDevice
	for _, d := range m.GetDevices() {
		out = append(out, rawDevice(d))
	}
	return out
}

// FollowDevices sends added/removed devices of a class until ctx ends.
func FollowDevices(ctx context.Context, class string, events chan<- DeviceEvent) {
	Init()
	m := gst.NewDeviceMonitor()
	m.AddFilter(class, gst.NewAnyCaps())
	if !m.Start() {
		return
	}
	defer m.Stop()
	bus := m.GetBus()
	for ctx.Err() == nil {
		msg := bus.TimedPop(gst.ClockTime(200 * time.Millisecond))
		if msg == nil {
			continue
		}
		var ev DeviceEvent
		switch msg.Type() {
		case gst.MessageDeviceAdded:
			ev = DeviceEvent{Device: rawDevice(msg.ParseDeviceAdded())}
		case gst.MessageDeviceRemoved:
			ev = DeviceEvent{Removed: true, Device: rawDevice(msg.ParseDeviceRemoved())}
		default:
			continue
		}
		select {
		case events <- ev:
		case <-ctx.Done():
		}
	}
}
