package appmodel

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Row is one stream or view as the main window lists it.
type Row struct {
	Name    string
	Kind    engine.Kind
	Source  string // the source, credentials masked: "test://smpte", "camera /dev/video0"
	Output  string // where it goes: "rtsp://127.0.0.1:8554/cam", "rtp://10.0.0.5:5000"
	State   string // StateText
	Playing bool
	FPS     string // "30.0" or "–"
	Bitrate string // "2048 kbit/s" or "–"
	// Readers is how many RTSP readers a served stream has, "–" where that is not known.
	Readers string
	// Codec is the encoder (streams) or decoder (views) and whether it is hardware:
	// "x264enc (software)", "relayed" when nothing is re-encoded.
	Codec string
	// Error is what went wrong in a user's words ("" when nothing did); Detail is GStreamer's side.
	Error  string
	Detail string
	// What the row's buttons may do.
	CanStart, CanStop bool
	// ViewURL is what "View" opens: the mount's RTSP URL, or "" when it cannot be viewed here.
	ViewURL string
	// FromConfig marks entries of the daemon's config file (removing one edits the file).
	FromConfig bool
	Origin     string
	// NotRunning marks a config entry the engine does not run at all: its first start failed
	// for good (the engine keeps no such work). Start applies the config again.
	NotRunning bool
}

// none is what a cell shows when there is nothing to say.
const none = "–"

// RowOf is how status st reads in the window.
func RowOf(st engine.Status) Row {
	r := Row{Name: st.Name, Kind: st.Kind, State: StateText(st), Playing: st.State == engine.StatePlaying,
		FPS: none, Bitrate: none, Readers: none, Origin: st.Origin, FromConfig: st.Origin == OriginConfig}
	src := sourceOf(st)
	r.Source = SourceText(src)
	if st.Stream != nil {
		r.Output = OutputText(*st.Stream, st.URL)
		if st.Stream.Output.Kind == spec.OutputServe && st.URL != "" {
			r.ViewURL = st.URL
		}
	}
	if s := st.Stats; s != nil && st.State == engine.StatePlaying {
		r.FPS = fmt.Sprintf("%.1f", s.FPS)
		r.Bitrate = fmt.Sprintf("%.0f kbit/s", s.BitrateBps/1000)
	}
	if st.Stream != nil && st.Stream.Output.Kind == spec.OutputServe {
		if n, ok := ReadersOf(st.Stats); ok {
			r.Readers = fmt.Sprint(n)
		}
	}
	switch {
	case st.Kind == engine.KindView:
		r.Codec = elementText(st.Decoder, st.Hardware)
	case st.Encoder != "":
		r.Codec = elementText(st.Encoder, st.HardwareEncoder())
	case st.State == engine.StatePlaying:
		r.Codec = "relayed (not re-encoded)"
	default:
		r.Codec = none
	}
	if st.State != engine.StatePlaying {
		r.Error, r.Detail = PlainError(st), Detail(st)
	}
	r.CanStop = st.State.Running()
	r.CanStart = !r.CanStop
	return r
}

// ReadersOf is how many RTSP readers a served stream has now, and whether the plugin reports
// it (a stream that serves no mount, or has no stats yet, does not).
func ReadersOf(s *pluginapi.Stats) (int, bool) {
	if s == nil {
		return 0, false
	}
	return s.Readers, true
}

// OriginConfig marks work that the daemon's config file asked for (core/daemon's origin).
const OriginConfig = "config"

// OriginGUI marks streams the desktop app added without a config file to keep them in.
const OriginGUI = "gui"

func elementText(el string, hw bool) string {
	if el == "" {
		return none
	}
	if hw {
		return el + " (hardware)"
	}
	return el + " (software)"
}

// SourceText says what a source is, credentials masked.
func SourceText(s spec.Source) string {
	switch s.Kind {
	case spec.SourceV4L2:
		return "camera " + s.Device + videoText(s)
	case spec.SourceTest:
		return "test pattern " + s.Pattern + videoText(s)
	case spec.SourceFile:
		t := "file " + s.Path
		if s.Loop {
			t += " (looped)"
		}
		return t
	case spec.SourcePublish:
		return "RTSP publishers"
	case spec.SourceRTP:
		return fmt.Sprintf("RTP in on port %d", s.Port)
	case spec.SourceRTSP:
		return spec.RedactURI(s.URI)
	case "":
		return none
	}
	return spec.RedactURI(s.URI)
}

func videoText(s spec.Source) string {
	if s.Width == 0 || s.Height == 0 {
		return ""
	}
	t := fmt.Sprintf(" %dx%d", s.Width, s.Height)
	if s.FPSNum > 0 {
		if s.FPSDen <= 1 {
			t += fmt.Sprintf("@%d", s.FPSNum)
		} else {
			t += fmt.Sprintf("@%d/%d", s.FPSNum, s.FPSDen)
		}
	}
	return t
}

