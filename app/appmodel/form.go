package appmodel

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// SourceKind is what the editor's source picker offers.
type SourceKind string

const (
	SourceCamera     SourceKind = "camera"
	SourcePattern    SourceKind = "test"
	SourceFile       SourceKind = "file"
	SourceRTSP       SourceKind = "rtsp"
	SourceRTP        SourceKind = "rtp"
	SourcePublishers SourceKind = "publishers" // a mount that RTSP publishers feed
	// SourceURI is any source URI the spec parser takes, typed as is: udp://@:PORT,
	// rtp://@:PORT?mux=ts, srt://… — the kinds that have no fields of their own in the form.
	SourceURI SourceKind = "uri"
)

// SourceKinds are the picker's choices, in its order, with their labels.
var SourceKinds = []struct {
	Kind  SourceKind
	Label string
}{
	{SourceCamera, "Camera"}, {SourcePattern, "Test pattern"}, {SourceFile, "File"},
	{SourceRTSP, "RTSP URL"}, {SourceRTP, "RTP port"}, {SourcePublishers, "Publishers"},
	{SourceURI, "Other URL"},
}

// OutputKind is what the editor's output picker offers.
type OutputKind string

const (
	OutputMount   OutputKind = "serve"   // a mount of gstcast's RTSP server
	OutputRTP     OutputKind = "rtp"     // RTP to HOST:PORT
	OutputPublish OutputKind = "publish" // RECORD to someone else's RTSP server
	// OutputURI is any output URI the spec parser takes, typed as is: udp://HOST:PORT,
	// rtp://HOST:PORT?mux=ts (for VLC and OpenCV), srt://….
	OutputURI OutputKind = "uri"
)

// OutputKinds are the output picker's choices with their labels.
var OutputKinds = []struct {
	Kind  OutputKind
	Label string
}{{OutputMount, "RTSP mount"}, {OutputRTP, "RTP to host:port"}, {OutputPublish, "Publish URL"}, {OutputURI, "Other URL"}}

// Patterns are the test patterns the editor offers first (videotestsrc's nicknames; the spec
// parser knows them all and refuses others).
var Patterns = []string{"smpte", "ball", "snow", "smpte75", "smpte100", "colors", "checkers-8",
	"zone-plate", "gamut", "pinwheel", "spokes", "gradient", "circular", "blink", "black", "white"}

// Hardware preferences with their labels.
var HardwareChoices = []string{"auto", "hardware", "software"}

// Form is what the stream editor holds: text as typed. Request turns it into the one request
// type every client fills (spec.Request), and Check validates it through spec.Request.Spec,
// the same parser the CLI, the API and the config file use.
type Form struct {
	Name string

	Source SourceKind
	// Camera: the device and the chosen format, size and rate.
	Device string
	Format string // YUY2, MJPG, … ("" any)
	// Camera and test pattern: size and rate ("" for the source's default).
	Width, Height, FPS string
	Pattern            string
	Stamp              bool
	// File.
	File string
	Loop bool
	// RTSP source: the URL without credentials, and the credentials apart.
	URL, User, Password, Transport string
	// RTP source.
	RTPPort, PayloadType string
	// Other source: the URI as typed.
	SourceURL string

	Output OutputKind
	// Mount: its name and who may read or publish (user names; empty = anyone may read).
	Mount      string
	Readers    []string
	Publishers []string
	// RTP output.
	Host, Port string
	// Publish output (may hold credentials).
	PublishURL string
	// Other output: the URI as typed.
	OutputURL string

	// Encoding ("" = the default).
	Encoder, Hardware, Bitrate, Keyframe, Profile string
}

// NewForm is the editor's starting point: a test pattern served on a mount, unless a camera is
// known, then the first camera.
func NewForm(cameras []Camera) Form {
	f := Form{Source: SourcePattern, Pattern: "smpte", Width: "1280", Height: "720", FPS: "30", Output: OutputMount,
		Host: "127.0.0.1", Port: "5000", Hardware: "auto", RTPPort: "5000"}
	if len(cameras) > 0 {
		f.Source = SourceCamera
		f.Device = cameras[0].ID
		f.Width, f.Height, f.FPS = "", "", ""
	}
	return f
}

// FieldError is a mistake in one field of the form, in words for the form to show beside it.
type FieldError struct {
	Field   string // the form's field: "name", "width", "url", "mount", "port", …
	Message string
}

