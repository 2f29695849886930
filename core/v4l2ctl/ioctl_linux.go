package v4l2ctl

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// ioctl request numbers (linux/videodev2.h, _IOR/_IOWR('V', nr, struct)).
const (
	vidiocQuerycap     = 0x80685600 // _IOR('V', 0, struct v4l2_capability)           104 bytes
	vidiocGCtrl        = 0xc008561b // _IOWR('V', 27, struct v4l2_control)              8 bytes
	vidiocQueryctrl    = 0xc0445624 // _IOWR('V', 36, struct v4l2_queryctrl)           68 bytes
	vidiocQuerymenu    = 0xc02c5625 // _IOWR('V', 37, struct v4l2_querymenu, packed)   44 bytes
	vidiocQueryExtCtrl = 0xc0e85667 // _IOWR('V', 103, struct v4l2_query_ext_ctrl)    232 bytes

	flagNextCtrl     = 0x80000000
	flagNextCompound = 0x40000000
)

type v4l2Capability struct {
	Driver       [16]byte
	Card         [32]byte
	BusInfo      [32]byte
	Version      uint32
	Capabilities uint32
	DeviceCaps   uint32
	Reserved     [3]uint32
}

type v4l2QueryExtCtrl struct {
	ID       uint32
	Type     uint32
	Name     [32]byte
	Minimum  int64
	Maximum  int64
	Step     uint64
	Default  int64
	Flags    uint32
	ElemSize uint32
	Elems    uint32
	NrOfDims uint32
	Dims     [4]uint32
	Reserved [32]uint32
}

type v4l2Queryctrl struct {
	ID       uint32
	Type     uint32
	Name     [32]byte
	Minimum  int32
	Maximum  int32
	Step     int32
	Default  int32
	Flags    uint32
	Reserved [2]uint32
}

// v4l2_querymenu is packed: id, index, a 32-byte union (name, or an s64 value for integer
// menus), reserved.
type v4l2Querymenu struct {
	ID       uint32
	Index    uint32
	Union    [32]byte
	Reserved uint32
}

type v4l2Control struct {
	ID    uint32
	Value int32
}

// fd is an open device node.
type fd uintptr

func (f fd) ioctl(req uintptr, arg unsafe.Pointer) error {
	for {
		_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(f), req, uintptr(arg))
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

func open(path string) (*os.File, fd, error) {
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	return f, fd(f.Fd()), nil
}

// QueryCap asks a device node what it is (VIDIOC_QUERYCAP).
func QueryCap(path string) (Capability, error) {
	f, d, err := open(path)
	if err != nil {
		return Capability{}, err
	}
	defer f.Close()
	var c v4l2Capability
	if err := d.ioctl(vidiocQuerycap, unsafe.Pointer(&c)); err != nil {
		return Capability{}, fmt.Errorf("%s is not a V4L2 device: %w", path, err)
	}
	return Capability{Driver: cstr(c.Driver[:]), Card: cstr(c.Card[:]), BusInfo: cstr(c.BusInfo[:]),
		Capabilities: c.Capabilities, DeviceCaps: c.DeviceCaps}, nil
}

// List enumerates a device node's controls, with their menus and current values.
func List(path string) ([]Control, error) {
	f, d, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var c v4l2Capability
	if err := d.ioctl(vidiocQuerycap, unsafe.Pointer(&c)); err != nil {
		return nil, fmt.Errorf("%s is not a V4L2 device: %w", path, err)
	}
	return list(d)
}

// device is what list needs of an open node; tests give it a fake.
type device interface {
	ioctl(req uintptr, arg unsafe.Pointer) error
}

func list(d device) ([]Control, error) {
	out, err := listExt(d)
	if err == syscall.ENOTTY || err == syscall.EINVAL && len(out) == 0 {
		out, err = listOld(d) // drivers older than VIDIOC_QUERY_EXT_CTRL (Linux 3.16)
	}
	if err != nil && err != syscall.EINVAL {
		return out, err
	}
	for i := range out {
		c := &out[i]
		if c.Type == TypeMenu || c.Type == TypeIntegerMenu {
			c.Menu = menu(d, *c)
		}
		if c.Type != TypeInteger64 && c.Type != TypeClass && c.Type != TypeString && c.Flags&FlagWriteOnly == 0 {
			v := v4l2Control{ID: c.ID}
			if d.ioctl(vidiocGCtrl, unsafe.Pointer(&v)) == nil {
				c.Value, c.HasValue = int64(v.Value), true
			}
		}
	}
	return out, nil
}

// listExt walks the controls with VIDIOC_QUERY_EXT_CTRL; EINVAL ends the list.
func listExt(d device) ([]Control, error) {
	var out []Control
	q := v4l2QueryExtCtrl{ID: flagNextCtrl | flagNextCompound}
	for n := 0; n < 1024; n++ {
		if err := d.ioctl(vidiocQueryExtCtrl, unsafe.Pointer(&q)); err != nil {
			if err == syscall.EINVAL && len(out) > 0 {
				return out, nil
			}
			return out, err
		}
		if q.Type < 0x100 && q.Type != uint32(TypeClass) { // compound controls are not settable here
			label := cstr(q.Name[:])
			out = append(out, Control{ID: q.ID, Name: Normalize(label), Label: label, Type: Type(q.Type),
				Min: q.Minimum, Max: q.Maximum, Step: int64(q.Step), Default: q.Default, Flags: q.Flags})
		}
		q = v4l2QueryExtCtrl{ID: q.ID | flagNextCtrl | flagNextCompound}
	}
	return out, nil
}

func listOld(d device) ([]Control, error) {
	var out []Control
	q := v4l2Queryctrl{ID: flagNextCtrl}
	for n := 0; n < 1024; n++ {
		if err := d.ioctl(vidiocQueryctrl, unsafe.Pointer(&q)); err != nil {
			if err == syscall.EINVAL {
				return out, nil
			}
			return out, err
		}
		if q.Type != uint32(TypeClass) {
			label := cstr(q.Name[:])
			out = append(out, Control{ID: q.ID, Name: Normalize(label), Label: label, Type: Type(q.Type),
				Min: int64(q.Minimum), Max: int64(q.Maximum), Step: int64(q.Step), Default: int64(q.Default), Flags: q.Flags})
		}
		q = v4l2Queryctrl{ID: q.ID | flagNextCtrl}
	}
	return out, nil
}

// menu lists a menu control's entries; indexes the driver skips (holes) are left out.
func menu(d device, c Control) []MenuItem {
	var out []MenuItem
	for i := c.Min; i <= c.Max && i-c.Min < 256; i++ {
		m := v4l2Querymenu{ID: c.ID, Index: uint32(i)}
		if d.ioctl(vidiocQuerymenu, unsafe.Pointer(&m)) != nil {
			continue
		}
		name := cstr(m.Union[:])
		if c.Type == TypeIntegerMenu {
			v := *(*int64)(unsafe.Pointer(&m.Union[0]))
			name = fmt.Sprint(v)
		}
		out = append(out, MenuItem{Index: i, Name: name})
	}
	return out
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
