package pipeline

import "github.com/gstcast/gstcast/core/spec"

// The four built-in platform profiles. Facts are from the vendors' element documentation
// (DESIGN.md §5); each plugin confirms them on its machine by probing.

// transportElements are what every plugin's pipelines are made of, whatever the platform:
// software test video (encoder and decoder probes), raw conversion (software encoders and
// every viewer's RGBA), H.264 parsing, RTP in and out, and the appsinks that feed RTSP mounts
// and frame rings. capsfilter is GStreamer core and always there.
var transportElements = []string{"videotestsrc", "videoconvert", "h264parse", "rtph264pay", "rtph264depay",
	"rtpjitterbuffer", "udpsink", "udpsrc", "appsink"}

// required is the platform's own elements followed by the transport ones (a new slice).
func required(platform ...string) []string {
	return append(append([]string{}, platform...), transportElements...)
}

// networkSources are the sources every plugin takes: no capture hardware involved. A new slice
// each time, so no profile's list can be changed through another's.
func networkSources() []spec.SourceKind {
	return []spec.SourceKind{spec.SourceTest, spec.SourceFile, spec.SourceRTP, spec.SourceRTSP, spec.SourcePublish}
}

// withCamera adds the camera kind, after test (the order `gstcast plugins` prints).
func withCamera(k spec.SourceKind) []spec.SourceKind {
	n := networkSources()
	return append([]spec.SourceKind{n[0], k}, n[1:]...)
}

// monitorVideoSources is GstDeviceMonitor's class of cameras.
const monitorVideoSources = "Video/Source"

// LinuxV4L2 is desktop/server Linux: V4L2 cameras, VA-API/V4L2 M2M/NVENC hardware, x264 fallback.
func LinuxV4L2() Profile {
	return Profile{
		Name:        "linux-v4l2",
		Description: "Linux: V4L2 cameras; VA-API, V4L2 M2M or NVENC hardware encoders with x264/OpenH264 fallback",
		OS:          "linux",
		SourceKinds: withCamera(spec.SourceV4L2),
		DeviceClass: monitorVideoSources,
		Required:    required("v4l2src"),
		Camera:      Camera{Element: "v4l2src", DeviceProp: "device"},
		Convert:     "videoconvert",
		Encoders:    []Encoder{vah264enc(), v4l2h264enc(), nvh264enc(), x264enc(), openh264enc()},
		Decoders: []Decoder{{Element: "vah264dec", Hardware: true}, {Element: "v4l2slh264dec", Hardware: true},
			{Element: "v4l2h264dec", Hardware: true}, nvh264dec(), avdecH264()},
	}
}

// WindowsMF is Windows: Media Foundation cameras, NVENC/Quick Sync/MF hardware, x264 fallback.
// Its cameras are not v4l2:// sources (those name /dev nodes): until the spec has a scheme for
// platform camera ids, it takes the network and test sources only.
func WindowsMF() Profile {
	return Profile{
		Name:        "windows-mf",
		Description: "Windows: Media Foundation cameras; NVENC, Quick Sync or Media Foundation hardware encoders with x264 fallback",
		OS:          "windows",
		SourceKinds: networkSources(),
		DeviceClass: monitorVideoSources,
		Required:    required("mfvideosrc"),
		Camera:      Camera{Element: "mfvideosrc", DeviceProp: "device-path", IndexProp: "device-index"},
		Convert:     "videoconvert",
		Encoders:    []Encoder{nvh264enc(), qsvh264enc(), mfh264enc(), x264enc()},
		Decoders:    []Decoder{d3d11h264dec(), nvh264dec(), avdecH264()},
	}
}

// JetsonNvargus is NVIDIA Jetson: Argus CSI cameras in NVMM memory and the nvv4l2 codecs.
// Orin Nano has no hardware encoder: x264enc after nvvidconv to system memory is the fallback.
// Argus sensors are not in GstDeviceMonitor (no device class): the plugin lists them itself.
// nvvidconv is required because every encoder (hardware or x264) is fed by it. Sensor ids are
// not v4l2:// /dev paths, so until the spec has a scheme for them it takes network and test
// sources only.
func JetsonNvargus() Profile {
	x := x264enc()
	x.Convert = "nvvidconv"
	return Profile{
		Name:        "jetson-nvargus",
		Description: "NVIDIA Jetson: Argus CSI cameras, nvv4l2h264enc hardware encoder (x264 fallback on Orin Nano)",
		OS:          "linux",
		SourceKinds: networkSources(),
		Required:    required("nvarguscamerasrc", "nvvidconv"),
		Camera:      Camera{Element: "nvarguscamerasrc", DeviceProp: "sensor-id", Memory: "memory:NVMM", Format: "NV12"},
		Convert:     "nvvidconv",
		Encoders:    []Encoder{nvv4l2h264enc(), x},
		Decoders:    []Decoder{nvv4l2decoder(), avdecH264()},
	}
}

// RPiV4L2M2M is Raspberry Pi: libcamera or V4L2 cameras and the V4L2 M2M codecs.
// Pi 5 has no hardware H.264 encoder: x264enc is the fallback. v4l2convert and the M2M codecs
// are registered only where their /dev nodes exist, so they are probed, not required; USB
// cameras are in the device monitor, libcamera (CSI) sensors are listed by the plugin itself.
func RPiV4L2M2M() Profile {
	return Profile{
		Name:        "rpi-v4l2m2m",
		Description: "Raspberry Pi: libcamera/V4L2 cameras, v4l2h264enc hardware encoder (x264 fallback on Pi 5), v4l2h264dec",
		OS:          "linux",
		SourceKinds: withCamera(spec.SourceV4L2),
		DeviceClass: monitorVideoSources,
		Required:    required("v4l2src"),
		Camera:      Camera{Element: "v4l2src", DeviceProp: "device"},
		Convert:     "v4l2convert",
		Encoders:    []Encoder{withConvert(v4l2h264enc(), "v4l2convert"), withConvert(x264enc(), "videoconvert")},
		Decoders: []Decoder{{Element: "v4l2h264dec", Hardware: true, Props: []Prop{p("capture-io-mode", "4")},
			After: []Element{el("v4l2convert", "", p("output-io-mode", "5"), p("capture-io-mode", "4"))}}, avdecH264()},
	}
}

func withConvert(e Encoder, convert string) Encoder {
	e.Convert = convert
	return e
}

// d3d11h264dec decodes into D3D11 textures. Viewers convert to RGBA on the GPU (d3d11convert)
// and download only the finished frame, instead of downloading NV12 for videoconvert.
func d3d11h264dec() Decoder {
	return Decoder{Element: "d3d11h264dec", Hardware: true, View: []Element{
		el("d3d11convert", "gpuconvert"),
		capsfilter("gpucaps", "video/x-raw(memory:D3D11Memory),format=RGBA"),
		el("d3d11download", "download"),
	}}
}

// nvv4l2decoder decodes into NVMM buffers; nvvidconv brings them to system memory, for viewers
// already as RGBA (converted by the VIC, not the CPU).
func nvv4l2decoder() Decoder {
	return Decoder{Element: "nvv4l2decoder", Hardware: true, After: []Element{el("nvvidconv", "")},
		View: []Element{el("nvvidconv", "gpuconvert"), capsfilter("gpucaps", "video/x-raw,format=RGBA")}}
}
