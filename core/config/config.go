// Package config reads and writes the daemon's one config file (`gstcast serve`, the service,
// the desktop app): the RTSP server's settings and users, the mounts it serves, the streams it
// sends elsewhere, the favourites the tray starts with one click, the control API and the log.
// Parsing is strict: an unknown key or a bad value is an error with its line number, so a typo
// never silently drops a setting. Writes are atomic and keep the previous file as FILE.bak.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gstcast/gstcast/core/atomicfile"
	"github.com/gstcast/gstcast/core/spec"
	"github.com/gstcast/gstcast/core/tlscert"
)

// File is the config file as written.
type File struct {
	RTSP   RTSP    `yaml:"rtsp,omitempty"`
	Users  []User  `yaml:"users,omitempty"`
	Mounts []Mount `yaml:"mounts,omitempty"`
	// Streams go elsewhere than the RTSP server: rtp:// outputs and publishes to other servers
	// (a spec.Request each: source, to, and settings). A stream with serve: is a mount too.
	Streams []spec.Request `yaml:"streams,omitempty"`
	// Favorites are named streams that are not started with the daemon: the tray starts one
	// with a click, the CLI with `gstcast start NAME`.
	Favorites []spec.Request `yaml:"favorites,omitempty"`
	// Defaults are the encoder settings of every mount, stream and favourite that sets none.
	Defaults Defaults `yaml:"defaults,omitempty"`
	// Plugins says where else plugins are looked for (read when the daemon starts).
	Plugins Plugins `yaml:"plugins,omitempty"`
	API     API     `yaml:"api,omitempty"`
	Log     Log     `yaml:"log,omitempty"`

	// lines of each mount, stream and favourite entry, for errors found after parsing.
	lines map[string][]int
}

// Defaults are encoder settings for entries that leave them out (zero: gstcast's defaults).
type Defaults struct {
	Bitrate  int    `yaml:"bitrate,omitempty"`  // kbit/s
	Keyframe int    `yaml:"keyframe,omitempty"` // frames between keyframes
	Encoder  string `yaml:"encoder,omitempty"`  // force an element
	Hardware string `yaml:"hardware,omitempty"` // auto, hardware, software
	Profile  string `yaml:"profile,omitempty"`  // H.264 profile
}

// fill gives r the defaults it does not set itself.
func (d Defaults) fill(r spec.Request) spec.Request {
	if r.Bitrate == 0 {
		r.Bitrate = d.Bitrate
	}
	if r.Keyframe == 0 {
		r.Keyframe = d.Keyframe
	}
	if r.Encoder == "" {
		r.Encoder = d.Encoder
	}
	if r.Hardware == "" {
		r.Hardware = d.Hardware
	}
	if r.Profile == "" {
		r.Profile = d.Profile
	}
	return r
}

// Plugins is the plugins section.
type Plugins struct {
	// Folders are searched for gstcast-plugin-* before the usual places (relative paths start at
	// the config file's folder).
	Folders []string `yaml:"folders,omitempty"`
}

// PluginDirs are the plugin folders the config adds, made absolute against dir, or nil.
func (f File) PluginDirs(dir string) []string {
	var out []string
	for _, p := range f.Plugins.Folders {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, rel(dir, p))
		}
	}
	return out
}

// API is the control API's section.
type API struct {
	// Socket turns the Unix socket off when false (default on, where the OS has them).
	Socket *bool `yaml:"socket,omitempty"`
	// Listen is a TCP address for the API (with a bearer token): 127.0.0.1:8555. A non-loopback
	// address needs AllowRemote, because then the token is all that keeps others out.
	Listen      string `yaml:"listen,omitempty"`
	AllowRemote bool   `yaml:"allow_remote,omitempty"`
	// TokenFile overrides where the token is kept.
	TokenFile string `yaml:"token_file,omitempty"`
}

// SocketOn says whether the Unix socket is wanted.
func (a API) SocketOn() bool { return a.Socket == nil || *a.Socket }

// Log is the log's section.
type Log struct {
	Level     string `yaml:"level,omitempty"` // debug, info (default), warn, error
	File      string `yaml:"file,omitempty"`  // default: the daemon's state folder
	MaxSizeMB int    `yaml:"max_size_mb,omitempty"`
	MaxFiles  int    `yaml:"max_files,omitempty"`
}

// RTSP is the server section.
type RTSP struct {
	Address   string     `yaml:"address,omitempty"` // default 0.0.0.0 (all interfaces)
	Port      int        `yaml:"port,omitempty"`    // default 8554
	Threads   int        `yaml:"threads,omitempty"`
	Auth      []string   `yaml:"auth,omitempty"` // basic, digest (default both)
	TLS       *TLS       `yaml:"tls,omitempty"`
	Multicast *Multicast `yaml:"multicast,omitempty"`
}

// TLS turns the server into an RTSPS server.
type TLS struct {
	Cert       string `yaml:"cert,omitempty"` // PEM files, relative to the config file's folder
	Key        string `yaml:"key,omitempty"`
	SelfSigned bool   `yaml:"self_signed,omitempty"` // make (once) and use a self-signed certificate
}

