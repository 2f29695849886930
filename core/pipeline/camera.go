package pipeline

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// cameraChain builds a camera's part of a stream: the platform's capture element for the
// source kind, its device, mode and controls, then the camera's caps:
//
//	raw:  camera ! video/x-raw[(memory:NVMM)],format=…,width=…,height=…,framerate=…
//	MJPG: camera ! image/jpeg,width=…,… ! JPEG decoder (probed: hardware first, jpegdec last)
//	H264: camera ! video/x-h264,… ! h264parse (no encoder: encoded says so)
func cameraChain(src spec.Source, prof Profile, o StreamOptions) (Graph, bool, error) {
	cam, ok := prof.CameraFor(src.Kind)
	if !ok {
		return Graph{}, false, fmt.Errorf("source %q: the %s profile has no camera for %s sources", src.Redacted(), prof.Name, src.Kind)
	}
	e := el(cam.Element, NameSource)
	if src.Device != "" {
		e.Props = append(e.Props, cameraDeviceProp(cam, src.Device))
	}
	if src.Mode != "" {
		if cam.ModeProp == "" {
			return Graph{}, false, fmt.Errorf("source %q: %s has no sensor modes", src.Redacted(), cam.Element)
		}
		e.Props = append(e.Props, p(cam.ModeProp, src.Mode))
	}
	if len(src.Controls) > 0 {
		if cam.ControlsProp != "" {
			e.Props = append(e.Props, p(cam.ControlsProp, ControlsStructure(src.Controls)))
		} else {
			for _, c := range src.Controls {
				e.Props = append(e.Props, p(c.Name, c.Value))
			}
		}
	}
	g := Graph{Live: true, Elements: []Element{e}}
	switch src.Format {
	case "MJPG":
		dec := Decoder{Element: "jpegdec"}
		if o.JPEGDecoder != "" {
			d, ok := prof.JPEGDecoderByName(o.JPEGDecoder)
			if !ok && o.JPEGDecoder != "jpegdec" {
				return Graph{}, false, fmt.Errorf("JPEG decoder %q is not one of the %s profile's", o.JPEGDecoder, prof.Name)
			}
			if ok {
				dec = d
			}
		}
		g.Elements = append(g.Elements, capsfilter("camcaps", sizeCaps("image/jpeg", src)),
			Element{Factory: dec.Element, Name: "jpegdec", Props: dec.Props})
		g.Elements = append(g.Elements, dec.After...)
		return g, false, nil
	case "H264":
		g.Elements = append(g.Elements, capsfilter("camcaps", sizeCaps("video/x-h264", src)), el("h264parse", "parse"))
		return g, true, nil
	}
	format := src.Format
	if format == "" {
		format = cam.Format
	}
	g.Elements = append(g.Elements, capsfilter(NameRawCaps, rawCaps(cam.Memory, format, src)))
	return g, false, nil
}

// ControlsStructure writes V4L2 controls as the GstStructure v4l2src's extra-controls takes:
// controls,exposure_auto=1,exposure_time_absolute=100 (set in this order when the device opens).
// Names and values were checked by package spec (no ',', ';', '=' or quotes can be in them).
func ControlsStructure(cs []spec.Control) string {
	var b strings.Builder
	b.WriteString("controls")
	for _, c := range cs {
		b.WriteString("," + c.Name + "=" + c.Value)
	}
	return b.String()
}

// cameraDeviceProp maps a device id onto the camera element: numbers go to the index property
// where the element has one (mfvideosrc device-index), anything else to the device property.
func cameraDeviceProp(cam Camera, id string) Prop {
	if cam.IndexProp != "" && isDigits(id) {
		return p(cam.IndexProp, id)
	}
	return p(cam.DeviceProp, id)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// encodeAfter is the encoder's chain after a source chain. Where the source already delivers
// what the encoder takes in GPU memory (an Argus sensor's video/x-raw(memory:NVMM),format=NV12
// into nvv4l2h264enc), the converter and its caps are left out: the frames stay in NVMM from
// the sensor to the encoder, and nvvidconv runs only where system memory is needed.
func encodeAfter(source []Element, e Encoder, prof Profile, enc spec.Encoding) []Element {
	chain := EncodeChain(e, prof, enc)
	if len(source) == 0 {
		return chain
	}
	last := source[len(source)-1]
	if last.Factory == "capsfilter" && sameGPUMemory(last.Caps, e.Input) {
		return chain[2:] // drop convert and enccaps
	}
	return chain
}

// sameGPUMemory reports whether caps a (a source's output) already are caps b (an encoder's
// input) in the same GPU memory: same media type, same memory feature (not system memory),
// same format.
func sameGPUMemory(a, b string) bool {
	ma, fa, fmtA := capsParts(a)
	mb, fb, fmtB := capsParts(b)
	return fa != "" && ma == mb && fa == fb && fmtA != "" && fmtA == fmtB
}

// capsParts splits video/x-raw(memory:NVMM),format=NV12,… into its media type, caps feature
// and format.
func capsParts(c string) (media, feature, format string) {
	fields := strings.Split(c, ",")
	media = strings.TrimSpace(fields[0])
	if i := strings.IndexByte(media, '('); i >= 0 && strings.HasSuffix(media, ")") {
		media, feature = media[:i], media[i+1:len(media)-1]
	}
	for _, f := range fields[1:] {
		if k, v, ok := strings.Cut(strings.TrimSpace(f), "="); ok && k == "format" {
			format = strings.TrimPrefix(v, "(string)")
		}
	}
	return media, feature, format
}
