package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMPEGTSOutputs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Output
	}{
		{"rtp://127.0.0.1:5000?mux=ts", Output{Kind: OutputRTP, Host: "127.0.0.1", Port: 5000, Mux: MuxTS, PayloadType: 33}},
		{"rtp://h:5000?mux=TS&pt=96&ttl=2", Output{Kind: OutputRTP, Host: "h", Port: 5000, Mux: MuxTS, PayloadType: 96, TTL: 2}},
		{"rtp://h:5000?mux=rtp", Output{Kind: OutputRTP, Host: "h", Port: 5000, PayloadType: 96}},
		{"udp://127.0.0.1:1234", Output{Kind: OutputUDP, Host: "127.0.0.1", Port: 1234}},
		{"udp://239.1.1.1:1234?ttl=1", Output{Kind: OutputUDP, Host: "239.1.1.1", Port: 1234, TTL: 1}},
	} {
		got, err := ParseOutput(c.in)
		if err != nil {
			t.Fatalf("ParseOutput(%q): %v", c.in, err)
		}
		c.want.URI = c.in
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseOutput(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%q: Validate: %v", c.in, err)
		}
	}
}

func TestParseMPEGTSSources(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Source
	}{
		{"rtp://@:5000?mux=ts", Source{Kind: SourceRTP, Port: 5000, Mux: MuxTS, PayloadType: 33, Codec: "h264", LatencyMS: DefaultLatencyMS}},
		{"udp://@:1234", Source{Kind: SourceUDP, Port: 1234, Codec: "h264"}},
		{"udp://239.1.2.3:1234", Source{Kind: SourceUDP, Address: "239.1.2.3", Port: 1234, Codec: "h264"}},
		{"udp://0.0.0.0:1234", Source{Kind: SourceUDP, Port: 1234, Codec: "h264"}},
	} {
		got, err := ParseSource(c.in)
		if err != nil {
			t.Fatalf("ParseSource(%q): %v", c.in, err)
		}
		c.want.URI = c.in
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseSource(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%q: Validate: %v", c.in, err)
		}
	}
}

func TestParseMPEGTSBad(t *testing.T) {
	for _, c := range []struct {
		in     string
		output bool
		want   []string
	}{
		{"rtp://h:5000?mux=ps", true, []string{"mux", `"ps"`, "ts"}},
		{"udp://h", true, []string{"port", "required"}},
		{"udp://:1234", true, []string{"host", "required"}},
		{"udp://h:1234?pt=33", true, []string{"pt"}},
		{"udp://u:secret99@h:1234", true, []string{"user info"}},
		{"udp://h:1234/x", true, []string{"path"}},
		{"rtp://@:5000?mux=mp4", false, []string{"mux", `"mp4"`}},
		{"udp://@:1234?pt=33", false, []string{"pt"}},
		{"udp://@:1234?latency=5", false, []string{"latency"}},
		{"udp://cam.lan:1234", false, []string{"host", "not an IP address"}},
		{"udp://@", false, []string{"port", "udp://@:1234"}},
	} {
		var err error
		if c.output {
			_, err = ParseOutput(c.in)
		} else {
			_, err = ParseSource(c.in)
		}
		if err == nil {
			t.Errorf("%q: no error", c.in)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", c.in, err, w)
			}
		}
		if strings.Contains(err.Error(), "secret99") {
			t.Errorf("%q: error %q quotes the password", c.in, err)
		}
	}
}

// Hand-built specs follow the same rules: fields of other kinds are refused.
func TestMPEGTSValidateForeignFields(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"mux on a udp source", Source{Kind: SourceUDP, Port: 1, Mux: MuxTS}.Validate(), "mux"},
		{"latency on a udp source", Source{Kind: SourceUDP, Port: 1, LatencyMS: 5}.Validate(), "latency"},
		{"mux on a test source", Source{Kind: SourceTest, Mux: MuxTS}.Validate(), "mux"},
		{"bad mux on rtp", Source{Kind: SourceRTP, Port: 1, Mux: "ps"}.Validate(), "mux"},
		{"mux on a udp output", Output{Kind: OutputUDP, Host: "h", Port: 1, Mux: MuxTS}.Validate(), "mux"},
		{"mux on a serve output", Output{Kind: OutputServe, Mount: "x", Mux: MuxTS}.Validate(), "mux"},
		{"udp output without port", Output{Kind: OutputUDP, Host: "h"}.Validate(), "port"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %q", c.name, c.err, c.want)
		}
	}
}

func TestH265Spec(t *testing.T) {
	e := Encoding{Codec: "H265"}.WithDefaults()
	if e.Codec != "h265" || e.Profile != "main" {
		t.Fatalf("h265 defaults: %+v", e)
	}
	if err := (Encoding{Codec: "h265"}).Validate(); err != nil {
		t.Fatal(err)
	}
	src, err := ParseSource("rtp://@:5000?codec=H265")
	if err != nil || src.Codec != "h265" {
		t.Fatalf("rtp h265 source: %+v %v", src, err)
	}
	if src, err = ParseSource("udp://@:1234?codec=h265"); err != nil || src.Codec != "h265" {
		t.Fatalf("udp h265 source: %+v %v", src, err)
	}
}