// Multicast lets readers ask for UDP multicast.
type Multicast struct {
	Range string `yaml:"range,omitempty"` // 224.3.0.0-224.3.0.255
	Ports string `yaml:"ports,omitempty"` // 5000-5999
	TTL   int    `yaml:"ttl,omitempty"`
}

// User is an account.
type User struct {
	Name     string `yaml:"name"`
	Password string `yaml:"password"`
}

// Mount is one path of the server.
type Mount struct {
	Name   string `yaml:"name"`             // rtsp://HOST:PORT/NAME
	Source string `yaml:"source,omitempty"` // a source URI; empty for a publish mount
	// Read lists who may read ("*" or absent: anyone); Publish who may publish: a mount with a
	// publish list and no source takes its video from RTSP publishers.
	Read     []string `yaml:"read,omitempty"`
	Publish  []string `yaml:"publish,omitempty"`
	Bitrate  int      `yaml:"bitrate,omitempty"`  // kbit/s when the source is encoded
	Keyframe int      `yaml:"keyframe,omitempty"` // frames between keyframes
	Encoder  string   `yaml:"encoder,omitempty"`
	Hardware string   `yaml:"hardware,omitempty"` // auto, hardware, software
	Codec    string   `yaml:"codec,omitempty"`    // h264 (default) or h265
	Stamp    bool     `yaml:"stamp,omitempty"`    // test sources: paint the capture time
	// Controls are camera settings, after the source URI's own ?ctrl.NAME=VALUE ones:
	//   controls: [{name: exposure_auto, value: 1}, {name: exposure_time_absolute, value: 100}]
	Controls []spec.Control `yaml:"controls,omitempty"`
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

// Parse decodes config text strictly. An empty file is a valid config with nothing in it
// (the desktop app and the API fill it).
func Parse(b []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return File{}, err
	}
	// Lines of the list entries, for errors found later (a bad URI in the third mount).
	var doc struct {
		Mounts    []yaml.Node `yaml:"mounts"`
		Streams   []yaml.Node `yaml:"streams"`
		Favorites []yaml.Node `yaml:"favorites"`
	}
	_ = yaml.Unmarshal(b, &doc)
	f.lines = map[string][]int{}
	for key, nodes := range map[string][]yaml.Node{"mounts": doc.Mounts, "streams": doc.Streams, "favorites": doc.Favorites} {
		for _, n := range nodes {
			f.lines[key] = append(f.lines[key], n.Line)
		}
	}
	return f, nil
}

// line is the line of entry i of a list, 0 when unknown.
func (f File) line(list string, i int) int {
	if l := f.lines[list]; i < len(l) {
		return l[i]
	}
	return 0
}

// LineError is a config error at a line of the file.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

func atLine(line int, err error) error {
	if line <= 0 {
		return err
	}
	return &LineError{Line: line, Err: err}
}

// Entry is one stream the daemon runs, named (a mount's name, or a stream entry's).
type Entry struct {
	Name string
	Line int
	Spec spec.StreamSpec
}

// Specs turns the config into one stream spec per mount and stream entry. dir is where
// relative certificate paths start and where a self-signed certificate is kept.
func (f File) Specs(dir string) ([]spec.StreamSpec, error) {
	es, err := f.Entries(dir)
	if err != nil {
		return nil, err
	}
	out := make([]spec.StreamSpec, len(es))
	for i, e := range es {
		out[i] = e.Spec
	}
	return out, nil
}

// Server is the RTSP server section as the specs carry it (TLS files read or made).
func (f File) Server(dir string) (spec.RTSPServer, error) {
	if f.API.Listen != "" && !f.API.AllowRemote && !loopback(f.API.Listen) {
		return spec.RTSPServer{}, fmt.Errorf("api.listen %s is not a loopback address: the API would be open to the network with only its token to keep others out; use 127.0.0.1:PORT, or set allow_remote: true if you mean it", f.API.Listen)
	}
	if f.Log.Level != "" {
		var l slog.Level
		if err := l.UnmarshalText([]byte(f.Log.Level)); err != nil {
			return spec.RTSPServer{}, fmt.Errorf("log.level %q: want debug, info, warn or error", f.Log.Level)
		}
	}
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
			return spec.RTSPServer{}, errors.New("rtsp.tls: give cert and key, or self_signed: true, not both")
		case t.SelfSigned:
			host, _ := os.Hostname()
			c, k, _, err := tlscert.LoadOrCreate(dir, []string{host, f.RTSP.Address})
			if err != nil {
				return spec.RTSPServer{}, fmt.Errorf("rtsp.tls: %w", err)
			}
			srv.TLSCert, srv.TLSKey = c, k
		default:
			if t.Cert == "" || t.Key == "" {
				return spec.RTSPServer{}, errors.New("rtsp.tls: needs cert and key (PEM files), or self_signed: true")
			}
			c, err := os.ReadFile(rel(dir, t.Cert))
			if err != nil {
				return spec.RTSPServer{}, fmt.Errorf("rtsp.tls.cert: %w", err)
			}
			k, err := os.ReadFile(rel(dir, t.Key))
			if err != nil {
				return spec.RTSPServer{}, fmt.Errorf("rtsp.tls.key: %w", err)
			}
			if err := tlscert.Check(string(c), string(k)); err != nil {
				return spec.RTSPServer{}, fmt.Errorf("rtsp.tls: %w", err)
			}
			srv.TLSCert, srv.TLSKey = string(c), string(k)
		}
	}
	if err := srv.Validate(); err != nil {
		return spec.RTSPServer{}, err
	}
	return srv, nil
}

