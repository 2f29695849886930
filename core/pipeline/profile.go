package pipeline

import "github.com/gstcast/gstcast/core/spec"

// Profile is everything platform-specific about building pipelines, as data: which elements a
// platform has, in which order of preference, and how their properties are spelled. The four
// built-in profiles are in this package so all of them are golden-tested on every machine;
// a plugin picks its profile and probes which of its encoders work.
type Profile struct {
	Name        string
	Description string
	// OS is the GOOS the platform's plugin is for ("" = any). A plugin refuses to claim support
	// on another OS unless it runs against stand-in elements (pluginkit.AnyOSEnv).
	OS string
	// SourceKinds are the sources the plugin takes; anything else is refused as unsupported.
	SourceKinds []spec.SourceKind
	// DeviceClass is what GStreamer's device monitor is filtered on (Video/Source). Empty: the
	// platform's cameras are not in the monitor at all (Argus sensors) and only the plugin's own
	// device listing finds them.
	DeviceClass string
	// Required are the elements every pipeline of the platform needs whichever encoder or
	// decoder is chosen; the plugin is usable here only when all are installed. Encoders and
	// decoders are not in it: they are probed, and a machine without a hardware codec still
	// works with the software ones.
	Required []string
	// Camera is the capture element for v4l2:// cameras (its Kind is empty or v4l2).
	Camera Camera
	// Cameras are the platform's other capture elements, one per source kind (argus://,
	// libcamera://, mf://); see CameraFor.
	Cameras []Camera
	// JPEGDecoders decode MJPEG cameras' frames, in order of preference; the plugin keeps the
	// first that passes a test decode (hardware ones first, jpegdec last).
	JPEGDecoders []Decoder
	// Screen is the platform's screen-capture element, for screen sources (see ScreenCapture).
	Screen ScreenCapture
	// H265Encoders are the platform's H.265 encoders in order of preference, probed like
	// Encoders, for H.265 outputs (EncodeChain builds their chain).
	H265Encoders []Encoder
	// H265Decoders are the platform's H.265 decoders in order of preference (see ForCodec).
	H265Decoders []Decoder
	// Priority orders the plugins that take the same source kind: among the supported ones the
	// host picks the highest (see docs/PLUGINS.md). Platform plugins that are supported only on
	// their own boards rank above the generic ones.
	Priority int
	// Convert is the generic converter between raw formats (videoconvert, nvvidconv, v4l2convert).
	Convert string
	// Encoders in order of preference. Elements of rank none (vah264enc, qsvh264enc) are
	// named explicitly here, which is the only way they are ever used.
	Encoders []Encoder
	// Decoders in order of preference, for receiving (viewers and the benchmark receiver).
	Decoders []Decoder
}

// Camera describes one of the platform's capture elements.
type Camera struct {
	// Kind is the source kind it captures (argus, libcamera, mf); empty means v4l2.
	Kind    spec.SourceKind
	Element string
	// DeviceProp is the property a device id goes into (device, device-path, sensor-id).
	DeviceProp string
	// IndexProp, when set, takes device ids that are plain numbers (mfvideosrc device-index).
	IndexProp string
	// Memory is the caps feature of the element's output (memory:NVMM), empty for system memory.
	Memory string
	// Format forced on the camera's output when the user names none (NV12 for Argus).
	Format string
	// ModeProp takes a sensor mode (nvarguscamerasrc sensor-mode).
	ModeProp string
	// ControlsProp, when set, is the one GstStructure property all of a source's controls go
	// into (v4l2src extra-controls="controls,NAME=VALUE,…"); otherwise each control is a
	// property of the element itself (nvarguscamerasrc wbmode=…, libcamerasrc properties).
	ControlsProp string
}

// CameraFor returns the capture element that takes a camera source kind.
func (p Profile) CameraFor(k spec.SourceKind) (Camera, bool) {
	for _, c := range p.Cameras {
		if c.Kind == k {
			return c, true
		}
	}
	if k == spec.SourceV4L2 && p.Camera.Element != "" && (p.Camera.Kind == "" || p.Camera.Kind == k) {
		return p.Camera, true
	}
	return Camera{}, false
}

// Encoder is one H.264 encoder and how to drive it.
type Encoder struct {
	Element  string
	Hardware bool
	// Convert is the element placed before the encoder; empty uses the profile's Convert.
	Convert string
	// Input caps the encoder is fed, e.g. video/x-raw,format=I420 or video/x-raw(memory:NVMM),format=NV12.
	Input string
	// Output caps after the encoder. %PROFILE% is replaced by the H.264 profile.
	Output string
	// Props turns encoding settings into this element's properties, in its own units.
	Props func(e spec.Encoding) []Prop
}

// Decoder is one H.264 (or H.265) decoder.
type Decoder struct {
	Element  string
	Hardware bool
	// Codec is what it decodes, "" for H.264, "h265" for the profile's H265Decoders: its test
	// decode needs test video of that codec.
	Codec string
	Props []Prop
	// After is placed after the decoder to reach system-memory raw video (v4l2convert on a Pi).
	After []Element
	// View replaces After in viewers, whose frames must end as system-memory RGBA: a hardware
	// converter that turns the decoder's GPU frames into RGBA itself (nvvidconv, d3d11convert)
	// saves videoconvert a CPU conversion. Empty: After, then videoconvert does it.
	View []Element
}

// EncoderByName finds an encoder of the profile.
func (p Profile) EncoderByName(name string) (Encoder, bool) {
	for _, e := range p.Encoders {
		if e.Element == name {
			return e, true
		}
	}
	return Encoder{}, false
}

// JPEGDecoderByName finds an MJPEG decoder of the profile.
func (p Profile) JPEGDecoderByName(name string) (Decoder, bool) {
	for _, d := range p.JPEGDecoders {
		if d.Element == name {
			return d, true
		}
	}
	return Decoder{}, false
}

// DecoderByName finds a decoder of the profile.
func (p Profile) DecoderByName(name string) (Decoder, bool) {
	for _, d := range p.Decoders {
		if d.Element == name {
			return d, true
		}
	}
	return Decoder{}, false
}

// Profiles returns the built-in platform profiles: an explicit list, no init-time registration.
func Profiles() []Profile {
	return []Profile{LinuxV4L2(), WindowsMF(), JetsonNvargus(), RPiV4L2M2M()}
}

// ProfileByName finds a built-in profile.
func ProfileByName(name string) (Profile, bool) {
	for _, p := range Profiles() {
		if p.Name == name {
			return p, true
		}
	}
	return Profile{}, false
}
