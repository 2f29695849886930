package pluginkit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// apiOf is the Device.API a platform camera kind lists its cameras under.
func apiOf(k spec.SourceKind) string {
	switch k {
	case spec.SourceMF:
		return "mf"
	case spec.SourceArgus:
		return "argus"
	case spec.SourceLibcamera:
		return "libcamera"
	}
	return string(k)
}

// cameras lists the plugin's cameras of a kind: its own and the device monitor's.
func (p *Plugin) cameras(ctx context.Context, k spec.SourceKind) ([]pluginapi.Device, error) {
	all, err := p.listDevices(ctx)
	if err != nil {
		return nil, err
	}
	var out []pluginapi.Device
	for _, d := range all {
		if d.API == apiOf(k) {
			out = append(out, d)
		}
	}
	return out, nil
}

// checkCamera finds a platform camera's device before anything is built: an Argus sensor id,
// a libcamera id ("" is the first camera), a Media Foundation device path (compared as Windows
// compares them, without case) or device index. The error lists the cameras there are.
func (p *Plugin) checkCamera(ctx context.Context, src spec.Source) error {
	cams, err := p.cameras(ctx, src.Kind)
	if err != nil {
		return fmt.Errorf("list %s cameras: %w", src.Kind, err)
	}
	if len(cams) == 0 {
		return fmt.Errorf("no %s cameras found (gstcast devices lists the cameras there are): %w", src.Kind, pluginapi.ErrDeviceNotFound)
	}
	if src.Device == "" {
		return nil // the element's own first camera
	}
	if src.Kind == spec.SourceMF && isIndex(src.Device) {
		if n, _ := strconv.Atoi(src.Device); n < len(cams) {
			return nil
		}
		return fmt.Errorf("camera index %s: there are %d Media Foundation cameras (%s): %w", src.Device, len(cams), ids(cams), pluginapi.ErrDeviceNotFound)
	}
	for _, d := range cams {
		if d.ID == src.Device || src.Kind == spec.SourceMF && strings.EqualFold(d.ID, src.Device) {
			return nil
		}
	}
	return fmt.Errorf("camera %q: no such %s camera (there are: %s): %w", src.Device, src.Kind, ids(cams), pluginapi.ErrDeviceNotFound)
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && s != "" && s[0] != '-' && s[0] != '+'
}

func ids(ds []pluginapi.Device) string {
	var out []string
	for _, d := range ds {
		u := d.URI
		if u == "" {
			u = d.ID
		}
		out = append(out, u+" ("+d.Name+")")
	}
	return strings.Join(out, ", ")
}
