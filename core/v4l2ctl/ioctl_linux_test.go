package v4l2ctl

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// The struct layouts must match linux/videodev2.h: a wrong size is a different ioctl number.
func TestLayouts(t *testing.T) {
	for name, got := range map[string]uintptr{"v4l2_capability": unsafe.Sizeof(v4l2Capability{}),
		"v4l2_query_ext_ctrl": unsafe.Sizeof(v4l2QueryExtCtrl{}), "v4l2_queryctrl": unsafe.Sizeof(v4l2Queryctrl{}),
		"v4l2_querymenu": unsafe.Sizeof(v4l2Querymenu{}), "v4l2_control": unsafe.Sizeof(v4l2Control{})} {
		want := map[string]uintptr{"v4l2_capability": 104, "v4l2_query_ext_ctrl": 232, "v4l2_queryctrl": 68,
			"v4l2_querymenu": 44, "v4l2_control": 8}[name]
		if got != want {
			t.Errorf("%s is %d bytes, want %d", name, got, want)
		}
	}
	for req, size := range map[uintptr]uintptr{vidiocQuerycap: 104, vidiocQueryExtCtrl: 232, vidiocQueryctrl: 68, vidiocQuerymenu: 44, vidiocGCtrl: 8} {
		if req>>16&0x3fff != size || req>>8&0xff != 'V' {
			t.Errorf("request %#x does not encode size %d", req, size)
		}
	}
}

// fakeCam answers the ioctls the way a UVC webcam's driver does.
type fakeCam struct {
	ctrls  []v4l2QueryExtCtrl
	menus  map[uint32][]string
	values map[uint32]int32
	oldAPI bool // a driver from before VIDIOC_QUERY_EXT_CTRL
}

func name32(s string) (b [32]byte) { copy(b[:], s); return }

func (f *fakeCam) ioctl(req uintptr, arg unsafe.Pointer) error {
	next := func(id uint32) (v4l2QueryExtCtrl, bool) {
		for _, c := range f.ctrls {
			if c.ID > id&^(flagNextCtrl|flagNextCompound) {
				return c, true
			}
		}
		return v4l2QueryExtCtrl{}, false
	}
	switch req {
	case vidiocQueryExtCtrl:
		if f.oldAPI {
			return syscall.ENOTTY
		}
		q := (*v4l2QueryExtCtrl)(arg)
		c, ok := next(q.ID)
		if !ok {
			return syscall.EINVAL
		}
		*q = c
	case vidiocQueryctrl:
		q := (*v4l2Queryctrl)(arg)
		c, ok := next(q.ID)
		if !ok {
			return syscall.EINVAL
		}
		*q = v4l2Queryctrl{ID: c.ID, Type: c.Type, Name: c.Name, Minimum: int32(c.Minimum), Maximum: int32(c.Maximum),
			Step: int32(c.Step), Default: int32(c.Default), Flags: c.Flags}
	case vidiocQuerymenu:
		m := (*v4l2Querymenu)(arg)
		names := f.menus[m.ID]
		if int(m.Index) >= len(names) || names[m.Index] == "" {
			return syscall.EINVAL
		}
		m.Union = name32(names[m.Index])
	case vidiocGCtrl:
		c := (*v4l2Control)(arg)
		v, ok := f.values[c.ID]
		if !ok {
			return syscall.EACCES
		}
		c.Value = v
	default:
		return syscall.ENOTTY
	}
	return nil
}

func webcam() *fakeCam {
	return &fakeCam{
		ctrls: []v4l2QueryExtCtrl{
			{ID: 0x00980001, Type: uint32(TypeClass), Name: name32("User Controls"), Flags: 0x44},
			{ID: 0x00980900, Type: uint32(TypeInteger), Name: name32("Brightness"), Minimum: 0, Maximum: 255, Step: 1, Default: 128},
			{ID: 0x0098090c, Type: uint32(TypeBoolean), Name: name32("White Balance Temperature, Auto"), Maximum: 1, Step: 1, Default: 1},
			{ID: 0x00980913, Type: uint32(TypeInteger), Name: name32("Gain"), Minimum: 0, Maximum: 255, Step: 1, Default: 0},
			{ID: 0x009a0901, Type: uint32(TypeMenu), Name: name32("Exposure, Auto"), Minimum: 0, Maximum: 3, Step: 1, Default: 3},
			{ID: 0x009a0902, Type: uint32(TypeInteger), Name: name32("Exposure (Absolute)"), Minimum: 3, Maximum: 2047, Step: 1, Default: 250, Flags: FlagInactive},
			{ID: 0x009a0910, Type: uint32(TypeInteger), Name: name32("Zoom, Absolute"), Minimum: 100, Maximum: 500, Step: 10, Default: 100},
			{ID: 0x009f0901, Type: uint32(TypeInteger), Name: name32("Pixel Rate"), Maximum: 1e9, Step: 1, Flags: FlagReadOnly},
		},
		menus:  map[uint32][]string{0x009a0901: {"", "Manual Mode", "", "Aperture Priority Mode"}},
		values: map[uint32]int32{0x00980900: 140, 0x009a0901: 3},
	}
}

