package config

import (
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// Mount and stream entries take codec: h265 and the MPEG-TS outputs and sources.
func TestMediaKindsInConfig(t *testing.T) {
	f, err := Parse([]byte(`mounts:
  - {name: hevc, source: "test://smpte", codec: h265}
  - {name: ts, source: "udp://@:1234"}
streams:
  - {name: vlc, source: "test://ball", to: "rtp://127.0.0.1:5000?mux=ts"}
  - {name: raw, source: "rtp://@:5002?mux=ts", to: "udp://127.0.0.1:1234", codec: h265}
`))
	if err != nil {
		t.Fatal(err)
	}
	specs := map[string]spec.StreamSpec{}
	for _, m := range f.Mounts {
		s, err := m.stream(spec.RTSPServer{}, f.Defaults)
		if err != nil {
			t.Fatalf("mount %s: %v", m.Name, err)
		}
		specs[m.Name] = s
	}
	for _, r := range f.Streams {
		s, err := r.Spec(spec.RTSPServer{})
		if err != nil {
			t.Fatalf("stream %s: %v", r.Name, err)
		}
		specs[r.Name] = s
	}
	if s := specs["hevc"]; s.Encoding.Codec != "h265" || s.Encoding.Profile != "main" {
		t.Errorf("hevc mount: %+v", s.Encoding)
	}
	if s := specs["ts"]; s.Source.Kind != spec.SourceUDP || s.Source.Port != 1234 {
		t.Errorf("ts mount: %+v", s.Source)
	}
	if s := specs["vlc"]; s.Output.Mux != spec.MuxTS || s.Output.PayloadType != 33 {
		t.Errorf("vlc stream: %+v", s.Output)
	}
	if s := specs["raw"]; s.Output.Kind != spec.OutputUDP || s.Source.Mux != spec.MuxTS {
		t.Errorf("raw stream: %+v", s)
	}
	bad, err := Parse([]byte("mounts:\n  - {name: x, source: \"test://smpte\", codec: vp9}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Specs(t.TempDir()); err == nil {
		t.Error("codec vp9 accepted")
	}
}
