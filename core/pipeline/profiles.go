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
	return []spec.SourceKind{spec.SourceTest, spec.SourceFile, spec.SourceRTP, spec.SourceUDP, spec.SourceSRT, spec.SourceRTSP, spec.SourcePublish}
}

// withCamera adds the camera kinds, after test (the order `gstcast plugins` prints).
func withCamera(k ...spec.SourceKind) []spec.SourceKind {
	n := networkSources()
	return append(append([]spec.SourceKind{n[0]}, k...), n[1:]...)
}

// Priorities (Profile.Priority): the host picks the highest supported plugin for a source kind.
const (
	// PriorityGeneric is a plugin that works on any machine of its OS (linux-v4l2, windows-mf).
	PriorityGeneric = 10
	// PriorityBoard is a plugin for one family of boards, supported only there (Jetson, Pi):
	// where it works it knows the hardware better than the generic plugin.
	PriorityBoard = 20
)

// v4l2Camera is v4l2src: a /dev/video node, its V4L2 controls set through extra-controls.
func v4l2Camera() Camera {
	return Camera{Kind: spec.SourceV4L2, Element: "v4l2src", DeviceProp: "device", ControlsProp: "extra-controls"}
}

func jpegdec() Decoder { return Decoder{Element: "jpegdec"} }

// monitorVideoSources is GstDeviceMonitor's class of cameras.
const monitorVideoSources = "Video/Source"

// LinuxV4L2 is desktop/server Linux: V4L2 cameras, VA-API/V4L2 M2M/NVENC hardware, x264 fallback.
func LinuxV4L2() Profile {
	return Profile{
		Name:        "linux-v4l2",
		Description: "Linux: V4L2 cameras; VA-API, V4L2 M2M or NVENC hardware encoders with x264/OpenH264 fallback",
		OS:          "linux",
		SourceKinds: append(withCamera(spec.SourceV4L2), append(rawFrameKinds(), spec.SourceScreen)...),
		DeviceClass: monitorVideoSources,
		Required:    required("v4l2src"),
		Camera:      v4l2Camera(),
		Screen:      ximageScreen(),
		Convert:     "videoconvert",
		// vajpegdec is VA-API's JPEG decoder (rank none, so named here); jpegdec is libjpeg.
		JPEGDecoders: []Decoder{{Element: "vajpegdec", Hardware: true}, jpegdec()},
		Priority:     PriorityGeneric,
		Encoders:     []Encoder{vah264enc(), v4l2h264enc(), nvh264enc(), x264enc(), openh264enc()},
		Decoders:     linuxDecoders(),
		H265Encoders: []Encoder{vah265enc(), v4l2h265enc(), nvh265enc(), x265enc()},
		H265Decoders: h265Decoders(linuxDecoders()),
	}
}

func linuxDecoders() []Decoder {
	return []Decoder{{Element: "vah264dec", Hardware: true}, {Element: "v4l2slh264dec", Hardware: true},
		{Element: "v4l2h264dec", Hardware: true}, nvh264dec(), avdecH264()}
}

// WindowsMF is Windows: Media Foundation cameras (mf://DEVICE-PATH, the path GstDeviceMonitor
// reports, stable across reboots; mf://INDEX as a fallback), MJPEG cameras decoded by a hardware
// JPEG decoder where one passes its test and jpegdec otherwise, NVENC/Quick Sync/MF hardware
// encoders with x264 fallback, D3D11/D3D12/NVDEC decoders, and screen capture through DXGI
// desktop duplication (d3d11screencapturesrc).
func WindowsMF() Profile {
	mf := Camera{Kind: spec.SourceMF, Element: "mfvideosrc", DeviceProp: "device-path", IndexProp: "device-index"}
	return Profile{
		Name:         "windows-mf",
		Description:  "Windows: Media Foundation cameras and screen capture; NVENC, Quick Sync or Media Foundation hardware encoders with x264 fallback",
		OS:           "windows",
		SourceKinds:  append(withCamera(spec.SourceMF), spec.SourceScreen),
		DeviceClass:  monitorVideoSources,
		Required:     required("mfvideosrc"),
		Camera:       mf,
		Cameras:      []Camera{mf},
		Convert:      "videoconvert",
		JPEGDecoders: []Decoder{{Element: "nvjpegdec", Hardware: true}, {Element: "qsvjpegdec", Hardware: true}, jpegdec()},
		Screen:       d3d11Screen(),
		Priority:     PriorityGeneric,
		Encoders:     []Encoder{nvh264enc(), qsvh264enc(), mfh264enc(), x264enc()},
		Decoders:     []Decoder{d3d11h264dec(), d3d12h264dec(), nvh264dec(), avdecH264()},
		H265Encoders: []Encoder{nvh265enc(), qsvh265enc(), mfh265enc(), x265enc()},
		H265Decoders: h265Decoders([]Decoder{d3d11h264dec(), d3d12h264dec(), nvh264dec(), avdecH264()}),
	}
}