func (e *FieldError) Error() string { return e.Message }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Request is the form as a spec.Request. Text that is not even a number is caught here; all
// the rest is the spec parser's to judge (Check).
func (f Form) Request() (spec.Request, error) {
	r := spec.Request{Name: strings.TrimSpace(f.Name), Encoder: strings.TrimSpace(f.Encoder), Profile: strings.TrimSpace(f.Profile)}
	if h := strings.TrimSpace(f.Hardware); h != "" && h != "auto" {
		r.Hardware = h
	}
	var err error
	if r.Bitrate, err = optInt("bitrate", f.Bitrate); err != nil {
		return r, err
	}
	if r.Keyframe, err = optInt("keyframe", f.Keyframe); err != nil {
		return r, err
	}
	if r.Source, err = f.sourceURI(); err != nil {
		return r, err
	}
	r.Stamp = f.Stamp && f.Source == SourcePattern
	switch f.Output {
	case OutputMount:
		r.Serve = strings.Trim(strings.TrimSpace(f.Mount), "/")
		if r.Serve == "" {
			return r, fieldErr("mount", "give the mount a name, e.g. cam: readers open rtsp://HOST:PORT/cam")
		}
		r.Read = clean(f.Readers)
		if f.Source == SourcePublishers {
			r.Publish = clean(f.Publishers)
			if len(r.Publish) == 0 {
				return r, fieldErr("publishers", "a mount fed by publishers needs at least one user who may publish")
			}
		}
		if r.Name == "" {
			r.Name = r.Serve
		}
	case OutputRTP:
		host := strings.TrimSpace(f.Host)
		port := strings.TrimSpace(f.Port)
		if host == "" {
			return r, fieldErr("host", "say where to send it, e.g. 192.168.1.20")
		}
		if _, err := strconv.Atoi(port); err != nil {
			return r, fieldErr("port", "the port is a number, e.g. 5000")
		}
		if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
			host = "[" + host + "]"
		}
		r.To = "rtp://" + host + ":" + port
	case OutputPublish:
		r.To = strings.TrimSpace(f.PublishURL)
		if r.To == "" {
			return r, fieldErr("publishurl", "give the server's URL, e.g. rtsp://user:pass@server:8554/path")
		}
	case OutputURI:
		r.To = strings.TrimSpace(f.OutputURL)
		if r.To == "" {
			return r, fieldErr("outputurl", "give the output's URL, e.g. udp://192.168.1.20:1234 or rtp://192.168.1.20:5000?mux=ts")
		}
	default:
		return r, fieldErr("output", "say where the stream goes")
	}
	if f.Source == SourcePublishers && f.Output != OutputMount {
		return r, fieldErr("output", "publishers feed a mount of gstcast's RTSP server: choose RTSP mount")
	}
	if r.Name == "" {
		return r, fieldErr("name", "give the stream a name")
	}
	return r, nil
}

// Check validates the form through spec.Request.Spec for server (the daemon's RTSP server)
// and returns the spec the stream would run, or a FieldError naming the field at fault.
func (f Form) Check(server spec.RTSPServer) (spec.Request, spec.StreamSpec, error) {
	r, err := f.Request()
	if err != nil {
		return r, spec.StreamSpec{}, err
	}
	s, err := r.Spec(server)
	if err != nil {
		return r, spec.StreamSpec{}, f.fieldOf(err)
	}
	return r, s, nil
}

// fieldOf maps a spec error onto the form's field, keeping the parser's words.
func (f Form) fieldOf(err error) *FieldError {
	msg := strings.TrimPrefix(err.Error(), "bad ")
	var se *spec.Error
	if !errors.As(err, &se) {
		return &FieldError{Field: "form", Message: msg}
	}
	field := "form"
	what := se.What
	switch part := se.Part; {
	case part == "mount":
		field = "mount"
	case part == "readers" || part == "read":
		field = "readers"
	case part == "publishers" || part == "publish":
		field = "publishers"
	case part == "stamp":
		field = "stamp"
	case strings.HasPrefix(what, "source"):
		field = f.sourceField(part)
	case strings.HasPrefix(what, "output"):
		field = map[OutputKind]string{OutputRTP: "host", OutputPublish: "publishurl", OutputMount: "mount", OutputURI: "outputurl"}[f.Output]
		if part == "port" && f.Output == OutputRTP {
			field = "port"
		}
	case part == "bitrate" || part == "keyframe" || part == "encoder" || part == "hardware" || part == "profile" || part == "name":
		field = part
	case part == "to" || part == "output":
		field = "output"
	}
	// The form names the field; the message says what is wrong with it (and with which part,
	// when the field holds more than one: the host of a URL).
	if se.Reason != "" {
		msg = se.Reason
		if se.Part != "" && se.Part != field && !strings.Contains(se.Part, field) {
			msg = se.Part + ": " + msg
		}
	}
	return &FieldError{Field: field, Message: msg}
}

