// Package pluginkit is the shared implementation of pluginapi.Platform that the built-in
// plugins are made of: a profile (which elements, in which order) plus a few platform hooks.
// It runs GStreamer through package gstreamer. A plugin is defined by its profile (elements,
// platform facts) and its Hooks; its main is one call to Serve.
package pluginkit

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-hclog"

	"github.com/gstcast/gstcast/core/buildinfo"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Hooks are the parts of a platform that are code, not data: what only the platform knows
// about its devices. Everything else about a plugin is its pipeline.Profile.
type Hooks struct {
	// ToDevice turns a device-monitor entry into a pluginapi.Device; false skips it (V4L2 codec
	// nodes are not cameras). Nil lists every entry under its name.
	ToDevice func(gstreamer.RawDevice) (pluginapi.Device, bool)
	// ListDevices lists the cameras GStreamer's device monitor cannot see (Argus sensors on a
	// Jetson, libcamera sensors on a Pi). They come first in the Devices snapshot, followed by the
	// monitor's, and Probe finds them; a monitor entry with the ID of one of them is left out (the
	// platform's own description wins). They are listed in snapshots only, never followed: CSI
	// sensors are not hot-plugged. An error fails the listing, with context.
	ListDevices func(ctx context.Context) ([]pluginapi.Device, error)
	// Controls lists the settings a source's camera takes where the platform knows them (Argus
	// sensors: exposure, gain, white balance, …); ok false leaves it to the default, a V4L2
	// node's own controls for v4l2 sources. Asked settings are checked against them.
	Controls func(ctx context.Context, src spec.Source) (cs []pluginapi.Control, ok bool, err error)
	// Platform says whether this machine is the plugin's platform (a Raspberry Pi, a Jetson),
	// with a note naming it, e.g. the device-tree model. Not ok means not supported, unless
	// AnyOSEnv is set (stand-in runs). Nil: any machine of the profile's OS.
	Platform func() (ok bool, note string)
}

// AnyOSEnv is the switch for stand-in runs: set to 1 (or true) in a plugin's environment, which
// the host passes on from its own, it lets a plugin built for another OS or board claim support
// here, so the Windows, Jetson and Pi plugins can run on a Linux machine against stand-in
// elements registered under their real names. Info then skips only the platform checks (the OS,
// and Hooks.Platform's board check) and says so: every required element must still be installed.
// Read once, when the plugin is made.
const AnyOSEnv = "GSTCAST_PLUGIN_ANY_OS"

// Plugin implements pluginapi.Platform for one profile: what every built-in plugin process serves.
type Plugin struct {
	prof    pipeline.Profile
	hooks   Hooks
	version string
	anyOS   bool // AnyOSEnv was set
	log     hclog.Logger
	// monitor lists the device monitor's entries of a class; gstreamer.ListDevices except in
	// tests, which give it the cameras this machine does not have.
	monitor func(class string) []gstreamer.RawDevice
	// v4l2Controls lists a V4L2 node's controls (V4L2Controls except in tests).
	v4l2Controls func(path string) ([]pluginapi.Control, error)

	jpegMu    sync.Mutex
	jpegProbe map[string]decoderProbe // MJPEG decoders' test results, by element

	encMu        sync.Mutex
	encCache     map[spec.HWPreference][]pluginapi.ElementStatus
	fallbackOnce sync.Once // the software-fallback note is logged once

	decMu     sync.Mutex
	decProbes map[string]decoderProbe // by element
	sweepOnce sync.Once               // rings of dead plugins are swept before the first view

	mu      sync.Mutex
	streams map[string]*stream
	nextID  atomic.Uint64
	stopMu  sync.Mutex // one StopAll at a time: the host's exit and a SIGTERM may race

	rtsp rtspServers
}

var _ pluginapi.Platform = (*Plugin)(nil)

// New makes the plugin of a profile. log may be nil (no logging).
func New(prof pipeline.Profile, hooks Hooks, log hclog.Logger) *Plugin {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	p := &Plugin{prof: prof, hooks: hooks, version: buildinfo.Version, log: log, monitor: gstreamer.ListDevices,
		v4l2Controls: V4L2Controls, encCache: map[spec.HWPreference][]pluginapi.ElementStatus{},
		decProbes: map[string]decoderProbe{}, jpegProbe: map[string]decoderProbe{}, streams: map[string]*stream{}}
	if v := os.Getenv(AnyOSEnv); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			log.Warn("ignoring "+AnyOSEnv+": not a boolean", "value", v)
		}
		p.anyOS = on
	}
	p.rtsp.ended = p.streamEnded
	rtspserver.SetLog(p.rtspLog)
	return p
}

