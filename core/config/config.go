// Package config reads the file `gstcast serve` runs from: the RTSP server's settings, its users,
// and the mounts it serves (a source each, or RTSP publishers). Parsing is strict: an unknown key
// is an error with its line number, so a typo never silently drops a setting.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/tlscert"
)

// File is the config file as written.
type File struct {
	RTSP   RTSP    `yaml:"rtsp"`
	Users  []User  `yaml:"users"`
	Mounts []Mount `yaml:"mounts"`
}

// RTSP is the server section.
type RTSP struct {
	Address   string     `yaml:"address"` // default 0.0.0.0 (all interfaces)
	Port      int        `yaml:"port"`    // default 8554
	Threads   int        `yaml:"threads"`
	Auth      []string   `yaml:"auth"` // basic, digest (default both)
	TLS       *TLS       `yaml:"tls"`
	Multicast *Multicast `yaml:"multicast"`
}

// TLS turns the server into an RTSPS server.
type TLS struct {
	Cert       string `yaml:"cert"` // PEM files, relative to the config file's folder
	Key        string `yaml:"key"`
	SelfSigned bool   `yaml:"self_signed"` // make (once) and use a self-signed certificate
}

// Multicast lets readers ask for UDP multicast.
type Multicast struct {
	Range string `yaml:"range"` // 224.3.0.0-224.3.0.255
	Ports string `yaml:"ports"` // 5000-5999
	TTL   int    `yaml:"ttl"`
}

// User is an account.
type User struct {
	Name     string `yaml:"name"`
	Password string `yaml:"password"`
}

// Mount is one path of the server.
type Mount struct {
	Name   string `yaml:"name"`   // rtsp://HOST:PORT/NAME
	Source string `yaml:"source"` // a source URI; empty for a publish mount
	// Read lists who may read ("*" or absent: anyone); Publish who may publish: a mount with a
	// publish list and no source takes its video from RTSP publishers.
	Read     []string `yaml:"read"`
	Publish  []string `yaml:"publish"`
	Bitrate  int      `yaml:"bitrate"`  // kbit/s when the source is encoded
	Keyframe int      `yaml:"keyframe"` // frames between keyframes
	Encoder  string   `yaml:"encoder"`
	Hardware string   `yaml:"hardware"` // auto, hardware, software
	Stamp    bool     `yaml:"stamp"`    // test sources: paint the capture time
}

// Default is what `gstcast serve` runs without a config file: a test signal on /test.
func Default() File {
	return File{Mounts: []Mount{{Name: "test", Source: "test://smpte"}}}
}

// Load reads and checks a config file.
func Load(path string) (File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	f, err := Parse(b)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse decodes config text strictly.
func Parse(b []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return File{}, errors.New("empty config: it needs at least one mount")
		}
		return File{}, err
	}
	if len(f.Mounts) == 0 {
		return File{}, errors.New("no mounts: add at least one under mounts:")
	}
	return f, nil
}

// Streams turns the config into one stream spec per mount. dir is where relative certificate
// paths start and where a self-signed certificate is kept.
func (f File) Streams(dir string) ([]spec.StreamSpec, error) {
	srv := spec.RTSPServer{Address: f.RTSP.Address, Port: f.RTSP.Port, Threads: f.RTSP.Threads, Auth: f.RTSP.Auth}
	for _, u := range f.Users {
		srv.Users = append(srv.Users, spec.User{Name: u.Name, Password: u.Password})
	}
	if m := f.RTSP.Multicast; m != nil {
		srv.MulticastRange, srv.MulticastPorts, srv.MulticastTTL = m.Range, m.Ports, m.TTL
	}
	if t := f.RTSP.TLS; t != nil {
		switch {
		case t.SelfSigned && (t.Cert != "" || t.Key != ""):
			return nil, errors.New("rtsp.tls: give cert and key, or self_signed: true, not both")
		case t.SelfSigned:
			host, _ := os.Hostname()
			c, k, _, err := tlscert.LoadOrCreate(dir, []string{host, f.RTSP.Address})
			if err != nil {
				return nil, fmt.Errorf("rtsp.tls: %w", err)
			}
			srv.TLSCert, srv.TLSKey = c, k
		default:
			if t.Cert == "" || t.Key == "" {
				return nil, errors.New("rtsp.tls: needs cert and key (PEM files), or self_signed: true")
			}
			c, err := os.ReadFile(rel(dir, t.Cert))
			if err != nil {
				return nil, fmt.Errorf("rtsp.tls.cert: %w", err)
			}
			k, err := os.ReadFile(rel(dir, t.Key))
			if err != nil {
				return nil, fmt.Errorf("rtsp.tls.key: %w", err)
			}
			if err := tlscert.Check(string(c), string(k)); err != nil {
				return nil, fmt.Errorf("rtsp.tls: %w", err)
			}
			srv.TLSCert, srv.TLSKey = string(c), string(k)
		}
	}
	if err := srv.Validate(); err != nil {
		return nil, err
	}
	var out []spec.StreamSpec
	seen := map[string]bool{}
	for i, m := range f.Mounts {
		s, err := m.stream(srv)
		if err != nil {
			name := m.Name
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			return nil, fmt.Errorf("mount %s: %w", name, err)
		}
		if seen[m.Name] {
			return nil, fmt.Errorf("mount %s is listed twice", m.Name)
		}
		seen[m.Name] = true
		out = append(out, s)
	}
	return out, nil
}

func (m Mount) stream(srv spec.RTSPServer) (spec.StreamSpec, error) {
	if m.Source == "" && len(m.Publish) == 0 {
		return spec.StreamSpec{}, errors.New("needs a source, or a publish list to take RTSP publishers")
	}
	if m.Source != "" && len(m.Publish) > 0 {
		return spec.StreamSpec{}, errors.New("has both a source and a publish list; a mount takes one or the other")
	}
	return spec.Request{Name: m.Name, Source: m.Source, Serve: m.Name, Read: m.Read, Publish: m.Publish,
		Bitrate: m.Bitrate, Keyframe: m.Keyframe, Encoder: m.Encoder, Hardware: m.Hardware, Stamp: m.Stamp}.Spec(srv)
}

func rel(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}
