package main

import (
	"context"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/v4l2ctl"
)

// maxSensors is how many sensor ids are tried when the Tegra VI nodes do not say how many
// sensors there are (Jetson carrier boards take up to six CSI cameras).
const maxSensors = 6

// probeTimeout bounds one sensor's probe; Argus takes a second or two to open a sensor.
const probeTimeout = 15 * time.Second

// mode is one sensor mode, as nvarguscamerasrc prints it when it opens a sensor:
//
//	GST_ARGUS: 1920 x 1080 FR = 29.999999 fps Duration = 33333334 ; Analog Gain range min 1.000000, max 10.625000; Exposure Range min 13000, max 683709000;
type mode struct {
	Width, Height            int
	FPS                      float64
	GainMin, GainMax         float64
	ExposureMin, ExposureMax int64 // ns
}

var modeLine = regexp.MustCompile(`GST_ARGUS: (\d+) x (\d+) FR = ([0-9.]+) fps Duration = \d+ ; ` +
	`Analog Gain range min ([0-9.]+), max ([0-9.]+); Exposure Range min (\d+), max (\d+);`)

// parseModes reads the sensor modes from nvarguscamerasrc's output, in mode order.
func parseModes(out string) []mode {
	var ms []mode
	for _, m := range modeLine.FindAllStringSubmatch(out, -1) {
		w, _ := strconv.Atoi(m[1])
		h, _ := strconv.Atoi(m[2])
		fps, _ := strconv.ParseFloat(m[3], 64)
		gmin, _ := strconv.ParseFloat(m[4], 64)
		gmax, _ := strconv.ParseFloat(m[5], 64)
		emin, _ := strconv.ParseInt(m[6], 10, 64)
		emax, _ := strconv.ParseInt(m[7], 10, 64)
		ms = append(ms, mode{w, h, fps, gmin, gmax, emin, emax})
	}
	return ms
}

// rate turns Argus' 29.999999 into 30/1 and 59.940060 into 60000/1001.
func rate(fps float64) pluginapi.Fraction {
	if r := math.Round(fps); math.Abs(fps-r) < 0.01 {
		return pluginapi.Fraction{Num: int(r), Den: 1}
	}
	if r := math.Round(fps * 1.001); math.Abs(fps*1.001-r) < 0.01 {
		return pluginapi.Fraction{Num: int(r) * 1000, Den: 1001}
	}
	return pluginapi.Fraction{Num: int(math.Round(fps * 1000)), Den: 1000}
}

// sensor is one Argus camera.
type sensor struct {
	id    int
	name  string // from its Tegra VI node ("imx219 9-0010"), or "CSI sensor N"
	modes []mode
}

// argus lists the Jetson's CSI sensors and their modes, once per plugin process: they are not
// hot-plugged, and probing one takes Argus a second or two. Listing:
//
//  1. the Tegra VI nodes (/dev/video*, driver tegra-video, card "vi-output, imx219 9-0010") say
//     how many sensors there are and their names; without them (or none found) sensor ids
//     0, 1, … are tried until one fails;
//  2. each sensor is opened once with `gst-launch-1.0 nvarguscamerasrc sensor-id=N num-buffers=1
//     ! fakesink`, in a process of its own (an Argus failure cannot take the plugin down), and
//     its sensor modes are read from what nvarguscamerasrc prints.
type argus struct {
	// run opens sensor id and returns what nvarguscamerasrc printed; nodes lists the VI nodes.
	run   func(ctx context.Context, id int) (string, error)
	nodes func() []string

	mu      sync.Mutex
	listed  bool
	sensors []sensor
}

func newArgus() *argus { return &argus{run: openSensor, nodes: viNodes} }

// openSensor runs one sensor for one buffer and returns its output.
func openSensor(ctx context.Context, id int) (string, error) {
	launch, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		return "", fmt.Errorf("gst-launch-1.0 is not installed (gstreamer1.0-tools): cannot read sensor modes")
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, launch, "nvarguscamerasrc", "sensor-id="+strconv.Itoa(id), "num-buffers=1", "!", "fakesink")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out), fmt.Errorf("sensor %d did not answer in %s", id, probeTimeout)
	}
	return string(out), err
}

// viNodes lists the Tegra VI capture nodes' names, in /dev/videoN order.
func viNodes() []string {
	paths, _ := filepath.Glob("/dev/video*")
	sort.Slice(paths, func(i, j int) bool { return nodeNumber(paths[i]) < nodeNumber(paths[j]) })
	var out []string
	for _, p := range paths {
		c, err := v4l2ctl.QueryCap(p)
		if err != nil {
			continue
		}
		if c.Driver == "tegra-video" || strings.HasPrefix(c.Card, "vi-output") {
			name := strings.TrimSpace(strings.TrimPrefix(c.Card, "vi-output,"))
			out = append(out, name)
		}
	}
	return out
}

func nodeNumber(p string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(p, "/dev/video"))
	return n
}

func (a *argus) list(ctx context.Context) []sensor {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.listed {
		return a.sensors
	}
	names := a.nodes()
	tries := len(names)
	if tries == 0 {
		tries = maxSensors
	}
	var out []sensor
	for id := 0; id < tries; id++ {
		text, err := a.run(ctx, id)
		ms := parseModes(text)
		if len(ms) == 0 {
			if len(names) > 0 && ctx.Err() == nil {
				// Its VI node is there: list it, without modes (Argus may be busy or down).
				out = append(out, sensor{id: id, name: names[id]})
				continue
			}
			_ = err // no sensor with this id: the list ends here
			break
		}
		name := "CSI sensor " + strconv.Itoa(id)
		if id < len(names) && names[id] != "" {
			name = names[id]
		}
		out = append(out, sensor{id: id, name: name, modes: ms})
	}
	if ctx.Err() == nil {
		a.sensors, a.listed = out, true
	}
	return out
}

// devices is the plugin's ListDevices hook: the sensors as argus:// cameras.
func (a *argus) devices(ctx context.Context) ([]pluginapi.Device, error) {
	var out []pluginapi.Device
	for _, s := range a.list(ctx) {
		d := pluginapi.Device{ID: strconv.Itoa(s.id), Name: s.name + " (CSI, Argus sensor " + strconv.Itoa(s.id) + ")",
			Class: "Video/Source", API: "argus", URI: spec.ArgusURI(s.id), Properties: map[string]string{}}
		for i, m := range s.modes {
			d.Formats = append(d.Formats, pluginapi.VideoFormat{Format: "NV12", Width: m.Width, Height: m.Height,
				Framerates: []pluginapi.Fraction{rate(m.FPS)}, Mode: strconv.Itoa(i)})
			d.Properties["argus.mode."+strconv.Itoa(i)] = fmt.Sprintf("%dx%d at %.6g fps, analog gain %g-%g, exposure %d-%d ns",
				m.Width, m.Height, m.FPS, m.GainMin, m.GainMax, m.ExposureMin, m.ExposureMax)
		}
		d.Controls = settings(s.modes)
		out = append(out, d)
	}
	return out, nil
}

// controls is the plugin's Controls hook: an argus:// source's settings are the Argus ones;
// v4l2 sources (USB cameras) are left to their V4L2 controls.
func (a *argus) controls(ctx context.Context, src spec.Source) ([]pluginapi.Control, bool, error) {
	if src.Kind != spec.SourceArgus {
		return nil, false, nil
	}
	for _, s := range a.list(ctx) {
		if strconv.Itoa(s.id) == src.Device {
			return settings(s.modes), true, nil
		}
	}
	return settings(nil), true, nil
}