// Info reports the plugin and whether it can work here: on its OS (unless AnyOSEnv lifts that
// check) with every required element installed.
func (p *Plugin) Info(ctx context.Context) (*pluginapi.Info, error) {
	info := &pluginapi.Info{
		Name: p.prof.Name, Version: p.version, ProtocolVersion: pluginapi.ProtocolVersion,
		OS: runtime.GOOS, Arch: runtime.GOARCH, Description: p.prof.Description,
		GStreamerVersion: gstreamer.Version(), Supported: true, Priority: p.prof.Priority,
	}
	for _, k := range p.prof.SourceKinds {
		info.SourceKinds = append(info.SourceKinds, string(k))
	}
	var notes []string
	if p.prof.OS != "" && p.prof.OS != runtime.GOOS {
		if !p.anyOS {
			info.Supported, info.Reason = false, fmt.Sprintf("built for %s, this machine runs %s", p.prof.OS, runtime.GOOS)
			return info, nil
		}
		notes = append(notes, fmt.Sprintf("built for %s, running on %s because %s is set: its elements may be stand-ins", p.prof.OS, runtime.GOOS, AnyOSEnv))
	}
	if p.hooks.Platform != nil {
		ok, note := p.hooks.Platform()
		switch {
		case !ok && !p.anyOS:
			info.Supported, info.Reason = false, note
			return info, nil
		case !ok:
			notes = append(notes, note+"; "+AnyOSEnv+" is set, so running anyway (stand-in elements)")
		case note != "":
			notes = append(notes, note)
		}
	}
	var missing []string
	for _, e := range p.prof.Required {
		if !gstreamer.HasElement(e) {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		info.Supported = false
		notes = append([]string{fmt.Sprintf("GStreamer elements not installed: %v", missing)}, notes...)
	}
	info.Reason = strings.Join(notes, "; ")
	return info, nil
}

// Devices lists capture devices: the platform's own (Hooks.ListDevices), then the device
// monitor's; with follow, the monitor's additions and removals after the snapshot.
func (p *Plugin) Devices(ctx context.Context, follow bool) (<-chan pluginapi.DeviceEvent, error) {
	snapshot, err := p.listDevices(ctx)
	if err != nil {
		return nil, err
	}
	ch := make(chan pluginapi.DeviceEvent, 8)
	go func() {
		defer close(ch)
		send := func(ev pluginapi.DeviceEvent) bool {
			select {
			case ch <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, d := range snapshot {
			if !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshot, Device: d}) {
				return
			}
		}
		if !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshotDone}) || !follow {
			return
		}
		if p.prof.DeviceClass == "" { // nothing to follow: the platform's own devices are fixed
			<-ctx.Done()
			return
		}
		raw := make(chan gstreamer.DeviceEvent)
		go gstreamer.FollowDevices(ctx, p.prof.DeviceClass, raw)
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-raw:
				if d, ok := p.toDevice(ev.Device); ok {
					t := pluginapi.DeviceAdded
					if ev.Removed {
						t = pluginapi.DeviceRemoved
					}
					if !send(pluginapi.DeviceEvent{Type: t, Device: d}) {
						return
					}
				}
			}
		}
	}()
	return ch, nil
}

// listDevices is the snapshot: the platform's own devices, then the monitor's not listed yet.
func (p *Plugin) listDevices(ctx context.Context) ([]pluginapi.Device, error) {
	var own []pluginapi.Device
	if p.hooks.ListDevices != nil {
		var err error
		if own, err = p.hooks.ListDevices(ctx); err != nil {
			return nil, fmt.Errorf("list %s's own devices: %w", p.prof.Name, err)
		}
	}
	return mergeDevices(own, p.monitored()), nil
}

// monitored is the device monitor's cameras, as devices; none when the profile has no class.
func (p *Plugin) monitored() []pluginapi.Device {
	if p.prof.DeviceClass == "" {
		return nil
	}
	var out []pluginapi.Device
	for _, rd := range p.monitor(p.prof.DeviceClass) {
		if d, ok := p.toDevice(rd); ok {
			out = append(out, d)
		}
	}
	return out
}

