package appmodel

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// The "Other URL" kinds take any URI the spec parser takes (udp://, rtp://…?mux=ts) and map its
// errors onto the URL field.
func TestFormOtherURL(t *testing.T) {
	f := NewForm(nil)
	f.Name, f.Output, f.OutputURL = "vlc", OutputURI, "rtp://192.168.1.20:5000?mux=ts"
	_, s, err := f.Check(server)
	if err != nil || s.Output.Kind != spec.OutputRTP || s.Output.Mux != spec.MuxTS || s.Output.PayloadType != 33 {
		t.Fatalf("rtp?mux=ts output: %v %+v", err, s.Output)
	}
	if got := OutputText(s, ""); got != "rtp://192.168.1.20:5000?mux=ts" {
		t.Errorf("OutputText = %q", got)
	}
	f.Source, f.SourceURL, f.OutputURL = SourceURI, "udp://@:1234", "udp://192.168.1.20:1234"
	_, s, err = f.Check(server)
	if err != nil || s.Source.Kind != spec.SourceUDP || s.Source.Port != 1234 || s.Output.Kind != spec.OutputUDP {
		t.Fatalf("udp to udp: %v %+v", err, s)
	}
	if got := OutputText(s, ""); got != "udp://192.168.1.20:1234" {
		t.Errorf("OutputText = %q", got)
	}
	for _, c := range []struct {
		name  string
		edit  func(*Form)
		field string
		has   string
	}{
		{"no source url", func(f *Form) { f.SourceURL = "" }, "sourceurl", "udp://@:1234"},
		{"bad mux", func(f *Form) { f.SourceURL = "rtp://@:5000?mux=ps" }, "sourceurl", "ps"},
		{"no output url", func(f *Form) { f.OutputURL = "" }, "outputurl", "udp://"},
		{"output without port", func(f *Form) { f.OutputURL = "udp://192.168.1.20" }, "outputurl", "port"},
	} {
		g := f
		c.edit(&g)
		_, _, err := g.Check(server)
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != c.field || !strings.Contains(fe.Message, c.has) {
			t.Errorf("%s: %#v", c.name, err)
		}
	}
}

// An SRT output typed in "Other URL" keeps its passphrase out of the stream list.
func TestFormOtherURLSRT(t *testing.T) {
	f := NewForm(nil)
	f.Name, f.Output, f.OutputURL = "wan", OutputURI, "srt://relay.example.net:9000?passphrase=long-enough-secret"
	_, s, err := f.Check(server)
	if err != nil || s.Output.Kind != spec.OutputSRT || s.Output.Passphrase != "long-enough-secret" {
		t.Fatalf("srt output: %v %+v", err, s.Output)
	}
	if got := OutputText(s, ""); strings.Contains(got, "long-enough-secret") || !strings.Contains(got, "passphrase=***") {
		t.Errorf("OutputText = %q", got)
	}
	f.OutputURL = "srt://relay.example.net:9000?passphrase=short"
	if _, _, err := f.Check(server); err == nil || !strings.Contains(err.Error(), "10 to 79") || strings.Contains(err.Error(), "short") {
		t.Errorf("short passphrase: %v", err)
	}
}
