package pipeline

import (
	"fmt"

	"github.com/gstcast/gstcast/core/spec"
)

// H.265 (--codec h265): each profile's H265Encoders and H265Decoders, and the pieces of a graph
// that differ from H.264 (parser, payloader, depayloader, caps). ForCodec turns a profile into
// the one whose Encoders and Decoders are those of a codec, so encoder and decoder probes,
// choices and graphs work the same for both.

// h265Output fixes Main (8-bit 4:2:0) in the encoder's src caps, for the same reason as
// h264Output: what every hardware decoder takes.
const h265Output = "video/x-h265,profile=main"

// ForCodec returns the profile with Encoders and Decoders of the codec ("" or h264: unchanged).
func (p Profile) ForCodec(codec string) Profile {
	if codec == "h265" {
		p.Encoders, p.Decoders = p.H265Encoders, p.H265Decoders
	}
	return p
}

// x265enc is the software H.265 encoder: the x264enc settings in x265's names (zerolatency
// tune, superfast preset, bitrate in kbit/s). x265 makes open-GOP CRA keyframes by default,
// and rtph265pay/h265parse repeat VPS/SPS/PPS only before IDR frames, so a receiver that joins
// after the first frame never decodes (seen with a late gst-launch receiver): open-gop=0 makes
// every keyframe an IDR, and repeat-headers=1 puts the parameter sets in front of each.
func x265enc() Encoder {
	return Encoder{Element: "x265enc", Input: softwareInput, Output: h265Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("tune", "zerolatency"), p("bitrate", itoa(e.BitrateKbps)), p("speed-preset", "superfast"),
				p("key-int-max", itoa(e.KeyframeInterval)), p("option-string", "open-gop=0:repeat-headers=1")}
		}}
}

func nvh265enc() Encoder {
	e := nvh264enc()
	e.Element, e.Output = "nvh265enc", h265Output
	return e
}

func vah265enc() Encoder {
	e := vah264enc()
	e.Element, e.Output = "vah265enc", h265Output
	return e
}

func qsvh265enc() Encoder {
	e := qsvh264enc()
	e.Element, e.Output = "qsvh265enc", h265Output
	return e
}

// mfh265enc: Media Foundation's H.265 MFT, the same optional properties as mfh264enc.
func mfh265enc() Encoder {
	e := mfh264enc()
	e.Element, e.Output = "mfh265enc", h265Output
	return e
}

// v4l2h265enc: the stateful V4L2 M2M H.265 encoder; its GOP control is the generic one.
func v4l2h265enc() Encoder {
	return Encoder{Element: "v4l2h265enc", Hardware: true, Input: "video/x-raw,format=I420", Output: h265Output,
		Props: func(e spec.Encoding) []Prop {
			return []Prop{p("extra-controls", fmt.Sprintf("controls,video_bitrate=%d,video_gop_size=%d,repeat_sequence_header=1",
				e.BitrateKbps*1000, e.KeyframeInterval))}
		}}
}

func h265dec(element string, hw bool) Decoder {
	return Decoder{Element: element, Hardware: hw, Codec: "h265"}
}

// h265Decoders are the decoders of a profile's H.264 list with the same shape in H.265: the
// element names of each family differ only in the codec, and the converters after them are the
// same. nvv4l2decoder (Jetson) decodes both codecs.
func h265Decoders(h264 []Decoder) []Decoder {
	names := map[string]string{"avdec_h264": "avdec_h265", "nvh264dec": "nvh265dec", "vah264dec": "vah265dec",
		"v4l2slh264dec": "v4l2slh265dec", "v4l2h264dec": "v4l2h265dec", "d3d11h264dec": "d3d11h265dec",
		"d3d12h264dec": "d3d12h265dec", "nvv4l2decoder": "nvv4l2decoder"}
	var out []Decoder
	for _, d := range h264 {
		n, ok := names[d.Element]
		if !ok {
			continue
		}
		d.Element, d.Codec = n, "h265"
		out = append(out, d)
	}
	return out
}

// codecOf is the codec of a stream's video where it leaves the source chain: what the source
// carries when relayed, what the encoder makes otherwise.
func codecOf(s spec.StreamSpec, encoded bool, enc spec.Encoding) string {
	if encoded {
		switch s.Source.Kind {
		case spec.SourceRTP, spec.SourceUDP, spec.SourceSRT:
			if s.Source.Codec != "" {
				return s.Source.Codec
			}
		}
		return "h264"
	}
	return enc.Codec
}

// payloaderOf is the RTP payloader of a codec, SPS/PPS (and VPS) with every keyframe.
func payloaderOf(codec string, pt int) Element {
	f := "rtph264pay"
	if codec == "h265" {
		f = "rtph265pay"
	}
	return el(f, NamePayloader, p("config-interval", "-1"), p("pt", itoa(pt)))
}

// rtpDepay is the caps encoding name and the depayloader of a codec.
func rtpDepay(codec string) (encodingName, depay string) {
	if codec == "h265" {
		return "H265", "rtph265depay"
	}
	return "H264", "rtph264depay"
}

// byteStreamCaps is what an RTSP mount's appsrc takes: whole access units in byte-stream form.
func byteStreamCaps(codec string) string {
	media := "video/x-h264"
	if codec == "h265" {
		media = "video/x-h265"
	}
	return media + ",stream-format=byte-stream,alignment=au"
}
