// Package v4l2ctl reads a V4L2 device's controls (what `v4l2-ctl --list-ctrls-menus` prints) and
// checks the settings asked of them, in pure Go: the plugins list controls with
// `gstcast devices --controls` and refuse a control the camera does not have, where v4l2src's
// extra-controls would only log a warning and go on without it. Names are spelled as GStreamer
// and v4l2-ctl spell them: the driver's name in lower case, words joined by '_'
// ("Exposure Time, Absolute" → exposure_time_absolute).
package v4l2ctl

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Type is a control's V4L2 type (enum v4l2_ctrl_type).
type Type uint32

// The control types of linux/videodev2.h.
const (
	TypeInteger     Type = 1
	TypeBoolean     Type = 2
	TypeMenu        Type = 3
	TypeButton      Type = 4
	TypeInteger64   Type = 5
	TypeClass       Type = 6
	TypeString      Type = 7
	TypeBitmask     Type = 8
	TypeIntegerMenu Type = 9
)

func (t Type) String() string {
	switch t {
	case TypeInteger:
		return "int"
	case TypeBoolean:
		return "bool"
	case TypeMenu:
		return "menu"
	case TypeButton:
		return "button"
	case TypeInteger64:
		return "int64"
	case TypeClass:
		return "class"
	case TypeString:
		return "string"
	case TypeBitmask:
		return "bitmask"
	case TypeIntegerMenu:
		return "intmenu"
	}
	return fmt.Sprintf("type-%d", uint32(t))
}

// Control flags (V4L2_CTRL_FLAG_*).
const (
	FlagDisabled  = 0x0001
	FlagGrabbed   = 0x0002
	FlagReadOnly  = 0x0004
	FlagUpdate    = 0x0008
	FlagInactive  = 0x0010
	FlagSlider    = 0x0020
	FlagWriteOnly = 0x0040
	FlagVolatile  = 0x0080
)

// Control is one control of a device.
type Control struct {
	ID                      uint32
	Name                    string // normalised: exposure_time_absolute
	Label                   string // as the driver names it: "Exposure Time, Absolute"
	Type                    Type
	Min, Max, Step, Default int64
	Value                   int64 // current value; HasValue says whether it could be read
	HasValue                bool
	Flags                   uint32
	Menu                    []MenuItem // menu and integer-menu entries (holes left out)
}

// MenuItem is one entry of a menu control: its index and its name (or number, for integer menus).
type MenuItem struct {
	Index int64
	Name  string
}

// FlagNames spells the flags that matter to someone setting the control.
func (c Control) FlagNames() []string {
	var out []string
	for _, f := range []struct {
		bit  uint32
		name string
	}{{FlagReadOnly, "read-only"}, {FlagInactive, "inactive"}, {FlagWriteOnly, "write-only"},
		{FlagVolatile, "volatile"}, {FlagGrabbed, "grabbed"}, {FlagDisabled, "disabled"}} {
		if c.Flags&f.bit != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// Settable reports whether a value can be written to the control through v4l2src's
// extra-controls (integers, booleans and menus, not read-only, not a class heading).
func (c Control) Settable() bool {
	switch c.Type {
	case TypeInteger, TypeBoolean, TypeMenu, TypeIntegerMenu, TypeButton:
		return c.Flags&(FlagReadOnly|FlagDisabled) == 0
	}
	return false
}

// Normalize spells a driver's control name as GStreamer's v4l2 elements (and v4l2-ctl) take it:
// letters and digits in lower case, every run of other characters one '_', none at either end.
func Normalize(label string) string {
	var b strings.Builder
	gap := false
	for i := 0; i < len(label); i++ {
		c := label[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ErrNoControl says the device has no control of that name.
var ErrNoControl = errors.New("no such control")

// Find returns the control called name (normalised spelling).
func Find(cs []Control, name string) (Control, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return Control{}, false
}

// ValueOf reads a setting for the control and returns it as the integer extra-controls takes:
// integers in range and on the step, booleans as 1/0 (true/false/on/off/yes/no too), menu
// entries by index or by name ("manual_mode" or "Manual Mode" for the exposure_auto menu).
func (c Control) ValueOf(v string) (int64, error) {
	if !c.Settable() {
		return 0, fmt.Errorf("%s is a %s control that cannot be set (%s)", c.Name, c.Type, strings.Join(c.FlagNames(), ", "))
	}
	switch c.Type {
	case TypeBoolean, TypeButton:
		switch strings.ToLower(v) {
		case "1", "true", "on", "yes":
			return 1, nil
		case "0", "false", "off", "no":
			return 0, nil
		}
		return 0, fmt.Errorf("%s is a switch: %q is not 1/true or 0/false", c.Name, v)
	case TypeMenu, TypeIntegerMenu:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			for _, m := range c.Menu {
				if m.Index == n {
					return n, nil
				}
			}
			if c.Type == TypeMenu {
				return 0, fmt.Errorf("%s has no menu entry %d (%s)", c.Name, n, c.menuText())
			}
		}
		for _, m := range c.Menu {
			if strings.EqualFold(m.Name, v) || Normalize(m.Name) == Normalize(v) {
				return m.Index, nil
			}
		}
		return 0, fmt.Errorf("%s has no menu entry %q (%s)", c.Name, v, c.menuText())
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s takes a whole number, not %q", c.Name, v)
	}
	if n < c.Min || n > c.Max {
		return 0, fmt.Errorf("%s=%d is out of its range %d..%d", c.Name, n, c.Min, c.Max)
	}
	if c.Step > 1 && (n-c.Min)%c.Step != 0 {
		return 0, fmt.Errorf("%s=%d is not on its step of %d from %d", c.Name, n, c.Step, c.Min)
	}
	return n, nil
}

func (c Control) menuText() string {
	var parts []string
	for _, m := range c.Menu {
		parts = append(parts, fmt.Sprintf("%d: %s", m.Index, m.Name))
	}
	return strings.Join(parts, ", ")
}

// Setting is one control to set, by name, with its value as written.
type Setting struct{ Name, Value string }

// Resolve checks every setting against the device's controls and returns them with their values
// as integers, in the same order; the error names the first bad one and lists what the device has.
func Resolve(cs []Control, want []Setting) ([]Setting, error) {
	var out []Setting
	for _, w := range want {
		c, ok := Find(cs, w.Name)
		if !ok {
			return nil, fmt.Errorf("%q: %w (this camera has: %s)", w.Name, ErrNoControl, names(cs))
		}
		n, err := c.ValueOf(w.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, Setting{Name: w.Name, Value: strconv.FormatInt(n, 10)})
	}
	return out, nil
}

func names(cs []Control) string {
	var out []string
	for _, c := range cs {
		if c.Settable() {
			out = append(out, c.Name)
		}
	}
	if len(out) == 0 {
		return "no settable controls"
	}
	return strings.Join(out, ", ")
}

// Capability is what VIDIOC_QUERYCAP says about a device node.
type Capability struct {
	Driver, Card, BusInfo string
	Capabilities          uint32
	DeviceCaps            uint32
}
