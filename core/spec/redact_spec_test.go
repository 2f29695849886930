package spec

import (
	"encoding/json"
	"strings"
	"testing"
)

// Nothing secret survives Redacted, wherever it sat in the spec.
func TestRedactedSpecsHoldNoSecret(t *testing.T) {
	src, err := ParseSource("rtsp://admin:s3cret@cam.local/live")
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseOutput("rtsp://bob:pubpw@server:8554/in")
	if err != nil {
		t.Fatal(err)
	}
	out.Server = RTSPServer{TLSCert: "CERT", TLSKey: "PRIVATEKEY", Users: []User{{Name: "alice", Password: "alicepw"}}}
	s := StreamSpec{Source: src, Output: out}
	r := s.Redacted()
	b, _ := json.Marshal(r)
	for _, secret := range []string{"s3cret", "pubpw", "PRIVATEKEY", "alicepw"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("redacted spec holds %q: %s", secret, b)
		}
	}
	if r.Source.User != "admin" || r.Output.Server.Users[0].Name != "alice" || r.Output.Server.TLSCert != "CERT" {
		t.Errorf("redaction lost what is not secret: %+v", r)
	}
	if s.Output.Server.Users[0].Password != "alicepw" {
		t.Error("Redacted changed the original")
	}
	v := ViewSpec{Source: src}.Redacted()
	if v.Source.Password != Mask || strings.Contains(v.Source.URI, "s3cret") {
		t.Errorf("view %+v", v)
	}
}

// A redacted spec sent back (changed elsewhere) keeps the secrets it was never shown.
func TestKeepSecrets(t *testing.T) {
	src, _ := ParseSource("rtsp://admin:s3cret@cam.local/live")
	old := StreamSpec{Source: src, Output: Output{Kind: OutputServe, Mount: "cam",
		Server: RTSPServer{TLSKey: "KEY", Users: []User{{Name: "alice", Password: "pw"}}}}}
	back := old.Redacted()
	back.Encoding.BitrateKbps = 4000
	got := KeepSecrets(back, old)
	if got.Source.Password != "s3cret" || got.Source.URI != old.Source.URI || got.Output.Server.TLSKey != "KEY" ||
		got.Output.Server.Users[0].Password != "pw" || got.Encoding.BitrateKbps != 4000 {
		t.Fatalf("%+v", got)
	}
	// A new password is taken as given.
	back.Source.Password = "new"
	if KeepSecrets(back, old).Source.Password != "new" {
		t.Fatal("a changed password was replaced by the old one")
	}
}
