package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/tlscert"
)

const sample = `
rtsp:
  address: 127.0.0.1
  port: 8555
  auth: [digest]
users:
  - {name: alice, password: a-secret}
  - {name: bob, password: b-secret}
mounts:
  - name: test
    source: test://ball?width=640&height=360
    bitrate: 1000
  - name: cam
    source: rtsp://viewer:cam-pw@192.0.2.10/stream1
    read: [alice]
  - name: in
    publish: [bob]
`

func TestSample(t *testing.T) {
	f, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Streams(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 3 {
		t.Fatalf("%d streams", len(ss))
	}
	if s := ss[0]; s.Source.Kind != spec.SourceTest || s.Source.Width != 640 || s.Encoding.BitrateKbps != 1000 ||
		s.Output.Kind != spec.OutputServe || s.Output.Mount != "test" || s.Output.Server.Port != 8555 {
		t.Errorf("test mount: %+v", s)
	}
	if s := ss[1]; s.Source.Kind != spec.SourceRTSP || s.Source.Password != "cam-pw" || len(s.Output.Readers) != 1 {
		t.Errorf("cam mount: %+v", s)
	}
	if s := ss[2]; s.Source.Kind != spec.SourcePublish || s.Output.Publishers[0] != "bob" {
		t.Errorf("publish mount: %+v", s)
	}
	if got := ss[0].Output.ServeURL("127.0.0.1", 8555); got != "rtsp://127.0.0.1:8555/test" {
		t.Errorf("url %q", got)
	}
}

func TestBadConfigs(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", "empty"},
		{"rtsp: {port: 8554}\n", "no mounts"},
		{"mounts:\n  - name: a\n    sorce: test://\n", "line 3"},
		{"mounts:\n  - name: a\n", "needs a source"},
		{"mounts:\n  - {name: a, source: test://, publish: [x]}\n", "both"},
		{"mounts:\n  - {name: a, source: nope://x}\n", "nope"},
		{"mounts:\n  - {name: a, source: 'test://'}\n  - {name: a, source: 'test://'}\n", "twice"},
		{"mounts:\n  - {name: a, source: 'test://', read: [carol]}\n", "carol"},
		{"rtsp: {port: 99999}\nmounts:\n  - {name: a, source: 'test://'}\n", "rtsp port"},
		{"users: [{name: u, password: ''}]\nmounts:\n  - {name: a, source: 'test://'}\n", "no password"},
		{"rtsp: {tls: {cert: c.pem}}\nmounts:\n  - {name: a, source: 'test://'}\n", "cert and key"},
		{"rtsp: {tls: {cert: missing.pem, key: missing.key}}\nmounts:\n  - {name: a, source: 'test://'}\n", "missing.pem"},
	} {
		f, err := Parse([]byte(tc.text))
		if err == nil {
			_, err = f.Streams(t.TempDir())
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one mentioning %q", tc.text, err, tc.want)
		}
	}
}

func TestTLS(t *testing.T) {
	dir := t.TempDir()
	f, err := Parse([]byte("rtsp: {tls: {self_signed: true}}\nmounts:\n  - {name: a, source: 'test://'}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ss, err := f.Streams(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ss[0].Output.Server.TLSCert == "" || !strings.HasPrefix(ss[0].Output.ServeURL("h", 1), "rtsps://") {
		t.Fatalf("no certificate: %+v", ss[0].Output.Server)
	}
	if _, err := os.Stat(filepath.Join(dir, "rtsps-key.pem")); err != nil {
		t.Fatal(err)
	}
	// Given files, relative to the config's folder.
	c, k, _ := tlscert.Generate(nil)
	os.WriteFile(filepath.Join(dir, "c.pem"), []byte(c), 0o644)
	os.WriteFile(filepath.Join(dir, "k.pem"), []byte(k), 0o600)
	f, _ = Parse([]byte("rtsp: {tls: {cert: c.pem, key: k.pem}}\nmounts:\n  - {name: a, source: 'test://'}\n"))
	ss, err = f.Streams(dir)
	if err != nil || ss[0].Output.Server.TLSCert != c {
		t.Fatalf("given certificate: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("mounts: [{name: a, source: 'test://'}]")
	f.Fuzz(func(t *testing.T, text string) {
		cf, err := Parse([]byte(text))
		if err != nil {
			return
		}
		ss, err := cf.Streams(t.TempDir())
		if err != nil {
			return
		}
		for _, s := range ss {
			if err := s.Validate(); err != nil {
				t.Fatalf("a stream from an accepted config fails Validate: %v", err)
			}
		}
	})
}
