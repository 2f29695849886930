package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Server is the control API over HTTP+JSON: the Backend, endpoint by endpoint (docs/API.md,
// docs/openapi.yaml). Listeners are the caller's (a Unix socket whose file permissions are the
// access control, or loopback TCP with Token).
type Server struct {
	Backend Backend
	// Token, when set, must come as "Authorization: Bearer TOKEN" on every request except those
	// the listener marks trusted (see Handler).
	Token string
	// RTSP is the daemon's RTSP server: served streams that name no server of their own go on it.
	RTSP spec.RTSPServer
	// NoViews refuses views: a system service's frame rings are not the calling user's to map.
	NoViews bool
	// Metrics serves /metrics; nil answers 404.
	Metrics http.Handler
	Log     *slog.Logger
}

// Routes are the API's endpoints; the OpenAPI test checks this list against docs/openapi.yaml.
func (s *Server) routes() map[string]http.HandlerFunc {
	v := APIVersion
	return map[string]http.HandlerFunc{
		"GET " + v + "/about":                           s.about,
		"GET " + v + "/streams":                         s.list(engine.KindStream),
		"POST " + v + "/streams":                        s.addStream,
		"GET " + v + "/streams/{name}":                  s.get(engine.KindStream),
		"PATCH " + v + "/streams/{name}":                s.patch(engine.KindStream),
		"DELETE " + v + "/streams/{name}":               s.remove(engine.KindStream),
		"POST " + v + "/streams/{name}/start":           s.start,
		"POST " + v + "/streams/{name}/stop":            s.stop,
		"GET " + v + "/streams/{name}/sessions":         s.sessions,
		"DELETE " + v + "/streams/{name}/sessions/{id}": s.kick,
		"GET " + v + "/views":                           s.list(engine.KindView),
		"POST " + v + "/views":                          s.addView,
		"GET " + v + "/views/{name}":                    s.get(engine.KindView),
		"DELETE " + v + "/views/{name}":                 s.remove(engine.KindView),
		"POST " + v + "/plan":                           s.plan,
		"GET " + v + "/plugins":                         s.plugins,
		"POST " + v + "/plugins/{name}/restart":         s.restartPlugin,
		"GET " + v + "/devices":                         s.devices,
		"GET " + v + "/probe":                           s.probe,
		"GET " + v + "/config":                          s.config,
		"PUT " + v + "/config":                          s.putConfig,
		"GET " + v + "/events":                          s.events,
		"GET " + v + "/logs":                            s.logs,
		"GET /metrics":                                  s.metrics,
	}
}

// Routes lists the endpoints as "METHOD /path" patterns.
func (s *Server) Routes() []string {
	var out []string
	for r := range s.routes() {
		out = append(out, r)
	}
	return out
}

// Handler is the API's handler. trusted requests (a Unix socket, whose permissions already
// decided who may connect) need no token.
func (s *Server) Handler(trusted bool) http.Handler {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	for pattern, h := range s.routes() {
		mux.HandleFunc(pattern, h)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, fmt.Errorf("no endpoint %s %s (see docs/API.md): %w", r.Method, r.URL.Path, pluginapi.ErrNotFound))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !trusted && s.Token != "" && !tokenOK(r, s.Token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gstcast"`)
			writeError(w, fmt.Errorf("%w: send Authorization: Bearer <the token in %s>", errUnauthorized, "the daemon's api-token file"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		mux.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeJSON(w, http.StatusRequestEntityTooLarge, WireError{Error: fmt.Sprintf("request body over %d bytes", mbe.Limit), Reason: "TOO_LARGE"})
		return
	}
	writeJSON(w, statusOf(err), wireOf(err))
}

// decode reads a JSON body strictly: an unknown field or a wrong type names the field.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			return &FieldError{Err: fmt.Errorf("one JSON value only: %w", pluginapi.ErrInvalidSpec)}
		}
		return nil
	}
	var mbe *http.MaxBytesError
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &te):
		return &FieldError{Field: strings.TrimPrefix(te.Field, "Request."), Err: fmt.Errorf("want %s, got JSON %s: %w", te.Type, te.Value, pluginapi.ErrInvalidSpec)}
	case errors.As(err, &se):
		return &FieldError{Err: fmt.Errorf("malformed JSON at byte %d: %v: %w", se.Offset, se, pluginapi.ErrInvalidSpec)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{Err: fmt.Errorf("malformed JSON: the body ends in the middle of a value: %w", pluginapi.ErrInvalidSpec)}
	case errors.Is(err, io.EOF):
		return &FieldError{Err: fmt.Errorf("empty body: a JSON object is needed: %w", pluginapi.ErrInvalidSpec)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &FieldError{Field: f, Err: fmt.Errorf("unknown field: %w", pluginapi.ErrInvalidSpec)}
	}
	return &FieldError{Err: fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)}
}