// OutputText says where a stream goes; url is the served URL the engine reports, if any.
func OutputText(s spec.StreamSpec, url string) string {
	switch s.Output.Kind {
	case spec.OutputServe:
		if url != "" {
			return url
		}
		return "RTSP mount /" + s.Output.Mount
	case spec.OutputPublish:
		return "publish to " + spec.RedactURI(s.Output.URI)
	case spec.OutputRTP:
		return s.Output.URI
	}
	if s.Output.URI != "" {
		return spec.RedactURI(s.Output.URI)
	}
	return none
}

// Streams is the window's name → status map, kept from the engine's events: the snapshot
// replaces it, every other event carries one work's whole status. Config entries the engine
// does not run (their first start failed for good) are listed too, with why when it is known.
type Streams struct {
	all     map[string]engine.Status
	entries []config.Entry
	failed  map[string]string
}

// SetConfig gives the config's entries and the errors of those that did not start (name →
// message, where known); it says whether the rows changed.
func (s *Streams) SetConfig(entries []config.Entry, failed map[string]string) bool {
	before := strings.Join(s.names(), "\x00")
	s.entries, s.failed = entries, failed
	return before != strings.Join(s.names(), "\x00")
}

// notRunning is the row of a config entry the engine does not have.
func (s *Streams) notRunning(e config.Entry) Row {
	sp := e.Spec
	msg, ok := s.failed[e.Name]
	if !ok {
		msg = "did not start when the engine read the config; its log says why"
	}
	st := engine.Status{Name: e.Name, Kind: engine.KindStream, Origin: OriginConfig, Stream: &sp, State: engine.StateFailed,
		LastErr: &engine.Error{Message: msg}}
	r := RowOf(st)
	r.State, r.NotRunning, r.CanStart, r.CanStop = "not running", true, true, false
	if !ok {
		r.Error = msg
	}
	return r
}

// NewStreams makes an empty map.
func NewStreams() *Streams { return &Streams{all: map[string]engine.Status{}} }

// Apply takes one event and says whether the set of names changed (rows added or removed; a
// window rebuilds its list then, and updates rows in place otherwise).
func (s *Streams) Apply(ev engine.Event) (namesChanged bool) {
	switch {
	case ev.Type == engine.EventSnapshot:
		old := s.names()
		s.all = map[string]engine.Status{}
		for _, st := range ev.Snapshot {
			s.all[st.Name] = st
		}
		return strings.Join(old, "\x00") != strings.Join(s.names(), "\x00")
	case ev.Type == engine.EventRemoved:
		_, had := s.all[ev.Name]
		delete(s.all, ev.Name)
		return had
	case ev.Status != nil:
		_, had := s.all[ev.Status.Name]
		s.all[ev.Status.Name] = *ev.Status
		return !had
	}
	return false
}

// Get is one work's status.
func (s *Streams) Get(name string) (engine.Status, bool) {
	st, ok := s.all[name]
	return st, ok
}

func (s *Streams) names() []string {
	out := make([]string, 0, len(s.all))
	for n := range s.all {
		out = append(out, n)
	}
	for _, e := range s.entries {
		if _, ok := s.all[e.Name]; !ok {
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Rows are the rows of one kind, by name.
func (s *Streams) Rows(kind engine.Kind) []Row {
	var out []Row
	for _, n := range s.names() {
		st, ok := s.all[n]
		if !ok {
			if kind == engine.KindStream {
				for _, e := range s.entries {
					if e.Name == n {
						out = append(out, s.notRunning(e))
					}
				}
			}
			continue
		}
		if st.Kind == kind || (kind == engine.KindStream && st.Kind == "" && st.View == nil) {
			out = append(out, RowOf(st))
		}
	}
	return out
}

// Summary is the one-line count the window shows: "2 streams, 1 playing · 1 view".
func (s *Streams) Summary() string {
	streams, playing, views, failing := 0, 0, 0, 0
	for _, st := range s.all {
		if st.Kind == engine.KindView {
			views++
			continue
		}
		streams++
		if st.State == engine.StatePlaying {
			playing++
		}
		if st.State == engine.StateFailed || st.State == engine.StateRetrying {
			failing++
		}
	}
	for _, e := range s.entries {
		if _, ok := s.all[e.Name]; !ok {
			streams++
			failing++
		}
	}
	t := fmt.Sprintf("%s, %d playing", plural(streams, "stream"), playing)
	if failing > 0 {
		t += fmt.Sprintf(", %d with errors", failing)
	}
	return t + " · " + plural(views, "view")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func roundDur(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}