func TestListAWebcam(t *testing.T) {
	for _, old := range []bool{false, true} {
		cam := webcam()
		cam.oldAPI = old
		cs, err := list(cam)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Name)
		}
		want := "brightness white_balance_temperature_auto gain exposure_auto exposure_absolute zoom_absolute pixel_rate"
		if strings.Join(got, " ") != want {
			t.Fatalf("old API %v: controls %v\nwant %s", old, got, want)
		}
		b, _ := Find(cs, "brightness")
		if !b.HasValue || b.Value != 140 || b.Max != 255 || b.Label != "Brightness" {
			t.Errorf("brightness: %+v", b)
		}
		e, _ := Find(cs, "exposure_auto")
		if len(e.Menu) != 2 || e.Menu[0] != (MenuItem{1, "Manual Mode"}) || e.Menu[1] != (MenuItem{3, "Aperture Priority Mode"}) {
			t.Errorf("exposure_auto menu (holes left out): %+v", e.Menu)
		}
		if x, _ := Find(cs, "exposure_absolute"); strings.Join(x.FlagNames(), ",") != "inactive" {
			t.Errorf("exposure_absolute flags %v", x.FlagNames())
		}
	}
}

func TestResolve(t *testing.T) {
	cs, err := list(webcam())
	if err != nil {
		t.Fatal(err)
	}
	got, err := Resolve(cs, []Setting{{"exposure_auto", "manual mode"}, {"exposure_absolute", "100"},
		{"white_balance_temperature_auto", "false"}, {"zoom_absolute", "150"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Setting{{"exposure_auto", "1"}, {"exposure_absolute", "100"}, {"white_balance_temperature_auto", "0"}, {"zoom_absolute", "150"}}; len(got) != 4 || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("resolved %v, want %v", got, want)
	}
	for _, bad := range []struct {
		s    Setting
		want string
	}{
		{Setting{"exposure", "10"}, "no such control"},
		{Setting{"gain", "256"}, "out of its range 0..255"},
		{Setting{"gain", "x"}, "whole number"},
		{Setting{"zoom_absolute", "155"}, "step of 10"},
		{Setting{"exposure_auto", "2"}, "no menu entry 2"},
		{Setting{"exposure_auto", "shutter"}, "no menu entry"},
		{Setting{"pixel_rate", "1"}, "cannot be set"},
		{Setting{"white_balance_temperature_auto", "maybe"}, "switch"},
	} {
		_, err := Resolve(cs, []Setting{bad.s})
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v, want %q", bad.s, err, bad.want)
		}
	}
	if _, err := Resolve(cs, []Setting{{"exposure", "1"}}); !errors.Is(err, ErrNoControl) || !strings.Contains(err.Error(), "brightness, white_balance_temperature_auto, gain") {
		t.Errorf("unknown control: %v", err)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Exposure Time, Absolute":         "exposure_time_absolute",
		"White Balance Temperature, Auto": "white_balance_temperature_auto",
		"Exposure (Absolute)":             "exposure_absolute",
		"low_latency_mode":                "low_latency_mode",
		"  Power Line Frequency ":         "power_line_frequency",
		"H264 I-Frame Period":             "h264_i_frame_period",
		"Video Bitrate":                   "video_bitrate",
		"Repeat Sequence Header":          "repeat_sequence_header",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNotADevice(t *testing.T) {
	if _, err := List("/dev/null"); err == nil || !strings.Contains(err.Error(), "not a V4L2 device") {
		t.Errorf("List(/dev/null): %v", err)
	}
	if _, err := QueryCap("/nonexistent"); err == nil {
		t.Error("QueryCap of a missing node passed")
	}
}