// Entries checks the whole config and returns what the daemon runs: every mount and stream
// entry, in the file's order. Favourites are checked too (FavoriteEntries returns them).
func (f File) Entries(dir string) ([]Entry, error) {
	srv, err := f.Server(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	seen := map[string]int{}
	add := func(kind string, i int, name string, s spec.StreamSpec, err error) error {
		line := f.line(kind, i)
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		if err != nil {
			return atLine(line, fmt.Errorf("%s %s: %w", strings.TrimSuffix(kind, "s"), name, err))
		}
		if prev, ok := seen[name]; ok {
			return atLine(line, fmt.Errorf("%s is listed twice (first at line %d); names must be unique across mounts and streams", name, prev))
		}
		seen[name] = line
		out = append(out, Entry{Name: name, Line: line, Spec: s})
		return nil
	}
	for i, m := range f.Mounts {
		s, err := m.stream(srv, f.Defaults)
		if err := add("mounts", i, m.Name, s, err); err != nil {
			return nil, err
		}
	}
	for i, r := range f.Streams {
		s, err := f.Defaults.fill(r).Spec(srv)
		if err == nil && r.Name == "" {
			err = errors.New("needs a name")
		}
		if err := add("streams", i, r.Name, s, err); err != nil {
			return nil, err
		}
	}
	if _, err := f.favorites(srv); err != nil {
		return nil, err
	}
	return out, nil
}

// FavoriteEntries are the favourite streams, checked.
func (f File) FavoriteEntries(dir string) ([]Entry, error) {
	srv, err := f.Server(dir)
	if err != nil {
		return nil, err
	}
	return f.favorites(srv)
}

func (f File) favorites(srv spec.RTSPServer) ([]Entry, error) {
	var out []Entry
	seen := map[string]bool{}
	for i, r := range f.Favorites {
		line := f.line("favorites", i)
		s, err := f.Defaults.fill(r).Spec(srv)
		switch {
		case err == nil && r.Name == "":
			err = errors.New("needs a name (the tray shows it)")
		case err == nil && seen[r.Name]:
			err = errors.New("is listed twice")
		}
		if err != nil {
			return nil, atLine(line, fmt.Errorf("favorite %s: %w", cmpOr(r.Name, fmt.Sprintf("#%d", i+1)), err))
		}
		seen[r.Name] = true
		out = append(out, Entry{Name: r.Name, Line: line, Spec: s})
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (m Mount) stream(srv spec.RTSPServer, d Defaults) (spec.StreamSpec, error) {
	if m.Source == "" && len(m.Publish) == 0 {
		return spec.StreamSpec{}, errors.New("needs a source, or a publish list to take RTSP publishers")
	}
	if m.Source != "" && len(m.Publish) > 0 {
		return spec.StreamSpec{}, errors.New("has both a source and a publish list; a mount takes one or the other")
	}
	return d.fill(spec.Request{Name: m.Name, Source: m.Source, Serve: m.Name, Read: m.Read, Publish: m.Publish,
		Bitrate: m.Bitrate, Keyframe: m.Keyframe, Encoder: m.Encoder, Hardware: m.Hardware, Codec: m.Codec, Stamp: m.Stamp,
		Controls: m.Controls}).Spec(srv)
}

func rel(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

func loopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Check parses text and checks all of it, as a reload does before touching anything.
func Check(text []byte, dir string) (File, []Entry, error) {
	f, err := Parse(text)
	if err != nil {
		return File{}, nil, err
	}
	es, err := f.Entries(dir)
	if err != nil {
		return File{}, nil, err
	}
	return f, es, nil
}

// WriteText checks text as a config for path's folder and, when it is good, replaces path
// atomically, keeping the previous file as path.bak. A bad text changes nothing.
func WriteText(path string, text []byte) (File, []Entry, error) {
	f, es, err := Check(text, filepath.Dir(path))
	if err != nil {
		return File{}, nil, err
	}
	mode := os.FileMode(0o600) // it holds passwords
	if old, err := os.ReadFile(path); err == nil {
		if fi, err := os.Stat(path); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := atomicfile.Write(path+".bak", old, mode); err != nil {
			return File{}, nil, fmt.Errorf("keep %s.bak: %w", path, err)
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return File{}, nil, err
	}
	if err := atomicfile.Write(path, text, mode); err != nil {
		return File{}, nil, err
	}
	return f, es, nil
}

// Marshal writes f as YAML (what the desktop app saves; comments are not kept).
func Marshal(f File) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