func (f Form) sourceField(part string) string {
	switch f.Source {
	case SourceCamera:
		switch part {
		case "width", "height", "format":
			return part
		case "fps", "framerate":
			return "fps"
		}
		return "device"
	case SourcePattern:
		switch part {
		case "width", "height":
			return part
		case "fps", "framerate":
			return "fps"
		}
		return "pattern"
	case SourceFile:
		return "file"
	case SourceRTSP:
		switch part {
		case "user", "password":
			return part
		case "transport":
			return "transport"
		}
		return "url"
	case SourceRTP:
		if part == "pt" || part == "payload type" {
			return "payloadtype"
		}
		return "rtpport"
	case SourceURI:
		return "sourceurl"
	}
	return "source"
}

// sourceURI builds the source URI the form describes.
func (f Form) sourceURI() (string, error) {
	q := url.Values{}
	video := func() error {
		for _, v := range []struct{ field, text string }{{"width", f.Width}, {"height", f.Height}} {
			if t := strings.TrimSpace(v.text); t != "" {
				if _, err := strconv.Atoi(t); err != nil {
					return fieldErr(v.field, "the %s is a number of pixels, e.g. %s", v.field, map[string]string{"width": "1280", "height": "720"}[v.field])
				}
				q.Set(v.field, t)
			}
		}
		if t := strings.TrimSpace(f.FPS); t != "" {
			q.Set("fps", t)
		}
		return nil
	}
	switch f.Source {
	case SourceCamera:
		dev := strings.TrimSpace(f.Device)
		if dev == "" {
			return "", fieldErr("device", "choose a camera")
		}
		if err := video(); err != nil {
			return "", err
		}
		if t := strings.TrimSpace(f.Format); t != "" {
			q.Set("format", t)
		}
		if !strings.HasPrefix(dev, "/") {
			dev = "/" + dev
		}
		return withQuery("v4l2://"+dev, q), nil
	case SourcePattern:
		p := strings.TrimSpace(f.Pattern)
		if p == "" {
			return "", fieldErr("pattern", "choose a pattern, e.g. smpte")
		}
		if err := video(); err != nil {
			return "", err
		}
		if f.Stamp {
			q.Set("stamp", "1")
		}
		return withQuery("test://"+p, q), nil
	case SourceFile:
		p := strings.TrimSpace(f.File)
		if p == "" {
			return "", fieldErr("file", "choose a video file")
		}
		u := FileURI(p)
		if f.Loop {
			u += "?loop=1"
		}
		return u, nil
	case SourceRTSP:
		raw := strings.TrimSpace(f.URL)
		if raw == "" {
			return "", fieldErr("url", "give the camera's or server's URL, e.g. rtsp://192.168.1.64/stream1")
		}
		u := WithCredentials(raw, f.User, f.Password)
		if t := strings.TrimSpace(f.Transport); t != "" && t != "auto" {
			u = addQuery(u, "transport="+url.QueryEscape(t))
		}
		return u, nil
	case SourceRTP:
		port := strings.TrimSpace(f.RTPPort)
		if _, err := strconv.Atoi(port); err != nil {
			return "", fieldErr("rtpport", "the port to listen on is a number, e.g. 5000")
		}
		if pt := strings.TrimSpace(f.PayloadType); pt != "" {
			q.Set("pt", pt)
		}
		return withQuery("rtp://@:"+port, q), nil
	case SourcePublishers:
		return "", nil
	case SourceURI:
		u := strings.TrimSpace(f.SourceURL)
		if u == "" {
			return "", fieldErr("sourceurl", "give the source's URL, e.g. udp://@:1234 or rtp://@:5000?mux=ts")
		}
		return u, nil
	}
	return "", fieldErr("source", "choose a source")
}

// FileURI is the file:// URI of a local path (percent-encoded; Windows drive paths too).
func FileURI(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/video.mp4 → /C:/video.mp4
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// WithCredentials puts user and password into an rtsp:// URL (percent-encoded), replacing any
// the URL had; with no user the URL is left as it is.
func WithCredentials(raw, user, password string) string {
	if user == "" {
		return raw
	}
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		rest = rest[at+1:]
	}
	ui := url.UserPassword(user, password).String()
	if password == "" {
		ui = url.User(user).String()
	}
	return raw[:i+3] + ui + "@" + rest
}

func withQuery(base string, q url.Values) string {
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}

func addQuery(u, kv string) string {
	if strings.Contains(u, "?") {
		return u + "&" + kv
	}
	return u + "?" + kv
}

func optInt(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fieldErr(field, "the %s is a whole number", field)
	}
	return n, nil
}

func clean(names []string) []string {
	var out []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