func (s *Server) about(w http.ResponseWriter, r *http.Request) {
	a, err := s.Backend.About(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) list(kind engine.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		all, err := s.Backend.List(r.Context())
		if err != nil {
			writeError(w, err)
			return
		}
		out := []engine.Status{}
		for _, st := range all {
			if st.Kind == kind {
				out = append(out, st)
			}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// getKind finds name and checks it is of kind (a view is not at /streams/NAME).
func (s *Server) getKind(ctx context.Context, name string, kind engine.Kind) (engine.Status, error) {
	st, err := s.Backend.Get(ctx, name)
	if err == nil && st.Kind != kind {
		err = fmt.Errorf("%q is a %s, not a %s: %w", name, st.Kind, kind, pluginapi.ErrNotFound)
	}
	return st, err
}

func (s *Server) get(kind engine.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := s.getKind(r.Context(), r.PathValue("name"), kind)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	}
}

// StreamBody is the body of POST /streams: the short form (a spec.Request: URIs and settings)
// or the long form (a whole spec, as GET answers it).
type StreamBody struct {
	spec.Request
	Origin string           `json:"origin,omitempty"`
	Stream *spec.StreamSpec `json:"stream,omitempty"`
}

func (s *Server) streamWork(r *http.Request) (engine.Work, error) {
	var b StreamBody
	if err := decode(r, &b); err != nil {
		return engine.Work{}, err
	}
	w := engine.Work{Name: b.Name, Origin: b.Origin, Stream: b.Stream}
	if w.Origin == "" {
		w.Origin = "api"
	}
	if b.Stream == nil {
		st, err := b.Request.Spec(s.RTSP)
		if err != nil {
			return engine.Work{}, requestError(err)
		}
		w.Stream = &st
	} else if b.Request.Source != "" || b.Request.To != "" || b.Request.Serve != "" {
		return engine.Work{}, &FieldError{Field: "stream", Err: fmt.Errorf("give a stream spec or source/to/serve, not both: %w", pluginapi.ErrInvalidSpec)}
	}
	if w.Stream.Output.Kind == spec.OutputServe && w.Stream.Output.Server.Port == 0 {
		w.Stream.Output.Server = s.RTSP // the daemon's server, unless the client named another
	}
	if w.Name == "" && w.Stream.Output.Kind == spec.OutputServe {
		w.Name = w.Stream.Output.Mount
	}
	return w, nil
}

// requestError turns a spec parse error into a field error naming the request's field.
func requestError(err error) error {
	var se *spec.Error
	field := ""
	if errors.As(err, &se) {
		switch {
		case strings.HasPrefix(se.What, "source"):
			field = "source"
		case strings.HasPrefix(se.What, "output"):
			field = "to"
		default:
			field = se.Part
		}
	}
	if errors.Is(err, spec.ErrNoDestination) {
		field = "to"
	}
	return &FieldError{Field: field, Err: fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)}
}

func (s *Server) addStream(w http.ResponseWriter, r *http.Request) {
	work, err := s.streamWork(r)
	if err != nil {
		writeError(w, err)
		return
	}
	st, err := s.Backend.Add(r.Context(), work)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, st)
}

