package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// Name is the plugin's name: its binary is gstcast-plugin-example-folder and its sources are
// plugin://example-folder/FILE.
const Name = "example-folder"

// Version of this example.
const Version = "0.1.0"

// videoExts are the files listed as sources.
var videoExts = map[string]bool{".mp4": true, ".mkv": true, ".mov": true, ".webm": true, ".ts": true, ".avi": true}

// Folder is the plugin: pluginapi.Platform over the files of one folder.
type Folder struct {
	dir    string
	log    hclog.Logger
	launch string // gst-launch-1.0's path, "" when it is not installed

	mu      sync.Mutex
	streams map[string]*run
	next    int
}

var _ pluginapi.Platform = (*Folder)(nil)

// New makes the plugin of a folder.
func New(dir string, log hclog.Logger) *Folder {
	launch, _ := exec.LookPath("gst-launch-1.0")
	return &Folder{dir: dir, log: log, launch: launch, streams: map[string]*run{}}
}

// Info says what the plugin is and whether it works here: it needs gst-launch-1.0 and its folder.
func (f *Folder) Info(ctx context.Context) (*pluginapi.Info, error) {
	info := &pluginapi.Info{Name: Name, Version: Version, ProtocolVersion: pluginapi.ProtocolVersion,
		OS: runtime.GOOS, Arch: runtime.GOARCH, SourceKinds: []string{"plugin"}, Supported: true,
		Description: "example third-party plugin: the video files of " + f.dir + " as plugin://" + Name + "/FILE, sent as H.264 RTP"}
	if f.launch == "" {
		info.Supported, info.Reason = false, "gst-launch-1.0 is not installed"
	} else if st, err := os.Stat(f.dir); err != nil || !st.IsDir() {
		info.Supported, info.Reason = false, "no folder "+f.dir+" (set "+FolderEnv+")"
	}
	if out, err := exec.Command("gst-launch-1.0", "--gst-version").Output(); err == nil {
		info.GStreamerVersion = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(out)), "GStreamer Core Library version"))
	}
	return info, nil
}

// files lists the folder's video files by name.
func (f *Folder) files() map[string]pluginapi.Device {
	out := map[string]pluginapi.Device{}
	entries, _ := os.ReadDir(f.dir)
	for _, e := range entries {
		if e.IsDir() || !videoExts[strings.ToLower(filepath.Ext(e.Name()))] {
			continue
		}
		out[e.Name()] = pluginapi.Device{ID: e.Name(), Name: e.Name(), Class: "Video/File", API: "file",
			URI: "plugin://" + Name + "/" + url.PathEscape(e.Name()), Properties: map[string]string{"path": filepath.Join(f.dir, e.Name())}}
	}
	return out
}

func sorted(m map[string]pluginapi.Device) []pluginapi.Device {
	var out []pluginapi.Device
	for _, d := range m {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Devices lists the files; with follow, it looks again every two seconds and reports changes.
func (f *Folder) Devices(ctx context.Context, follow bool) (<-chan pluginapi.DeviceEvent, error) {
	ch := make(chan pluginapi.DeviceEvent, 8)
	go func() {
		defer close(ch)
		send := func(ev pluginapi.DeviceEvent) bool {
			select {
			case ch <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		have := f.files()
		for _, d := range sorted(have) {
			if !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshot, Device: d}) {
				return
			}
		}
		if !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceSnapshotDone}) || !follow {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
			now := f.files()
			for name, d := range now {
				if _, ok := have[name]; !ok && !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceAdded, Device: d}) {
					return
				}
			}
			for name, d := range have {
				if _, ok := now[name]; !ok && !send(pluginapi.DeviceEvent{Type: pluginapi.DeviceRemoved, Device: d}) {
					return
				}
			}
			have = now
		}
	}()
	return ch, nil
}

// Probe reports a file; the plugin has one encoder, x264enc, and does not test it.
func (f *Folder) Probe(ctx context.Context, deviceID string, hw pluginapi.HWPreference) (*pluginapi.Capabilities, error) {
	caps := &pluginapi.Capabilities{Encoders: []pluginapi.ElementStatus{{Element: "x264enc", Usable: f.launch != "", Chosen: f.launch != "",
		Reason: "the example always encodes with x264enc"}}}
	if deviceID != "" {
		d, ok := f.files()[deviceID]
		if !ok {
			return nil, fmt.Errorf("no file %q in %s: %w", deviceID, f.dir, pluginapi.ErrDeviceNotFound)
		}
		caps.Device = &d
	}
	return caps, nil
}

