package appmodel

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/spec"
)

// The desktop app keeps what must last in the daemon's config file: a stream the editor
// creates becomes an entry under mounts: (a plain mount) or streams: (anything else), so the
// daemon starts it again after a restart. Edits parse the file with core/config, change it and
// write it back with config.Marshal (comments are not kept); the daemon checks the whole text
// again when it is put (Backend.PutConfig) and refuses it, with the line, if anything is wrong.

// AddEntry returns the config text with r added, or an error if its name is taken.
func AddEntry(text string, r spec.Request) (string, error) {
	f, err := config.Parse([]byte(text))
	if err != nil {
		return "", err
	}
	if HasEntry(f, r.Name) || (r.Serve != "" && HasEntry(f, r.Serve)) {
		return "", &FieldError{Field: "name", Message: fmt.Sprintf("a stream named %s is already in the config: choose another name", r.Name)}
	}
	if m, ok := mountOf(r); ok {
		f.Mounts = append(f.Mounts, m)
	} else {
		f.Streams = append(f.Streams, r)
	}
	return marshal(f)
}

// RemoveEntry returns the config text without the mount or stream name; found says whether
// it was there.
func RemoveEntry(text, name string) (string, bool, error) {
	f, err := config.Parse([]byte(text))
	if err != nil {
		return "", false, err
	}
	found := false
	mounts := f.Mounts[:0]
	for _, m := range f.Mounts {
		if m.Name == name {
			found = true
			continue
		}
		mounts = append(mounts, m)
	}
	f.Mounts = mounts
	streams := f.Streams[:0]
	for _, s := range f.Streams {
		if s.Name == name {
			found = true
			continue
		}
		streams = append(streams, s)
	}
	f.Streams = streams
	if !found {
		return text, false, nil
	}
	out, err := marshal(f)
	return out, true, err
}

// HasEntry says whether a mount, stream or favourite is called name.
func HasEntry(f config.File, name string) bool {
	for _, m := range f.Mounts {
		if m.Name == name {
			return true
		}
	}
	for _, s := range f.Streams {
		if s.Name == name {
			return true
		}
	}
	for _, s := range f.Favorites {
		if s.Name == name {
			return true
		}
	}
	return false
}

// mountOf is r as a mounts: entry, when it is a plain mount (named as its path, no profile).
func mountOf(r spec.Request) (config.Mount, bool) {
	if r.Serve == "" || r.To != "" || (r.Name != "" && r.Name != r.Serve) || r.Profile != "" {
		return config.Mount{}, false
	}
	return config.Mount{Name: r.Serve, Source: r.Source, Read: r.Read, Publish: r.Publish, Bitrate: r.Bitrate,
		Keyframe: r.Keyframe, Encoder: r.Encoder, Hardware: r.Hardware, Stamp: r.Stamp}, true
}

func marshal(f config.File) (string, error) {
	b, err := config.Marshal(f)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(string(b)) == "{}" {
		return "", nil
	}
	return string(b), nil
}

// ServerOf is the RTSP server the config describes, as the editor's checks need it (users for
// reader lists, the port for URLs). TLS files are not read here: the daemon does that.
func ServerOf(text string) (spec.RTSPServer, config.File, error) {
	f, err := config.Parse([]byte(text))
	if err != nil {
		return spec.RTSPServer{}, f, err
	}
	srv := spec.RTSPServer{Address: f.RTSP.Address, Port: f.RTSP.Port, Threads: f.RTSP.Threads, Auth: f.RTSP.Auth}
	for _, u := range f.Users {
		srv.Users = append(srv.Users, spec.User{Name: u.Name, Password: u.Password})
	}
	return srv, f, nil
}

// Settings is the settings window's form: text as typed.
type Settings struct {
	Address string // RTSP listen address ("" all interfaces)
	Port    string
	Users   []config.User
	// PluginFolders, one a line.
	PluginFolders string
	// Default encoder settings.
	Bitrate, Keyframe, Encoder, Hardware, Profile string
	LogLevel                                      string
}

// LogLevels are the log levels the settings offer.
var LogLevels = []string{"debug", "info", "warn", "error"}