// ViewBody is the body of POST /views.
type ViewBody struct {
	Name   string `json:"name,omitempty"`
	Origin string `json:"origin,omitempty"`
	// Source is an rtsp://, rtp:// or file:// URI (short form); View a whole spec (long form).
	Source    string         `json:"source,omitempty"`
	LatencyMS int            `json:"latency_ms,omitempty"`
	Transport string         `json:"transport,omitempty"`
	Decoder   string         `json:"decoder,omitempty"`
	Hardware  string         `json:"hardware,omitempty"`
	View      *spec.ViewSpec `json:"view,omitempty"`
}

func (s *Server) addView(w http.ResponseWriter, r *http.Request) {
	if s.NoViews {
		writeJSON(w, http.StatusForbidden, WireError{Reason: "UNSUPPORTED",
			Error: "views run in the viewing user's own engine: a system service's frame rings are not yours to map (gstcast view starts its own)"})
		return
	}
	var b ViewBody
	if err := decode(r, &b); err != nil {
		writeError(w, err)
		return
	}
	v := b.View
	if v == nil {
		src, err := spec.ParseSource(b.Source)
		if err != nil {
			writeError(w, requestError(err))
			return
		}
		if b.LatencyMS > 0 {
			src.LatencyMS = b.LatencyMS
		}
		if b.Transport != "" {
			src.Transport = strings.ToLower(b.Transport)
		}
		hw, err := spec.ParseHWPreference(b.Hardware)
		if err != nil {
			writeError(w, requestError(err))
			return
		}
		v = &spec.ViewSpec{Name: b.Name, Source: src, Decoder: b.Decoder, Hardware: hw}
	}
	origin := b.Origin
	if origin == "" {
		origin = "api"
	}
	st, err := s.Backend.Add(r.Context(), engine.Work{Name: b.Name, Origin: origin, View: v})
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, st)
}

// patch applies a JSON merge patch (RFC 7386) to a stream's spec, as GET shows it, and
// restarts the stream only if the spec changed. Masked secrets keep their values.
func (s *Server) patch(kind engine.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		cur, err := s.getKind(r.Context(), name, kind)
		if err != nil {
			writeError(w, err)
			return
		}
		var p map[string]any
		if err := decode(r, &p); err != nil {
			writeError(w, err)
			return
		}
		doc, _ := json.Marshal(cur.Stream)
		var m map[string]any
		_ = json.Unmarshal(doc, &m)
		merged, _ := json.Marshal(mergePatch(m, p))
		var next spec.StreamSpec
		dec := json.NewDecoder(strings.NewReader(string(merged)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&next); err != nil {
			writeError(w, &FieldError{Err: fmt.Errorf("patch: %v: %w", err, pluginapi.ErrInvalidSpec)})
			return
		}
		st, err := s.Backend.Replace(r.Context(), engine.Work{Name: name, Origin: cur.Origin, Stream: &next})
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, st)
	}
}

// mergePatch is RFC 7386: objects merge, null deletes, anything else replaces.
func mergePatch(doc map[string]any, patch map[string]any) map[string]any {
	if doc == nil {
		doc = map[string]any{}
	}
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(doc, k)
		case map[string]any:
			dv, _ := doc[k].(map[string]any)
			doc[k] = mergePatch(dv, pv)
		default:
			doc[k] = v
		}
	}
	return doc
}

