package config

import (
	"errors"
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
	ss, err := f.Specs(t.TempDir())
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
		{"mounts:\n  - {name: a, source: 'test://'}\nstreams:\n  - {name: a, source: 'test://', to: 'rtp://127.0.0.1:5000'}\n", "line 4: a is listed twice (first at line 2)"},
		{"streams:\n  - {name: s, source: 'test://'}\n", "line 2: stream s: say where the stream goes"},
		{"streams:\n  - {source: 'test://', to: 'rtp://127.0.0.1:5000'}\n", "needs a name"},
		{"streams:\n  - name: s\n    source: 'test://'\n    to: 'rtp://host:99999'\n", "line 2: stream s: bad output"},
		{"favorites:\n  - {name: f, source: 'nope://'}\n", "line 2: favorite f"},
		{"api: {listen: '0.0.0.0:8555'}\n", "not a loopback address"},
		{"log: {level: loud}\n", "log.level"},
		{"mounts:\n  - name: a\n    source: test://\n  - name: b\n    source: 'v4l2://'\n", "line 4: mount b"},
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
			_, err = f.Specs(t.TempDir())
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
	ss, err := f.Specs(dir)
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
	ss, err = f.Specs(dir)
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
		ss, err := cf.Specs(t.TempDir())
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

// The new sections parse, and an empty file is a config with nothing in it.
func TestSections(t *testing.T) {
	f, es, err := Check([]byte(`
mounts:
  - {name: cam, source: "test://smpte"}
streams:
  - {name: out, source: "test://ball", to: "rtp://127.0.0.1:5000", bitrate: 1000}
  - {name: pub, source: "test://ball", to: "rtsp://bob:pw@127.0.0.1:8554/in"}
favorites:
  - {name: desk, source: "test://snow", serve: desk}
api: {listen: "127.0.0.1:8555", socket: false}
log: {level: debug, max_size_mb: 5, max_files: 3}
`), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[0].Name != "cam" || es[1].Spec.Output.Kind != spec.OutputRTP || es[1].Spec.Encoding.BitrateKbps != 1000 ||
		es[2].Spec.Output.Kind != spec.OutputPublish || es[1].Line != 5 {
		t.Fatalf("entries %+v", es)
	}
	fav, err := f.FavoriteEntries(t.TempDir())
	if err != nil || len(fav) != 1 || fav[0].Spec.Output.Mount != "desk" {
		t.Fatalf("favorites %+v %v", fav, err)
	}
	if f.API.SocketOn() || f.API.Listen != "127.0.0.1:8555" || f.Log.MaxFiles != 3 {
		t.Fatalf("api/log %+v %+v", f.API, f.Log)
	}
	if _, es, err := Check(nil, t.TempDir()); err != nil || len(es) != 0 {
		t.Fatalf("empty: %v %v", es, err)
	}
	// What Marshal writes reads back the same.
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, es2, err := Check(b, t.TempDir()); err != nil || len(es2) != 3 {
		t.Fatalf("round trip: %v\n%s", err, b)
	}
}

// A good write keeps the old file as .bak; a bad one changes nothing and names the line.
func TestWriteText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gstcast.yaml")
	first := []byte("mounts:\n  - {name: a, source: 'test://'}\n")
	if _, _, err := WriteText(path, first); err != nil {
		t.Fatal(err)
	}
	second := []byte("mounts:\n  - {name: b, source: 'test://'}\n")
	if _, _, err := WriteText(path, second); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path + ".bak"); string(b) != string(first) {
		t.Fatalf(".bak holds %q", b)
	}
	_, _, err := WriteText(path, []byte("mounts:\n  - {name: c, source: 'bad://'}\n"))
	var le *LineError
	if !errors.As(err, &le) || le.Line != 2 {
		t.Fatalf("bad write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(second) {
		t.Fatalf("a bad write changed the file: %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v: the file holds passwords", fi.Mode())
	}
}

// Defaults fill what entries leave out; plugin folders are made absolute against the config.
func TestDefaultsAndPluginFolders(t *testing.T) {
	f, es, err := Check([]byte("defaults: {bitrate: 4000, hardware: software}\nplugins: {folders: [extra, /opt/p]}\n"+
		"mounts:\n  - {name: a, source: \"test://smpte\"}\n  - {name: b, source: \"test://ball\", bitrate: 1000}\n"+
		"streams:\n  - {name: c, source: \"test://snow\", to: \"rtp://127.0.0.1:5000\"}\n"), "/etc/gstcast")
	if err != nil {
		t.Fatal(err)
	}
	if es[0].Spec.Encoding.BitrateKbps != 4000 || es[1].Spec.Encoding.BitrateKbps != 1000 || es[2].Spec.Encoding.BitrateKbps != 4000 ||
		es[0].Spec.Encoding.Hardware != "software" {
		t.Fatalf("defaults not applied: %+v", es)
	}
	if d := f.PluginDirs("/etc/gstcast"); len(d) != 2 || d[0] != "/etc/gstcast/extra" || d[1] != "/opt/p" {
		t.Fatalf("plugin dirs %q", d)
	}
	if _, _, err := Check([]byte("defaults: {bitrate: -1}\nmounts:\n  - {name: a, source: \"test://smpte\"}\n"), ""); err == nil {
		t.Fatal("a bad default was taken")
	}
}
