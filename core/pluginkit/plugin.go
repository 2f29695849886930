// Package pluginkit is the shared implementation of pluginapi.Platform that the built-in
// plugins are made of: a profile (which elements, in which order) plus a few platform hooks.
// It runs GStreamer through package gstreamer; a plugin's main only fills in Config.
package pluginkit

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-hclog"

	"github.com/gstcast/gstcast/core/buildinfo"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Config is what a plugin says about itself.
type Config struct {
	Profile pipeline.Profile
	// Version is the plugin's build version (default buildinfo.Version, stamped by installer/build.sh).
	Version string
	// OS is the GOOS the plugin is for ("" = any).
	OS string
	// RequiredElements must all be installed for the plugin to be usable here.
	RequiredElements []string
	SourceKinds      []spec.SourceKind
	// DeviceClass is what the device monitor is filtered on (default Video/Source).
	DeviceClass string
	// ToDevice turns a monitored device into a pluginapi.Device; false skips it (codec nodes).
	ToDevice func(gstreamer.RawDevice) (pluginapi.Device, bool)
	Logger   hclog.Logger
}

// Plugin implements pluginapi.Platform for one profile: what every built-in plugin process serves.
type Plugin struct {
	cfg Config
	log hclog.Logger

	encMu    sync.Mutex
	encCache map[spec.HWPreference][]pluginapi.ElementStatus

	decMu     sync.Mutex
	decProbes map[string]decoderProbe // by element
	sweepOnce sync.Once               // rings of dead plugins are swept before the first view

	mu      sync.Mutex
	streams map[string]*stream
	nextID  atomic.Uint64

	rtsp rtspServers
}

var _ pluginapi.Platform = (*Plugin)(nil)

// New makes a platform from its config.
func New(cfg Config) *Plugin {
	if cfg.Version == "" {
		cfg.Version = buildinfo.Version
	}
	if cfg.DeviceClass == "" {
		cfg.DeviceClass = "Video/Source"
	}
	if cfg.Logger == nil {
		cfg.Logger = hclog.NewNullLogger()
	}
	p := &Plugin{cfg: cfg, log: cfg.Logger, encCache: map[spec.HWPreference][]pluginapi.ElementStatus{},
		decProbes: map[string]decoderProbe{}, streams: map[string]*stream{}}
	p.rtsp.ended = p.streamEnded
	return p
}

// Info reports the plugin and whether it can work here.
func (p *Plugin) Info(ctx context.Context) (*pluginapi.Info, error) {
	info := &pluginapi.Info{
		Name: p.cfg.Profile.Name, Version: p.cfg.Version, ProtocolVersion: pluginapi.ProtocolVersion,
		OS: runtime.GOOS, Arch: runtime.GOARCH, Description: p.cfg.Profile.Description,
		GStreamerVersion: gstreamer.Version(), Supported: true,
	}
	for _, k := range p.cfg.SourceKinds {
		info.SourceKinds = append(info.SourceKinds, string(k))
	}
	if p.cfg.OS != "" && p.cfg.OS != runtime.GOOS {
		info.Supported, info.Reason = false, fmt.Sprintf("built for %s, this machine runs %s", p.cfg.OS, runtime.GOOS)
		return info, nil
	}
	var missing []string
	for _, e := range p.cfg.RequiredElements {
		if !gstreamer.HasElement(e) {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		info.Supported, info.Reason = false, fmt.Sprintf("GStreamer elements not installed: %v", missing)
	}
	return info, nil
}

// Devices lists capture devices through GStreamer's device monitor.
func (p *Plugin) Devices(ctx context.Context, follow bool) (<-chan pluginapi.DeviceEvent, error) {
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
		for _, rd := range gstreamer.ListDevices(p.cfg.DeviceClass) {
			if d, ok := p.toDevice(rd); ok && !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshot, Device: d}) {
				return
			}
		}
		if !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshotDone}) || !follow {
			return
		}
		raw := make(chan gstreamer.DeviceEvent)
		go gstreamer.FollowDevices(ctx, p.cfg.DeviceClass, raw)
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

func (p *Plugin) toDevice(rd gstreamer.RawDevice) (pluginapi.Device, bool) {
	if p.cfg.ToDevice != nil {
		return p.cfg.ToDevice(rd)
	}
	return pluginapi.Device{ID: rd.Name, Name: rd.Name, Class: rd.Class, Formats: ParseCaps(rd.Caps), Properties: rd.Properties}, true
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
	for _, rd := range gstreamer.ListDevices(p.cfg.DeviceClass) {
		if d, ok := p.toDevice(rd); ok && d.ID == id {
			return d, nil
		}
	}
	return pluginapi.Device{}, fmt.Errorf("device %q: %w", id, pluginapi.ErrDeviceNotFound)
}

// encoders probes every encoder of the profile that the preference allows, in order, and
// marks the first that works as chosen. Results are cached for the plugin's life: a test encode
// takes up to a second and the hardware does not change while the process runs.
func (p *Plugin) encoders(ctx context.Context, hw pluginapi.HWPreference) []pluginapi.ElementStatus {
	if hw == "" {
		hw = spec.HWAuto
	}
	p.encMu.Lock()
	defer p.encMu.Unlock()
	if c, ok := p.encCache[hw]; ok {
		return c
	}
	var out []pluginapi.ElementStatus
	chosen := false
	for _, e := range p.cfg.Profile.Encoders {
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
			if err := gstreamer.ProbeEncoder(ctx, p.cfg.Profile, e); err != nil {
				st.Reason = err.Error()
			} else {
				st.Usable, st.Chosen, chosen = true, true, true
				st.Reason = "passed a test encode in " + strconv.FormatInt(sinceMS(start), 10) + " ms"
			}
		}
		p.log.Debug("encoder probe", "element", e.Element, "usable", st.Usable, "reason", st.Reason)
		out = append(out, st)
	}
	p.encCache[hw] = out
	return out
}

// chooseEncoder picks the encoder for a spec: the user's forced element, or the first probed.
func (p *Plugin) chooseEncoder(ctx context.Context, enc spec.Encoding) (string, []pluginapi.ElementStatus, error) {
	if enc.Encoder != "" {
		e, ok := p.cfg.Profile.EncoderByName(enc.Encoder)
		if !ok {
			return "", nil, fmt.Errorf("encoder %q is not one of %s's encoders: %w", enc.Encoder, p.cfg.Profile.Name, pluginapi.ErrInvalidSpec)
		}
		if err := gstreamer.ProbeEncoder(ctx, p.cfg.Profile, e); err != nil {
			return "", nil, fmt.Errorf("encoder %s does not work here: %v: %w", enc.Encoder, err, pluginapi.ErrNoEncoder)
		}
		return enc.Encoder, []pluginapi.ElementStatus{{Element: e.Element, Hardware: e.Hardware, Usable: true, Chosen: true, Reason: "forced by --encoder"}}, nil
	}
	list := p.encoders(ctx, enc.Hardware)
	for _, s := range list {
		if s.Chosen {
			return s.Element, list, nil
		}
	}
	return "", list, fmt.Errorf("none of %s's encoders passed a test encode (%s): %w", p.cfg.Profile.Name, summarize(list), pluginapi.ErrNoEncoder)
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
// one-line error instead of a GStreamer message.
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

// checkPort fails early when an RTP source's UDP port is taken, instead of letting two
// receivers share it silently (udpsrc sets SO_REUSEADDR).
func checkPort(src spec.Source) error {
	if src.Kind != spec.SourceRTP {
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