// mergeDevices lists own first, then the monitored devices whose IDs are not taken yet; a
// duplicate ID within either list is listed once.
func mergeDevices(own, monitored []pluginapi.Device) []pluginapi.Device {
	var out []pluginapi.Device
	seen := map[string]bool{}
	for _, d := range append(append([]pluginapi.Device{}, own...), monitored...) {
		if !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	return out
}

func (p *Plugin) toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	d := pluginapi.Device{ID: rd.Name, Name: rd.Name, Class: rd.Class, Formats: ParseCaps(rd.Caps), Properties: rd.Properties}
	if p.hooks.ToDevice != nil {
		var ok bool
		if d, ok = p.hooks.ToDevice(rd); !ok {
			return d, false
		}
	}
	if d.API == "v4l2" && strings.HasPrefix(d.ID, "/dev/") {
		if d.URI == "" {
			d.URI = "v4l2://" + d.ID
		}
		if d.Controls == nil {
			// Reading controls takes a few ioctls; a node that will not answer lists none.
			d.Controls, _ = p.v4l2Controls(d.ID)
		}
	}
	return d, true
}

// Probe reports a device's formats and the encoders' test results.
func (p *Plugin) Probe(ctx context.Context, deviceID string, hw pluginapi.HWPreference) (*pluginapi.Capabilities, error) {
	caps := &pluginapi.Capabilities{}
	if deviceID != "" {
		d, err := p.findDevice(ctx, deviceID)
		if err != nil {
			return nil, err
		}
		caps.Device = &d
	}
	caps.Encoders = p.encoders(ctx, hw)
	return caps, nil
}

func (p *Plugin) findDevice(ctx context.Context, id string) (pluginapi.Device, error) {
	// The platform's own list first: it is quick (no monitor to start) and its entry wins.
	var ownErr error
	if p.hooks.ListDevices != nil {
		own, err := p.hooks.ListDevices(ctx)
		for _, d := range own {
			if err == nil && d.ID == id {
				return d, nil
			}
		}
		ownErr = err
	}
	for _, d := range p.monitored() {
		if d.ID == id {
			return d, nil
		}
	}
	if ownErr != nil {
		return pluginapi.Device{}, fmt.Errorf("device %q: not in the device monitor, and listing %s's own devices failed (%v): %w",
			id, p.prof.Name, ownErr, pluginapi.ErrDeviceNotFound)
	}
	return pluginapi.Device{}, fmt.Errorf("device %q: %w", id, pluginapi.ErrDeviceNotFound)
}

// encoders probes every encoder of the profile that the preference allows, in order, and
// marks the first that works as chosen. Results are cached for the plugin's life: a test encode
// takes up to a second and the hardware does not change while the process runs.
func (p *Plugin) encoders(ctx context.Context, hw pluginapi.HWPreference) []pluginapi.ElementStatus {
	return p.codecEncoders(ctx, hw, spec.DefaultCodec)
}

// codecEncoders is encoders for a codec's list (the profile's H265Encoders for h265).
func (p *Plugin) codecEncoders(ctx context.Context, hw pluginapi.HWPreference, codec string) []pluginapi.ElementStatus {
	if hw == "" {
		hw = spec.HWAuto
	}
	key := hw
	if codec != spec.DefaultCodec {
		key = hw + "/" + spec.HWPreference(codec)
	}
	p.encMu.Lock()
	defer p.encMu.Unlock()
	if c, ok := p.encCache[key]; ok {
		return c
	}
	var out []pluginapi.ElementStatus
	chosen := false
	for _, e := range p.prof.ForCodec(codec).Encoders {
		st := pluginapi.ElementStatus{Element: e.Element, Hardware: e.Hardware}
		switch {
		case hw == spec.HWHardware && !e.Hardware:
			st.Reason = "skipped: software encoder, hardware was asked for"
		case hw == spec.HWSoftware && e.Hardware:
			st.Reason = "skipped: hardware encoder, software was asked for"
		case chosen:
			st.Reason = "not tried: an earlier choice works"
			if gstreamer.HasElement(e.Element) {
				st.Usable = true
				st.Reason = "installed; not tested because an earlier choice works"
			}
		default:
			start := timeNow()
			if err := gstreamer.ProbeEncoder(ctx, p.prof, e); err != nil {
				st.Reason = err.Error()
			} else {
				st.Usable, st.Chosen, chosen = true, true, true
				st.Reason = "passed a test encode in " + strconv.FormatInt(sinceMS(start), 10) + " ms"
			}
		}
		p.log.Debug("encoder probe", "element", e.Element, "usable", st.Usable, "reason", st.Reason)
		out = append(out, st)
	}
	p.encCache[key] = out
	return out
}

