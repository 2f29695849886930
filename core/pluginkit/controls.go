package pluginkit

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/v4l2ctl"
)

// V4L2Controls lists a V4L2 device node's controls as the contract describes them.
func V4L2Controls(path string) ([]pluginapi.Control, error) {
	cs, err := v4l2ctl.List(path)
	if err != nil {
		return nil, err
	}
	var out []pluginapi.Control
	for _, c := range cs {
		pc := pluginapi.Control{Name: c.Name, Label: c.Label, Type: c.Type.String(), Flags: c.FlagNames(),
			Min: i64(c.Min), Max: i64(c.Max), Step: i64(c.Step), Default: i64(c.Default)}
		if c.HasValue {
			pc.Value = i64(c.Value)
		}
		for _, m := range c.Menu {
			pc.Menu = append(pc.Menu, pluginapi.MenuItem{Value: i64(m.Index), Name: m.Name})
		}
		if !c.Settable() && !contains(pc.Flags, "read-only") {
			pc.Flags = append(pc.Flags, "read-only")
		}
		out = append(out, pc)
	}
	return out, nil
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// controlsOf lists the controls of a source's camera: the platform's own (Hooks.Controls, e.g.
// Argus settings), else a V4L2 node's. nil, nil means nobody knows them (libcamera): the
// controls are then passed on unchecked and the element refuses what it does not have.
func (p *Plugin) controlsOf(ctx context.Context, src spec.Source) ([]pluginapi.Control, error) {
	if p.hooks.Controls != nil {
		if cs, ok, err := p.hooks.Controls(ctx, src); ok || err != nil {
			return cs, err
		}
	}
	if src.Kind == spec.SourceV4L2 {
		return p.v4l2Controls(src.Device)
	}
	return nil, nil
}

// resolveControls checks a source's controls against its camera's and writes their values the
// way its element takes them; the error says what the camera has.
func (p *Plugin) resolveControls(ctx context.Context, src *spec.Source) error {
	if len(src.Controls) == 0 {
		return nil
	}
	descs, err := p.controlsOf(ctx, *src)
	if err != nil {
		return fmt.Errorf("camera %s: cannot read its controls (%v): %w", src.Device, err, pluginapi.ErrDeviceNotFound)
	}
	if descs == nil {
		return nil
	}
	out, err := ResolveControls(descs, src.Controls, src.Kind == spec.SourceV4L2)
	if err != nil {
		return fmt.Errorf("camera %s: %v: %w", src.Redacted(), err, pluginapi.ErrInvalidSpec)
	}
	src.Controls = out
	return nil
}

// ResolveControls checks settings against a camera's controls and returns them, in order, with
// their values as the element takes them: menu and enum entries by number, switches as 1/0
// (numeric, for V4L2's extra-controls) or true/false (element properties), ranges as "low high".
func ResolveControls(descs []pluginapi.Control, want []spec.Control, numeric bool) ([]spec.Control, error) {
	var out []spec.Control
	for _, w := range want {
		var d *pluginapi.Control
		for i := range descs {
			if descs[i].Name == w.Name {
				d = &descs[i]
			}
		}
		if d == nil {
			return nil, fmt.Errorf("no control %q (it has: %s; gstcast devices --controls lists them)", w.Name, settableNames(descs))
		}
		v, err := controlValue(*d, w.Value, numeric)
		if err != nil {
			return nil, err
		}
		out = append(out, spec.Control{Name: w.Name, Value: v})
	}
	return out, nil
}

func settableNames(descs []pluginapi.Control) string {
	var out []string
	for _, d := range descs {
		if !contains(d.Flags, "read-only") {
			out = append(out, d.Name)
		}
	}
	if len(out) == 0 {
		return "none that can be set"
	}
	return strings.Join(out, ", ")
}

func controlValue(d pluginapi.Control, v string, numeric bool) (string, error) {
	if contains(d.Flags, "read-only") {
		return "", fmt.Errorf("%s is read-only", d.Name)
	}
	switch d.Type {
	case "bool", "button":
		on, ok := parseSwitch(v)
		if !ok {
			return "", fmt.Errorf("%s is a switch: %q is not 1/true or 0/false", d.Name, v)
		}
		if numeric {
			return map[bool]string{true: "1", false: "0"}[on], nil
		}
		return strconv.FormatBool(on), nil
	case "menu", "intmenu", "enum":
		for _, m := range d.Menu {
			if m.Value == v || strings.EqualFold(m.Name, v) || v4l2ctl.Normalize(m.Name) == v4l2ctl.Normalize(v) && v4l2ctl.Normalize(v) != "" {
				return m.Value, nil
			}
		}
		var choices []string
		for _, m := range d.Menu {
			choices = append(choices, m.Value+": "+m.Name)
		}
		return "", fmt.Errorf("%s has no entry %q (%s)", d.Name, v, strings.Join(choices, ", "))
	case "int", "int64":
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", fmt.Errorf("%s takes a whole number, not %q", d.Name, v)
		}
		if err := inRange(d, float64(n)); err != nil {
			return "", err
		}
		if step, _ := strconv.ParseInt(d.Step, 10, 64); step > 1 {
			min, _ := strconv.ParseInt(d.Min, 10, 64)
			if (n-min)%step != 0 {
				return "", fmt.Errorf("%s=%d is not on its step of %d from %d", d.Name, n, step, min)
			}
		}
		return strconv.FormatInt(n, 10), nil
	case "float":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "", fmt.Errorf("%s takes a number, not %q", d.Name, v)
		}
		if err := inRange(d, f); err != nil {
			return "", err
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case "range":
		lo, hi, ok := strings.Cut(strings.TrimSpace(v), " ")
		a, err1 := strconv.ParseFloat(lo, 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if !ok || err1 != nil || err2 != nil || a > b {
			return "", fmt.Errorf("%s takes a range \"LOW HIGH\" (ctrl.%s=%s%%20%s), not %q", d.Name, d.Name, d.Min, d.Max, v)
		}
		if err := inRange(d, a); err != nil {
			return "", err
		}
		if err := inRange(d, b); err != nil {
			return "", err
		}
		return strings.TrimSpace(lo) + " " + strings.TrimSpace(hi), nil
	case "string":
		return v, nil
	}
	return "", fmt.Errorf("%s is a %s control, which gstcast cannot set", d.Name, d.Type)
}

func inRange(d pluginapi.Control, f float64) error {
	if d.Min != "" {
		if min, err := strconv.ParseFloat(d.Min, 64); err == nil && f < min {
			return fmt.Errorf("%s=%v is below its minimum %s", d.Name, f, d.Min)
		}
	}
	if d.Max != "" {
		if max, err := strconv.ParseFloat(d.Max, 64); err == nil && f > max {
			return fmt.Errorf("%s=%v is above its maximum %s", d.Name, f, d.Max)
		}
	}
	return nil
}

func parseSwitch(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "1", "true", "on", "yes":
		return true, true
	case "0", "false", "off", "no":
		return false, true
	}
	return false, false
}