// file finds the file a plugin://example-folder/FILE source names. Only names of files in the
// folder are taken: no paths, no "..".
func (f *Folder) file(src pluginapi.Source) (string, error) {
	if src.Plugin != Name {
		return "", fmt.Errorf("source %s is not for the %s plugin: %w", src.Redacted(), Name, pluginapi.ErrUnsupported)
	}
	u, err := url.Parse(src.URI)
	if err != nil {
		return "", fmt.Errorf("source %s: %v: %w", src.Redacted(), err, pluginapi.ErrInvalidSpec)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("source %s: name one file of the folder: plugin://%s/FILE: %w", src.Redacted(), Name, pluginapi.ErrInvalidSpec)
	}
	if _, ok := f.files()[name]; !ok {
		return "", fmt.Errorf("no video file %q in %s: %w", name, f.dir, pluginapi.ErrFileNotFound)
	}
	return filepath.Join(f.dir, name), nil
}

// argv is the gst-launch-1.0 command of a stream: the file decoded, encoded with x264 and sent.
// Every value is one argument of its own (gst-launch quotes each), so a file name with spaces
// stays one location.
func (f *Folder) argv(s *pluginapi.StreamSpec) ([]string, error) {
	path, err := f.file(s.Source)
	if err != nil {
		return nil, err
	}
	enc := s.Encoding.WithDefaults()
	args := []string{"-e", "filesrc", "location=" + path, "!", "decodebin", "!", "videoconvert", "!", "video/x-raw,format=I420", "!",
		"x264enc", "tune=zerolatency", "speed-preset=superfast", "bitrate=" + strconv.Itoa(enc.BitrateKbps),
		"key-int-max=" + strconv.Itoa(enc.KeyframeInterval), "!", "video/x-h264,profile=high", "!"}
	switch s.Output.Kind {
	case "rtp": // the kinds of spec.OutputKind: rtp, rtsp (publish), serve
		pt := s.Output.PayloadType
		if pt == 0 {
			pt = 96
		}
		args = append(args, "rtph264pay", "config-interval=-1", "pt="+strconv.Itoa(pt), "!",
			"udpsink", "host="+s.Output.Host, "port="+strconv.Itoa(s.Output.Port))
	case "rtsp":
		args = append(args, "h264parse", "!", "rtspclientsink", "location="+s.Output.URL)
		if s.Output.User != "" {
			args = append(args, "user-id="+s.Output.User, "user-pw="+s.Output.Password)
		}
	default:
		return nil, fmt.Errorf("%s outputs: this example sends RTP (rtp://HOST:PORT) or publishes (rtsp://HOST/PATH): %w", s.Output.Kind, pluginapi.ErrUnsupported)
	}
	return args, nil
}

// launchLine writes argv as one gst-launch-1.0 line, the password masked.
func launchLine(argv []string) string {
	var b strings.Builder
	b.WriteString("gst-launch-1.0")
	for _, a := range argv {
		if strings.HasPrefix(a, "user-pw=") {
			a = "user-pw=***"
		}
		if strings.ContainsAny(a, " '\"") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		b.WriteString(" " + a)
	}
	return b.String()
}

// StartStream starts the stream's gst-launch-1.0 and returns once it plays (or fails).
func (f *Folder) StartStream(ctx context.Context, s *pluginapi.StreamSpec) (*pluginapi.Started, error) {
	if s == nil {
		return nil, fmt.Errorf("no spec: %w", pluginapi.ErrInvalidSpec)
	}
	argv, err := f.argv(s)
	if err != nil {
		return nil, err
	}
	if f.launch == "" {
		return nil, fmt.Errorf("gst-launch-1.0 is not installed: %w", pluginapi.ErrUnsupported)
	}
	f.mu.Lock()
	f.next++
	id := "f" + strconv.Itoa(f.next)
	f.mu.Unlock()
	r, err := start(f.launch, argv, id, f.log)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.streams[id] = r
	f.mu.Unlock()
	return &pluginapi.Started{ID: id, Plan: pluginapi.Plan{Launch: launchLine(argv), Encoder: "x264enc",
		Encoders: []pluginapi.ElementStatus{{Element: "x264enc", Usable: true, Chosen: true, Reason: "the example always encodes with x264enc"}}}}, nil
}

func (f *Folder) get(id string) (*run, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.streams[id]
	if !ok {
		return nil, fmt.Errorf("stream %q: %w", id, pluginapi.ErrNotFound)
	}
	return r, nil
}

// Stop ends a stream: EOS first (gst-launch -e on SIGINT), then the process.
func (f *Folder) Stop(ctx context.Context, id string) error {
	r, err := f.get(id)
	if err != nil {
		return err
	}
	r.stop()
	f.mu.Lock()
	delete(f.streams, id)
	f.mu.Unlock()
	return nil
}