// JetsonNvargus is NVIDIA Jetson: Argus CSI sensors (argus://SENSOR-ID, NVMM frames kept in
// NVMM up to the encoder), USB cameras through v4l2src, the nvv4l2 codecs. Orin Nano has no
// hardware encoder: the probe finds that, and x264enc after nvvidconv to system memory serves.
// Argus sensors are not in GstDeviceMonitor: the plugin lists them itself (ListDevices), while
// USB cameras are in the monitor. nvvidconv is required: every encoder and decoder is fed by it
// or feeds it. omx* elements are gone since JetPack 5 and are never used.
func JetsonNvargus() Profile {
	x := x264enc()
	x.Convert = "nvvidconv"
	return Profile{
		Name:        "jetson-nvargus",
		Description: "NVIDIA Jetson: Argus CSI and USB cameras, nvv4l2h264enc/nvv4l2h265enc hardware encoders (x264 fallback on Orin Nano), nvv4l2decoder",
		OS:          "linux",
		SourceKinds: withCamera(spec.SourceV4L2, spec.SourceArgus),
		DeviceClass: monitorVideoSources,
		Required:    required("nvarguscamerasrc", "nvvidconv"),
		Camera:      v4l2Camera(),
		Cameras: []Camera{{Kind: spec.SourceArgus, Element: "nvarguscamerasrc", DeviceProp: "sensor-id", ModeProp: "sensor-mode",
			Memory: "memory:NVMM", Format: "NV12"}},
		Convert:      "nvvidconv",
		JPEGDecoders: []Decoder{{Element: "nvjpegdec", Hardware: true}, jpegdec()},
		Priority:     PriorityBoard,
		Encoders:     []Encoder{nvv4l2h264enc(), x},
		H265Encoders: []Encoder{nvv4l2h265enc(), withConvert(x265enc(), "nvvidconv")},
		Decoders:     []Decoder{nvv4l2decoder(), avdecH264()},
		H265Decoders: h265Decoders([]Decoder{nvv4l2decoder(), avdecH264()}),
	}
}

// RPiV4L2M2M is Raspberry Pi: CSI cameras through libcamera (libcamera://ID), USB cameras
// through v4l2src, and the V4L2 M2M codecs. Pi 5 has no hardware H.264 encoder (nor decoder):
// x264enc and avdec_h264 are the fallbacks. v4l2convert and the M2M codecs are registered only
// where their /dev nodes exist, so they are probed, not required. Both kinds of camera are in
// the device monitor (libcamera's provider lists the CSI sensors).
func RPiV4L2M2M() Profile {
	return Profile{
		Name:        "rpi-v4l2m2m",
		Description: "Raspberry Pi: libcamera (CSI) and V4L2 (USB) cameras, v4l2h264enc hardware encoder (x264 fallback on Pi 5), v4l2h264dec",
		OS:          "linux",
		SourceKinds: withCamera(spec.SourceV4L2, spec.SourceLibcamera),
		DeviceClass: monitorVideoSources,
		Required:    required("v4l2src"),
		Camera:      v4l2Camera(),
		Cameras:     []Camera{{Kind: spec.SourceLibcamera, Element: "libcamerasrc", DeviceProp: "camera-name"}},
		Convert:     "v4l2convert",
		// v4l2jpegdec is the bcm2835-codec MJPEG decoder (Pi 4 and earlier).
		JPEGDecoders: []Decoder{{Element: "v4l2jpegdec", Hardware: true}, jpegdec()},
		Priority:     PriorityBoard,
		Encoders:     []Encoder{withConvert(v4l2h264enc(), "v4l2convert"), withConvert(x264enc(), "videoconvert")},
		Decoders:     rpiDecoders(),
		// The Pi 5 decodes H.265 in hardware (rpi-hevc-dec, a stateless V4L2 decoder) and
		// encodes it nowhere: x265enc serves.
		H265Encoders: []Encoder{withConvert(v4l2h265enc(), "v4l2convert"), withConvert(x265enc(), "videoconvert")},
		H265Decoders: append([]Decoder{{Element: "v4l2slh265dec", Hardware: true, Codec: "h265"}}, h265Decoders(rpiDecoders())...),
	}
}

func rpiDecoders() []Decoder {
	return []Decoder{{Element: "v4l2h264dec", Hardware: true, Props: []Prop{p("capture-io-mode", "4")},
		After: []Element{el("v4l2convert", "", p("output-io-mode", "5"), p("capture-io-mode", "4"))}}, avdecH264()}
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

// d3d12h264dec decodes into D3D12 resources (GStreamer 1.24+); viewers convert and download as
// with D3D11.
func d3d12h264dec() Decoder {
	return Decoder{Element: "d3d12h264dec", Hardware: true, View: []Element{
		el("d3d12convert", "gpuconvert"),
		capsfilter("gpucaps", "video/x-raw(memory:D3D12Memory),format=RGBA"),
		el("d3d12download", "download"),
	}}
}

// nvv4l2decoder decodes into NVMM buffers; nvvidconv brings them to system memory, for viewers
// already as RGBA (converted by the VIC, not the CPU).
func nvv4l2decoder() Decoder {
	return Decoder{Element: "nvv4l2decoder", Hardware: true, After: []Element{el("nvvidconv", "")},
		View: []Element{el("nvvidconv", "gpuconvert"), capsfilter("gpucaps", "video/x-raw,format=RGBA")}}
}
