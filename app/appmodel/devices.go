package appmodel

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// Camera is a capture device as the editor's camera picker offers it.
type Camera struct {
	Plugin  string
	ID      string // /dev/video0: what goes into the v4l2:// URI
	Name    string
	Formats []pluginapi.VideoFormat
}

// Label is how the picker shows it: "HD Webcam (/dev/video0)".
func (c Camera) Label() string {
	if c.Name == "" || c.Name == c.ID {
		return c.ID
	}
	return c.Name + " (" + c.ID + ")"
}

// Cameras keeps the device list from Backend.Devices: the snapshot, then devices added and
// removed. Done says the snapshot is complete.
type Cameras struct {
	list []Camera
	Done bool
	// Errors are plugins that could not finish their list.
	Errors []string
}

// Apply takes one device event and says whether the list changed.
func (c *Cameras) Apply(ev engine.DeviceEvent) bool {
	switch ev.Type {
	case pluginapi.DeviceSnapshotDone:
		if ev.Err != "" {
			c.Errors = append(c.Errors, ev.Plugin+": "+ev.Err)
		}
		changed := !c.Done
		c.Done = true
		return changed
	case pluginapi.DeviceRemoved:
		for i, d := range c.list {
			if d.ID == ev.Device.ID && d.Plugin == ev.Plugin {
				c.list = append(c.list[:i], c.list[i+1:]...)
				return true
			}
		}
		return false
	}
	for i, d := range c.list {
		if d.ID == ev.Device.ID && d.Plugin == ev.Plugin {
			c.list[i] = cameraOf(ev)
			return true
		}
	}
	c.list = append(c.list, cameraOf(ev))
	return true
}

func cameraOf(ev engine.DeviceEvent) Camera {
	return Camera{Plugin: ev.Plugin, ID: ev.Device.ID, Name: ev.Device.Name, Formats: ev.Device.Formats}
}

// List is the cameras, in the order they came.
func (c *Cameras) List() []Camera { return append([]Camera(nil), c.list...) }

// Find is the camera with this id.
func (c *Cameras) Find(id string) (Camera, bool) {
	for _, d := range c.list {
		if d.ID == id {
			return d, true
		}
	}
	return Camera{}, false
}

// Mode is one format, size and rate a camera offers, as the picker lists it.
type Mode struct {
	Format        string
	Width, Height int
	FPS           string // "30" or "30000/1001"
}

// Label reads "YUY2 1280x720 @ 30 fps".
func (m Mode) Label() string {
	return fmt.Sprintf("%s %dx%d @ %s fps", m.Format, m.Width, m.Height, m.FPS)
}

// Modes are every format/size/rate the camera really offers, largest first, then fastest.
func (c Camera) Modes() []Mode {
	var out []Mode
	for _, f := range c.Formats {
		for _, r := range f.Framerates {
			if r.Num <= 0 {
				continue
			}
			out = append(out, Mode{Format: f.Format, Width: f.Width, Height: f.Height, FPS: fpsText(r)})
		}
		if len(f.Framerates) == 0 {
			out = append(out, Mode{Format: f.Format, Width: f.Width, Height: f.Height})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Width*a.Height != b.Width*b.Height {
			return a.Width*a.Height > b.Width*b.Height
		}
		return fpsValue(a.FPS) > fpsValue(b.FPS)
	})
	return out
}

func fpsText(r pluginapi.Fraction) string {
	if r.Den <= 1 {
		return strconv.Itoa(r.Num)
	}
	if r.Num%r.Den == 0 {
		return strconv.Itoa(r.Num / r.Den)
	}
	return fmt.Sprintf("%d/%d", r.Num, r.Den)
}

func fpsValue(s string) float64 {
	n, d, ok := strings.Cut(s, "/")
	a, _ := strconv.ParseFloat(n, 64)
	if !ok {
		return a
	}
	b, _ := strconv.ParseFloat(d, 64)
	if b == 0 {
		return 0
	}
	return a / b
}

// UseMode puts a camera mode into the form.
func (f *Form) UseMode(m Mode) {
	f.Format = m.Format
	f.Width, f.Height = strconv.Itoa(m.Width), strconv.Itoa(m.Height)
	f.FPS = m.FPS
	if m.Width == 0 {
		f.Width, f.Height = "", ""
	}
}

// EncoderChoice is one entry of the encoder picker.
type EncoderChoice struct {
	Element  string // "" for automatic
	Label    string
	Hardware bool
}

// Encoders are the picker's entries and the notes under it, from Backend.Probe's answer:
// automatic first (what the probe would choose), then every usable encoder, hardware first,
// then a note for each one that is not usable and why, so nobody wonders where the GPU went.
func Encoders(results []engine.ProbeResult) (choices []EncoderChoice, notes []string) {
	var usable []pluginapi.ElementStatus
	seen := map[string]bool{}
	for _, r := range results {
		if r.Err != "" {
			notes = append(notes, fmt.Sprintf("%s could not test its encoders: %s", r.Plugin, firstLine(r.Err)))
		}
		if r.Capabilities == nil {
			continue
		}
		for _, e := range r.Capabilities.Encoders {
			if seen[e.Element] {
				continue
			}
			seen[e.Element] = true
			if e.Usable {
				usable = append(usable, e)
			} else {
				why := e.Reason
				if why == "" {
					why = "did not pass the test encode"
				}
				notes = append(notes, fmt.Sprintf("%s (%s) is not usable: %s", e.Element, hwWord(e.Hardware), firstLine(why)))
			}
		}
	}
	sort.SliceStable(usable, func(i, j int) bool { return usable[i].Hardware && !usable[j].Hardware })
	auto := "Automatic"
	if len(usable) > 0 {
		auto = fmt.Sprintf("Automatic (%s, %s)", usable[0].Element, hwWord(usable[0].Hardware))
	} else if len(results) > 0 {
		notes = append(notes, "no encoder passed its test encode: only sources sent without re-encoding (RTSP, RTP, H.264 files) will work")
	}
	choices = append(choices, EncoderChoice{Label: auto})
	for _, e := range usable {
		choices = append(choices, EncoderChoice{Element: e.Element, Hardware: e.Hardware, Label: e.Element + " (" + hwWord(e.Hardware) + ")"})
	}
	hasSoftware := false
	for _, e := range usable {
		hasSoftware = hasSoftware || !e.Hardware
	}
	if len(usable) > 0 && !hasSoftware {
		notes = append(notes, "no software encoder passed: install x264enc (gstreamer1.0-plugins-ugly) for a fallback")
	}
	return choices, notes
}

func hwWord(hw bool) string {
	if hw {
		return "hardware"
	}
	return "software"
}
