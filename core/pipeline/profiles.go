package pipeline

// The four built-in platform profiles. Facts are from the vendors' element documentation
// (DESIGN.md §5); each plugin confirms them on its machine by probing.

// LinuxV4L2 is desktop/server Linux: V4L2 cameras, VA-API/V4L2 M2M/NVENC hardware, x264 fallback.
func LinuxV4L2() Profile {
	return Profile{
		Name:        "linux-v4l2",
		Description: "Linux: V4L2 cameras; VA-API, V4L2 M2M or NVENC hardware encoders with x264/OpenH264 fallback",
		Camera:      Camera{Element: "v4l2src", DeviceProp: "device"},
		Convert:     "videoconvert",
		Encoders:    []Encoder{vah264enc(), v4l2h264enc(), nvh264enc(), x264enc(), openh264enc()},
		Decoders: []Decoder{{Element: "vah264dec", Hardware: true}, {Element: "v4l2slh264dec", Hardware: true},
			{Element: "v4l2h264dec", Hardware: true}, nvh264dec(), avdecH264()},
	}
}

// WindowsMF is Windows: Media Foundation cameras, NVENC/Quick Sync/MF hardware, x264 fallback.
func WindowsMF() Profile {
	return Profile{
		Name:        "windows-mf",
		Description: "Windows: Media Foundation cameras; NVENC, Quick Sync or Media Foundation hardware encoders with x264 fallback",
		Camera:      Camera{Element: "mfvideosrc", DeviceProp: "device-path", IndexProp: "device-index"},
		Convert:     "videoconvert",
		Encoders:    []Encoder{nvh264enc(), qsvh264enc(), mfh264enc(), x264enc()},
		Decoders:    []Decoder{d3d11h264dec(), nvh264dec(), avdecH264()},
	}
}

// JetsonNvargus is NVIDIA Jetson: Argus CSI cameras in NVMM memory and the nvv4l2 codecs.
// Orin Nano has no hardware encoder: x264enc after nvvidconv to system memory is the fallback.
func JetsonNvargus() Profile {
	x := x264enc()
	x.Convert = "nvvidconv"
	return Profile{
		Name:        "jetson-nvargus",
		Description: "NVIDIA Jetson: Argus CSI cameras, nvv4l2h264enc hardware encoder (x264 fallback on Orin Nano)",
		Camera:      Camera{Element: "nvarguscamerasrc", DeviceProp: "sensor-id", Memory: "memory:NVMM", Format: "NV12"},
		Convert:     "nvvidconv",
		Encoders:    []Encoder{nvv4l2h264enc(), x},
		Decoders:    []Decoder{nvv4l2decoder(), avdecH264()},
	}
}

// RPiV4L2M2M is Raspberry Pi: libcamera or V4L2 cameras and the V4L2 M2M codecs.
// Pi 5 has no hardware H.264 encoder: x264enc is the fallback.
func RPiV4L2M2M() Profile {
	return Profile{
		Name:        "rpi-v4l2m2m",
		Description: "Raspberry Pi: libcamera/V4L2 cameras, v4l2h264enc hardware encoder (x264 fallback on Pi 5), v4l2h264dec",
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