// SettingsOf reads the settings out of config text.
func SettingsOf(text string) (Settings, error) {
	f, err := config.Parse([]byte(text))
	if err != nil {
		return Settings{}, err
	}
	s := Settings{Address: f.RTSP.Address, Users: append([]config.User(nil), f.Users...),
		PluginFolders: strings.Join(f.Plugins.Folders, "\n"), Encoder: f.Defaults.Encoder,
		Hardware: f.Defaults.Hardware, Profile: f.Defaults.Profile, LogLevel: f.Log.Level}
	if f.RTSP.Port != 0 {
		s.Port = strconv.Itoa(f.RTSP.Port)
	}
	if f.Defaults.Bitrate != 0 {
		s.Bitrate = strconv.Itoa(f.Defaults.Bitrate)
	}
	if f.Defaults.Keyframe != 0 {
		s.Keyframe = strconv.Itoa(f.Defaults.Keyframe)
	}
	if s.Hardware == "" {
		s.Hardware = "auto"
	}
	if s.LogLevel == "" {
		s.LogLevel = "info"
	}
	return s, nil
}

// Apply writes the settings into config text, leaving the rest of it as it was. Mistakes are
// FieldErrors; the RTSP section and the users are checked by the same validation the daemon
// runs (spec.RTSPServer.Validate).
func (s Settings) Apply(text string) (string, error) {
	f, err := config.Parse([]byte(text))
	if err != nil {
		return "", err
	}
	f.RTSP.Address = strings.TrimSpace(s.Address)
	if f.RTSP.Port, err = optInt("port", s.Port); err != nil {
		return "", err
	}
	if f.RTSP.Port < 0 || f.RTSP.Port > 65535 {
		return "", fieldErr("port", "the RTSP port is between 1 and 65535 (8554 is usual)")
	}
	f.Users = nil
	for _, u := range s.Users {
		u.Name = strings.TrimSpace(u.Name)
		if u.Name == "" && u.Password == "" {
			continue
		}
		f.Users = append(f.Users, u)
	}
	srv := spec.RTSPServer{Address: f.RTSP.Address, Port: f.RTSP.Port}
	for _, u := range f.Users {
		srv.Users = append(srv.Users, spec.User{Name: u.Name, Password: u.Password})
	}
	if err := srv.Validate(); err != nil {
		field := "users"
		if strings.Contains(err.Error(), "address") {
			field = "address"
		} else if strings.Contains(err.Error(), "port") {
			field = "port"
		}
		return "", &FieldError{Field: field, Message: strings.TrimPrefix(err.Error(), "bad ")}
	}
	f.Plugins.Folders = nil
	for _, line := range strings.Split(s.PluginFolders, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			f.Plugins.Folders = append(f.Plugins.Folders, line)
		}
	}
	if f.Defaults.Bitrate, err = optInt("bitrate", s.Bitrate); err != nil {
		return "", err
	}
	if f.Defaults.Keyframe, err = optInt("keyframe", s.Keyframe); err != nil {
		return "", err
	}
	f.Defaults.Encoder = strings.TrimSpace(s.Encoder)
	f.Defaults.Hardware = strings.TrimSpace(s.Hardware)
	if f.Defaults.Hardware == "auto" {
		f.Defaults.Hardware = ""
	}
	f.Defaults.Profile = strings.TrimSpace(s.Profile)
	enc := spec.Encoding{Codec: spec.DefaultCodec, BitrateKbps: f.Defaults.Bitrate, KeyframeInterval: f.Defaults.Keyframe,
		Encoder: f.Defaults.Encoder, Profile: f.Defaults.Profile}
	if enc.Hardware, err = spec.ParseHWPreference(f.Defaults.Hardware); err != nil {
		return "", &FieldError{Field: "hardware", Message: strings.TrimPrefix(err.Error(), "bad ")}
	}
	if err := enc.WithDefaults().Validate(); err != nil {
		var se *spec.Error
		field := "bitrate"
		if errors.As(err, &se) && se.Part != "" {
			field = se.Part
		}
		return "", &FieldError{Field: field, Message: strings.TrimPrefix(err.Error(), "bad ")}
	}
	f.Log.Level = strings.TrimSpace(s.LogLevel)
	if f.Log.Level == "info" {
		f.Log.Level = ""
	}
	return marshal(f)
}
