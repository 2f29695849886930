package spec

// ViewSpec is a stream to open in a viewer window: received, depayloaded and decoded by a
// plugin, converted to RGBA and handed to the host through a shared-memory frame ring.
type ViewSpec struct {
	Name     string       `json:"name,omitempty"`
	Source   Source       `json:"source,omitempty"`   // rtsp, rtp (H.264, or MPEG-TS with mux=ts), udp (MPEG-TS) or file
	Decoder  string       `json:"decoder,omitempty"`  // force a decoder element (e.g. avdec_h264); "" = the best one that passes a test decode
	Hardware HWPreference `json:"hardware,omitempty"` // auto (hardware first), hardware, software
}

// Validate checks the spec: a viewable source kind and a sane decoder name.
func (v ViewSpec) Validate() error {
	if err := checkStreamName(v.Name); err != nil {
		return inContext(err, "view", "")
	}
	switch v.Source.Kind {
	case SourceRTSP, SourceRTP, SourceUDP, SourceSRT, SourceFile:
	case "":
		return inContext(bad("source", "not set"), "view", "")
	default:
		return inContext(bad("source", "%s sources cannot be viewed (use rtsp://, rtp://@:PORT, udp://@:PORT or file://)", quote(string(v.Source.Kind))), "view", v.Source.URI)
	}
	if err := v.Source.Validate(); err != nil {
		return err
	}
	if v.Decoder != "" {
		if err := checkEncoderName(v.Decoder); err != nil {
			return inContext(err, "view", "")
		}
	}
	switch v.Hardware {
	case "", HWAuto, HWHardware, HWSoftware:
	default:
		return inContext(bad("hardware", "%s is not auto, hardware or software", quote(string(v.Hardware))), "view", "")
	}
	return nil
}
