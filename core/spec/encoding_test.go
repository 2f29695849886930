package spec

import (
	"errors"
	"strings"
	"testing"
)

func TestEncodingWithDefaults(t *testing.T) {
	for _, tc := range []struct {
		in, want Encoding
	}{
		{Encoding{}, Encoding{Codec: "h264", BitrateKbps: 2048, KeyframeInterval: 60, Hardware: HWAuto, Profile: "high"}},
		{
			Encoding{Codec: " H264 ", BitrateKbps: 500, KeyframeInterval: 30, Hardware: "Software", Profile: "Baseline", Encoder: "x264enc"},
			Encoding{Codec: "h264", BitrateKbps: 500, KeyframeInterval: 30, Hardware: HWSoftware, Profile: "constrained-baseline", Encoder: "x264enc"},
		},
		{
			Encoding{Profile: "MAIN", Hardware: HWHardware},
			Encoding{Codec: "h264", BitrateKbps: 2048, KeyframeInterval: 60, Hardware: HWHardware, Profile: "main"},
		},
		{
			Encoding{Profile: "constrained-baseline"},
			Encoding{Codec: "h264", BitrateKbps: 2048, KeyframeInterval: 60, Hardware: HWAuto, Profile: "constrained-baseline"},
		},
	} {
		got := tc.in.WithDefaults()
		if got != tc.want {
			t.Errorf("%+v.WithDefaults()\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if got.WithDefaults() != got {
			t.Errorf("WithDefaults is not idempotent on %+v", got)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%+v: %v", got, err)
		}
	}
}

func TestEncodingNormalizeFillsNothing(t *testing.T) {
	if got := (Encoding{Profile: "baseline"}).Normalize(); got != (Encoding{Profile: "constrained-baseline"}) {
		t.Errorf("Normalize = %+v", got)
	}
}

func TestEncodingValidate(t *testing.T) {
	for _, tc := range []struct {
		in   Encoding
		want []string // nil = valid
	}{
		{Encoding{}, nil},
		{Encoding{BitrateKbps: 16, KeyframeInterval: 1}, nil},
		{Encoding{BitrateKbps: 100000, KeyframeInterval: 3000}, nil},
		{Encoding{Hardware: "HARDWARE", Profile: "High", Codec: "H264"}, nil},
		{Encoding{Encoder: "nvh264enc"}, nil},
		{Encoding{Encoder: "v4l2h264enc"}, nil},
		{Encoding{Encoder: "my_enc_2"}, nil},
		{Encoding{Codec: "vp8"}, []string{"codec", `"vp8"`, "h264, h265"}},
		{Encoding{Codec: "h265", Profile: "high"}, []string{"profile", `"high"`, "main"}},
		{Encoding{Codec: "vp8"}, []string{"codec", `"vp8"`}},
		{Encoding{BitrateKbps: 15}, []string{"bitrate", "15", "16..100000"}},
		{Encoding{BitrateKbps: 100001}, []string{"bitrate", "100001"}},
		{Encoding{BitrateKbps: -1}, []string{"bitrate", "-1"}},
		{Encoding{KeyframeInterval: 3001}, []string{"keyframe interval", "3001", "1..3000"}},
		{Encoding{KeyframeInterval: -5}, []string{"keyframe interval", "-5"}},
		{Encoding{Hardware: "gpu"}, []string{"hardware", `"gpu"`, "auto, hardware or software"}},
		{Encoding{Profile: "high10"}, []string{"profile", `"high10"`, "constrained-baseline"}},
		{Encoding{Profile: "extended"}, []string{"profile", `"extended"`}},
		{Encoding{Encoder: "x264enc name=foo"}, []string{"encoder", `"x264enc name=foo"`, "element name"}},
		{Encoding{Encoder: "X264Enc"}, []string{"encoder", `"X264Enc"`}},
		{Encoding{Encoder: "x264enc ! fakesink"}, []string{"encoder"}},
		{Encoding{Encoder: "x264-enc"}, []string{"encoder", `"x264-enc"`}},
		{Encoding{Encoder: strings.Repeat("a", 65)}, []string{"encoder", "longer than 64"}},
	} {
		err := tc.in.Validate()
		if tc.want == nil {
			if err != nil {
				t.Errorf("%+v: unexpected error %v", tc.in, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%+v: no error, want one mentioning %q", tc.in, tc.want)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.What != "encoding" {
			t.Errorf("%+v: %#v is not an encoding *Error", tc.in, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %q does not mention %q", tc.in, err, w)
			}
		}
	}
}

func TestParseHWPreference(t *testing.T) {
	for in, want := range map[string]HWPreference{
		"": HWAuto, "auto": HWAuto, "AUTO": HWAuto, " hardware ": HWHardware, "Software": HWSoftware,
	} {
		got, err := ParseHWPreference(in)
		if err != nil || got != want {
			t.Errorf("ParseHWPreference(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"hw", "gpu", "none", "auto,software"} {
		_, err := ParseHWPreference(in)
		if err == nil || !strings.Contains(err.Error(), "hardware: "+quote(in)) {
			t.Errorf("ParseHWPreference(%q) = %v, want an error naming it", in, err)
		}
	}
}