// chooseEncoder picks the encoder for a spec: the user's forced element, or the first probed.
func (p *Plugin) chooseEncoder(ctx context.Context, enc spec.Encoding) (string, []pluginapi.ElementStatus, error) {
	if enc.Encoder != "" {
		e, ok := p.prof.ForCodec(enc.Codec).EncoderByName(enc.Encoder)
		if !ok {
			return "", nil, fmt.Errorf("encoder %q is not one of %s's %s encoders: %w", enc.Encoder, p.prof.Name, enc.Codec, pluginapi.ErrInvalidSpec)
		}
		if err := gstreamer.ProbeEncoder(ctx, p.prof, e); err != nil {
			return "", nil, fmt.Errorf("encoder %s does not work here: %v: %w", enc.Encoder, err, pluginapi.ErrNoEncoder)
		}
		return enc.Encoder, []pluginapi.ElementStatus{{Element: e.Element, Hardware: e.Hardware, Usable: true, Chosen: true, Reason: "forced by --encoder"}}, nil
	}
	list := p.codecEncoders(ctx, enc.Hardware, enc.Codec)
	for _, s := range list {
		if s.Chosen {
			return s.Element, list, nil
		}
	}
	return "", list, fmt.Errorf("none of %s's %s encoders passed a test encode (%s): %w", p.prof.Name, enc.Codec, summarize(list), pluginapi.ErrNoEncoder)
}

// noteSoftwareFallback says, once per plugin, when a software encoder serves because every
// hardware encoder of the profile failed its test: a Jetson Orin Nano (no NVENC) or a Raspberry
// Pi 5 (no H.264 encoder) is working as designed, and the log says so with the reasons.
func (p *Plugin) noteSoftwareFallback(chosen string, list []pluginapi.ElementStatus) {
	var failed []string
	for _, s := range list {
		if s.Element == chosen {
			if s.Hardware {
				return
			}
			break
		}
		if s.Hardware {
			failed = append(failed, s.Element+": "+s.Reason)
		}
	}
	if len(failed) == 0 {
		return
	}
	p.fallbackOnce.Do(func() {
		p.log.Info("no hardware encoder works on this machine; encoding in software", "encoder", chosen,
			"hardware", strings.Join(failed, "; "))
	})
}

func summarize(list []pluginapi.ElementStatus) string {
	s := ""
	for i, e := range list {
		if i > 0 {
			s += "; "
		}
		s += e.Element + ": " + e.Reason
	}
	return s
}

// checkSource catches what can be checked before building a pipeline, so the user gets a
// one-line error instead of a GStreamer message: files and V4L2 nodes that are not there,
// platform cameras (argus, libcamera, mf) that the plugin does not list.
func (p *Plugin) checkSource(ctx context.Context, src spec.Source) error {
	switch src.Kind {
	case spec.SourceArgus, spec.SourceLibcamera, spec.SourceMF:
		return p.checkCamera(ctx, src)
	case spec.SourceFD, spec.SourceSHM:
		return checkRawFrameSource(src)
	case spec.SourceScreen:
		return checkScreenSource(src, os.Getenv)
	}
	return checkSource(src)
}

func checkSource(src spec.Source) error {
	switch src.Kind {
	case spec.SourceV4L2:
		if _, err := os.Stat(src.Device); err != nil {
			return fmt.Errorf("camera %s: no such device: %w", src.Device, pluginapi.ErrDeviceNotFound)
		}
	case spec.SourceFile:
		fi, err := os.Stat(src.Path)
		if err != nil {
			return fmt.Errorf("file %s: %w", src.Path, pluginapi.ErrFileNotFound)
		}
		if fi.IsDir() {
			return fmt.Errorf("file %s is a directory: %w", src.Path, pluginapi.ErrInvalidSpec)
		}
	}
	return nil
}

// checkPort fails early when an RTP or UDP source's port is taken, instead of letting two
// receivers share it silently (udpsrc sets SO_REUSEADDR).
func checkPort(src spec.Source) error {
	if src.Kind != spec.SourceRTP && src.Kind != spec.SourceUDP {
		return nil
	}
	addr := &net.UDPAddr{Port: src.Port}
	if ip := net.ParseIP(src.Address); ip != nil && !ip.IsMulticast() {
		addr.IP = ip
	}
	c, err := net.ListenUDP("udp", addr)
	if err != nil {
		return fmt.Errorf("listen on UDP port %d: %v: %w", src.Port, err, pluginapi.ErrPortInUse)
	}
	return c.Close()
}