// StopAll stops every stream (the host is gone or closed the plugin).
func (f *Folder) StopAll() {
	f.mu.Lock()
	ids := make([]string, 0, len(f.streams))
	for id := range f.streams {
		ids = append(ids, id)
	}
	f.mu.Unlock()
	for _, id := range ids {
		_ = f.Stop(context.Background(), id)
	}
}

// Watch sends the stream's state: playing, then the end (EOS) or an error with gst-launch's words.
func (f *Folder) Watch(ctx context.Context, id string) (<-chan pluginapi.Event, error) {
	r, err := f.get(id)
	if err != nil {
		return nil, err
	}
	ch := make(chan pluginapi.Event, 2)
	go func() {
		defer close(ch)
		select {
		case ch <- pluginapi.Event{Type: pluginapi.EventState, ID: id, State: pluginapi.StatePlaying, Time: time.Now()}:
		case <-ctx.Done():
			return
		}
		select {
		case <-r.done:
		case <-ctx.Done():
			return
		}
		ev := pluginapi.Event{Type: pluginapi.EventEOS, ID: id, State: pluginapi.StateEnded, Time: time.Now()}
		if r.err != nil && !r.stopped {
			ev = pluginapi.Event{Type: pluginapi.EventError, ID: id, State: pluginapi.StateFailed, Time: time.Now(),
				Message: "gst-launch-1.0: " + r.err.Error(), Debug: r.tail(), Reason: "PIPELINE"}
		}
		select {
		case ch <- ev:
		case <-ctx.Done():
		}
	}()
	return ch, nil
}

// Pipeline returns a stream's line, or plans one without starting it.
func (f *Folder) Pipeline(ctx context.Context, id string, s *pluginapi.StreamSpec) (*pluginapi.Plan, error) {
	if id != "" {
		r, err := f.get(id)
		if err != nil {
			return nil, err
		}
		return &pluginapi.Plan{Launch: launchLine(r.argv), Encoder: "x264enc"}, nil
	}
	if s == nil {
		return nil, fmt.Errorf("no spec: %w", pluginapi.ErrInvalidSpec)
	}
	argv, err := f.argv(s)
	if err != nil {
		return nil, err
	}
	return &pluginapi.Plan{Launch: launchLine(argv), Encoder: "x264enc"}, nil
}

// StartView is not offered: viewers would need a frame ring writer (core/framering).
func (f *Folder) StartView(ctx context.Context, v *pluginapi.ViewSpec) (*pluginapi.ViewStarted, error) {
	return nil, fmt.Errorf("the %s example has no viewers: %w", Name, pluginapi.ErrUnsupported)
}

// run is one gst-launch-1.0 process.
type run struct {
	argv    []string
	cmd     *exec.Cmd
	out     *lockedBuffer
	done    chan struct{}
	err     error
	stopped bool
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs gst-launch-1.0 and waits until it says it plays (or it ends).
func start(launch string, argv []string, id string, log hclog.Logger) (*run, error) {
	r := &run{argv: argv, out: &lockedBuffer{}, done: make(chan struct{})}
	r.cmd = exec.Command(launch, argv...)
	r.cmd.Stdout, r.cmd.Stderr = r.out, r.out
	if err := r.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start gst-launch-1.0: %v: %w", err, pluginapi.ErrPipeline)
	}
	go func() { r.err = r.cmd.Wait(); close(r.done) }()
	deadline := time.After(15 * time.Second)
	for !strings.Contains(r.out.String(), "Setting pipeline to PLAYING") {
		select {
		case <-r.done:
			return nil, fmt.Errorf("gst-launch-1.0 ended (%v): %s: %w", r.err, r.tail(), pluginapi.ErrPipeline)
		case <-deadline:
			r.stop()
			return nil, fmt.Errorf("gst-launch-1.0 did not play within 15s: %s: %w", r.tail(), pluginapi.ErrPipeline)
		case <-time.After(50 * time.Millisecond):
		}
	}
	log.Info("stream playing", "id", id, "pid", r.cmd.Process.Pid)
	return r, nil
}

func (r *run) tail() string {
	lines := strings.Split(strings.TrimSpace(r.out.String()), "\n")
	if len(lines) > 6 {
		lines = lines[len(lines)-6:]
	}
	return strings.Join(lines, " | ")
}

// stop asks gst-launch for EOS (SIGINT with -e) and kills it when it does not end in 2s.
func (r *run) stop() {
	r.stopped = true
	if runtime.GOOS == "windows" || r.cmd.Process.Signal(os.Interrupt) != nil {
		_ = r.cmd.Process.Kill()
	}
	select {
	case <-r.done:
	case <-time.After(2 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
	}
}
