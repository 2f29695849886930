package pipeline

import (
	"fmt"
	"strconv"

	"github.com/gstcast/gstcast/core/spec"
)

// Encoders shared by several profiles. Each converts spec.Encoding into the element's own
// units: x264enc and the NVENC/QSV/MF encoders take kbit/s, openh264enc and the Jetson encoder
// bit/s, V4L2 M2M encoders take V4L2 controls.

const softwareInput = "video/x-raw,format=I420"

// h264Output fixes the profile in the encoder's src caps. Left free, a software encoder can pick
// High 4:4:4 from a test source, which hardware decoders refuse with not-negotiated.
const h264Output = "video/x-h264,profile=%PROFILE%"

func itoa(i int) string { return strconv.Itoa(i) }

func x264enc() Encoder {
	return Encoder{Element: "x264enc", Input: softwareInput, Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("tune", "zerolatency"), p("bitrate", itoa(e.BitrateKbps)), p("speed-preset", "superfast"),
				p("key-int-max", itoa(e.KeyframeInterval))}
		}}
}

func openh264enc() Encoder {
	return Encoder{Element: "openh264enc", Input: softwareInput, Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps*1000)), p("gop-size", itoa(e.KeyframeInterval)),
				p("rate-control", "bitrate"), p("complexity", "low"), p("usage-type", "camera")}
		}}
}

func nvh264enc() Encoder {
	return Encoder{Element: "nvh264enc", Hardware: true, Input: "video/x-raw,format=NV12", Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps)), p("gop-size", itoa(e.KeyframeInterval)),
				p("preset", "low-latency-hq"), p("rc-mode", "cbr"), p("zerolatency", "true"), p("bframes", "0")}
		}}
}

func vah264enc() Encoder {
	return Encoder{Element: "vah264enc", Hardware: true, Input: "video/x-raw,format=NV12", Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps)), p("key-int-max", itoa(e.KeyframeInterval)),
				p("rate-control", "cbr"), p("b-frames", "0")}
		}}
}

func qsvh264enc() Encoder {
	return Encoder{Element: "qsvh264enc", Hardware: true, Input: "video/x-raw,format=NV12", Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps)), p("gop-size", itoa(e.KeyframeInterval)),
				p("rate-control", "cbr"), p("b-frames", "0")}
		}}
}

// mfh264enc is the Media Foundation encoder MFT of the machine's GPU (or Microsoft's software
// one). Its bitrate is in kbit/s. low-latency, gop-size and bframes exist only when the MFT
// supports them (GST_PARAM_CONDITIONALLY_AVAILABLE), so they are optional.
func mfh264enc() Encoder {
	return Encoder{Element: "mfh264enc", Hardware: true, Input: "video/x-raw,format=NV12", Output: h264Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps)), optional("gop-size", itoa(e.KeyframeInterval)),
				optional("low-latency", "true"), optional("bframes", "0")}
		}}
}

func optional(name, value string) Prop { return Prop{Name: name, Value: value, Optional: true} }

// v4l2h264enc is the stateful V4L2 M2M encoder (Raspberry Pi 4 and other SoCs). Its settings
// are V4L2 controls; repeat_sequence_header puts SPS/PPS before each IDR so late joiners decode.
// Level 4.1 is required by the Pi's encoder for 1080p30 and is widely decodable.
func v4l2h264enc() Encoder {
	return Encoder{Element: "v4l2h264enc", Hardware: true, Input: "video/x-raw,format=I420",
		Output: "video/x-h264,level=(string)4.1,profile=%PROFILE%",
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("extra-controls", fmt.Sprintf("controls,video_bitrate=%d,h264_i_frame_period=%d,repeat_sequence_header=1",
				e.BitrateKbps*1000, e.KeyframeInterval))}
		}}
}

// nvv4l2h264enc is the Jetson hardware encoder; it takes NVMM buffers (from an Argus sensor
// directly, or from nvvidconv) and its bitrate is in bit/s. control-rate=1 is constant bitrate;
// iframeinterval and idrinterval are in frames; insert-sps-pps repeats SPS/PPS at each IDR so a
// receiver can join mid-stream; insert-vui writes the timing info; preset-level=1 is
// UltraFastPreset; maxperf-enable clocks the encoder up. The H.264 profile is a property (its
// GstV4l2VideoEncProfileType enum: 0 Baseline, 2 Main, 4 High, default Baseline), not caps
// negotiation, so it is set here and the output caps do not ask for one.
func nvv4l2h264enc() Encoder {
	return Encoder{Element: "nvv4l2h264enc", Hardware: true, Convert: "nvvidconv",
		Input: "video/x-raw(memory:NVMM),format=NV12", Output: "video/x-h264,stream-format=byte-stream,alignment=au",
		Props: func(e spec.Encoding) []Prop {
			return append([]Prop{p("bitrate", itoa(e.BitrateKbps*1000)), p("control-rate", "1"),
				p("iframeinterval", itoa(e.KeyframeInterval)), p("idrinterval", itoa(e.KeyframeInterval)),
				p("insert-sps-pps", "true"), p("insert-vui", "true"), p("preset-level", "1"), p("maxperf-enable", "true")},
				p("profile", nvProfile(e.Profile)))
		}}
}

// nvProfile maps an H.264 profile onto nvv4l2h264enc's enum.
func nvProfile(profile string) string {
	switch h264Profile(profile) {
	case "constrained-baseline", "baseline":
		return "0"
	case "main":
		return "2"
	}
	return "4"
}

// nvv4l2h265enc is the Jetson H.265 encoder: the same controls as nvv4l2h264enc (its profile
// enum is Main/Main10, left at Main).
func nvv4l2h265enc() Encoder {
	return Encoder{Element: "nvv4l2h265enc", Hardware: true, Convert: "nvvidconv",
		Input: "video/x-raw(memory:NVMM),format=NV12", Output: "video/x-h265,stream-format=byte-stream,alignment=au",
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("bitrate", itoa(e.BitrateKbps*1000)), p("control-rate", "1"),
				p("iframeinterval", itoa(e.KeyframeInterval)), p("idrinterval", itoa(e.KeyframeInterval)),
				p("insert-sps-pps", "true"), p("insert-vui", "true"), p("preset-level", "1"), p("maxperf-enable", "true")}
		}}
}

func avdecH264() Decoder { return Decoder{Element: "avdec_h264"} }
func nvh264dec() Decoder { return Decoder{Element: "nvh264dec", Hardware: true} }