func (s *Server) remove(kind engine.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if _, err := s.getKind(r.Context(), name, kind); err != nil {
			writeError(w, err)
			return
		}
		if err := s.Backend.Remove(r.Context(), name); err != nil {
			writeError(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, err := s.getKind(r.Context(), name, engine.KindStream); err != nil {
		writeError(w, err)
		return
	}
	st, err := s.Backend.Start(r.Context(), name)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) stop(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, err := s.getKind(r.Context(), name, engine.KindStream); err != nil {
		writeError(w, err)
		return
	}
	if err := s.Backend.Stop(r.Context(), name); err != nil {
		writeError(w, err)
		return
	}
	st, err := s.Backend.Get(r.Context(), name)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) plan(w http.ResponseWriter, r *http.Request) {
	work, err := s.streamWork(r)
	if err != nil {
		writeError(w, err)
		return
	}
	p, err := s.Backend.Plan(r.Context(), *work.Stream)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) plugins(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Backend.Plugins(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	if ps == nil {
		ps = []engine.PluginStatus{}
	}
	writeJSON(w, http.StatusOK, ps)
}

func (s *Server) restartPlugin(w http.ResponseWriter, r *http.Request) {
	if err := s.Backend.RestartPlugin(r.Context(), r.PathValue("name")); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// devices answers the current list as one JSON array; with ?follow=1 it streams events (SSE).
func (s *Server) devices(w http.ResponseWriter, r *http.Request) {
	follow := r.URL.Query().Get("follow") == "1" || r.URL.Query().Get("follow") == "true"
	ch, err := s.Backend.Devices(r.Context(), follow)
	if err != nil {
		writeError(w, err)
		return
	}
	if follow {
		sse := newSSE(w)
		for ev := range ch {
			if !sse.send("device", ev) {
				return
			}
		}
		return
	}
	out := []engine.DeviceEvent{}
	for ev := range ch {
		out = append(out, ev)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) probe(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	hw, err := spec.ParseHWPreference(q.Get("hardware"))
	if err != nil {
		writeError(w, &FieldError{Field: "hardware", Err: fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)})
		return
	}
	res, err := s.Backend.Probe(r.Context(), q.Get("plugin"), q.Get("device"), hw)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) config(w http.ResponseWriter, r *http.Request) {
	c, err := s.Backend.Config(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// ConfigBody is the body of PUT /config (a raw YAML body is taken too).
type ConfigBody struct {
	Text string `json:"text"`
}

func (s *Server) putConfig(w http.ResponseWriter, r *http.Request) {
	var text string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var b ConfigBody
		if err := decode(r, &b); err != nil {
			writeError(w, err)
			return
		}
		text = b.Text
	} else {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			writeError(w, err)
			return
		}
		text = string(raw)
	}
	res, err := s.Backend.PutConfig(r.Context(), text)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// events streams the engine's events as server-sent events, starting with a snapshot. Work
// named in ?hold= (of origin cli) is removed when the stream ends: a CLI's Ctrl-C, or its death.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if held := r.URL.Query()["hold"]; len(held) > 0 {
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			for _, name := range held {
				if st, err := s.Backend.Get(ctx, name); err == nil && st.Origin == OriginCLI {
					s.Log.Info("removing what a client held; its connection ended", "name", name)
					_ = s.Backend.Remove(ctx, name)
				}
			}
		}()
	}
	ch, err := s.Backend.Watch(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	sse := newSSE(w)
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return
			}
			if !sse.send(string(ev.Type), ev) {
				return
			}
		case <-ping.C:
			if !sse.comment("ping") {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}

func (s *Server) logs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	last := 100
	if v := q.Get("last"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, &FieldError{Field: "last", Err: fmt.Errorf("want a count of lines, got %q: %w", v, pluginapi.ErrInvalidSpec)})
			return
		}
		last = n
	}
	follow := q.Get("follow") == "1" || q.Get("follow") == "true"
	ch, err := s.Backend.Logs(r.Context(), last, follow)
	if err != nil {
		writeError(w, err)
		return
	}
	sse := newSSE(w)
	for line := range ch {
		if !sse.send("log", line) {
			return
		}
	}
}

func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.Metrics == nil {
		writeError(w, fmt.Errorf("this engine has no metrics: %w", pluginapi.ErrNotFound))
		return
	}
	s.Metrics.ServeHTTP(w, r)
}

// sessions lists a served stream's RTSP readers and publishers.
func (s *Server) sessions(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, err := s.getKind(r.Context(), name, engine.KindStream); err != nil {
		writeError(w, err)
		return
	}
	ss, err := s.Backend.Sessions(r.Context(), name)
	if err != nil {
		writeError(w, err)
		return
	}
	if ss == nil {
		ss = []pluginapi.Session{}
	}
	writeJSON(w, http.StatusOK, ss)
}

// kick closes one session's connection.
func (s *Server) kick(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if _, err := s.getKind(r.Context(), name, engine.KindStream); err != nil {
		writeError(w, err)
		return
	}
	if err := s.Backend.Kick(r.Context(), name, r.PathValue("id")); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
