package spec

import "strings"

// Encoding limits. Bitrates below 16 kbit/s make no picture worth sending; above 100 Mbit/s is
// beyond any encoder level we target. A keyframe interval above 3000 frames (100 s at 30 fps)
// means a viewer joining late waits minutes.
const (
	minBitrateKbps      = 16
	maxBitrateKbps      = 100000
	maxKeyframeInterval = 3000
	maxEncoderName      = 64
)

// profiles are the H.264 profiles encoders agree on. "baseline" is accepted and normalised to
// constrained-baseline, which is what every encoder actually produces when asked for baseline.
var profiles = []string{"constrained-baseline", "main", "high"}

// Normalize lower-cases and trims the text fields and maps aliases ("baseline" to
// "constrained-baseline"), so that equal settings compare equal. It fills no defaults.
func (e Encoding) Normalize() Encoding {
	e.Codec = strings.ToLower(strings.TrimSpace(e.Codec))
	e.Hardware = HWPreference(strings.ToLower(strings.TrimSpace(string(e.Hardware))))
	e.Profile = strings.ToLower(strings.TrimSpace(e.Profile))
	if e.Profile == "baseline" {
		e.Profile = "constrained-baseline"
	}
	e.Encoder = strings.TrimSpace(e.Encoder)
	return e
}

// WithDefaults normalises e and fills its zero values: h264, 2048 kbit/s, a keyframe every 60
// frames, hardware auto, profile high. Encoder stays "" (probe) when unset.
func (e Encoding) WithDefaults() Encoding {
	e = e.Normalize()
	if e.Codec == "" {
		e.Codec = DefaultCodec
	}
	if e.BitrateKbps == 0 {
		e.BitrateKbps = DefaultBitrateKbps
	}
	if e.KeyframeInterval == 0 {
		e.KeyframeInterval = DefaultKeyframeInterval
	}
	if e.Hardware == "" {
		e.Hardware = HWAuto
	}
	if e.Profile == "" {
		e.Profile = DefaultProfile
		if e.Codec == "h265" {
			e.Profile = H265Profile
		}
	}
	return e
}

// H265Profile is the one H.265 profile gstcast encodes: Main, 8-bit 4:2:0, which every
// hardware decoder takes.
const H265Profile = "main"

// Validate checks e as WithDefaults completes it: zero values mean defaults and pass, and
// spellings Normalize fixes ("H264", "Baseline") pass too. Use e.WithDefaults() for the values.
func (e Encoding) Validate() error {
	if err := e.WithDefaults().check(); err != nil {
		return inContext(err, "encoding", "")
	}
	return nil
}

func (e Encoding) check() error {
	if err := checkCodec("codec", e.Codec); err != nil {
		return err
	}
	if err := checkRange("bitrate", e.BitrateKbps, minBitrateKbps, maxBitrateKbps); err != nil {
		return bad("bitrate", "%d kbit/s is out of range %d..%d", e.BitrateKbps, minBitrateKbps, maxBitrateKbps)
	}
	if err := checkRange("keyframe interval", e.KeyframeInterval, 1, maxKeyframeInterval); err != nil {
		return err
	}
	if _, err := ParseHWPreference(string(e.Hardware)); err != nil {
		return err
	}
	if e.Codec == "h265" {
		if e.Profile != H265Profile {
			return bad("profile", "%s is not an H.265 profile gstcast encodes (known: main)", quote(e.Profile))
		}
	} else if !knownProfile(e.Profile) {
		return bad("profile", "%s is not an H.264 profile (known: baseline, %s)", quote(e.Profile), strings.Join(profiles, ", "))
	}
	return checkEncoderName(e.Encoder)
}

func knownProfile(p string) bool {
	for _, known := range profiles {
		if p == known {
			return true
		}
	}
	return false
}

// checkEncoderName wants a GStreamer element name (^[a-z0-9_]+$). The name is only ever used to
// look up an element factory, never pasted into a launch string, but validating it keeps a
// config typo from surfacing as a confusing "no such element" much later.
func checkEncoderName(name string) error {
	if name == "" {
		return nil
	}
	if len(name) > maxEncoderName {
		return bad("encoder", "%s is longer than %d characters", quote(name), maxEncoderName)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return bad("encoder", "%s is not an element name (lower-case letters, digits and '_', e.g. x264enc)", quote(name))
		}
	}
	return nil
}

// ParseHWPreference reads auto, hardware or software (any case). "" is auto: zero means default.
func ParseHWPreference(s string) (HWPreference, error) {
	switch p := HWPreference(strings.ToLower(strings.TrimSpace(s))); p {
	case "":
		return HWAuto, nil
	case HWAuto, HWHardware, HWSoftware:
		return p, nil
	}
	return "", &Error{What: "encoding", Part: "hardware",
		Reason: quote(s) + " is not a hardware preference (use auto, hardware or software)"}
}
