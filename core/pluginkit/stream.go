package pluginkit

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/gstreamer/rtspserver"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

var timeNow = time.Now

func sinceMS(t time.Time) int64 { return time.Since(t).Milliseconds() }

// stream is one running pipeline and the watchers of its events.
type stream struct {
	id string
	// plan is what Pipeline(id) answers: for a stream its launch line and encoder choice, for a
	// view its launch line only (its decoder choice was answered by StartView, in ViewStarted).
	plan pluginapi.Plan
	run  *gstreamer.Running
	view *gstreamer.View // views: run is view.Running(); stopping the view also closes its ring

	mu       sync.Mutex
	watchers map[chan pluginapi.Event]struct{}
	last     pluginapi.Event // last state event, replayed to new watchers
	stats    *pluginapi.Stats
	ended    bool

	serve  *spec.Output  // the RTSP mount this stream serves, if any
	quit   chan struct{} // publish mounts: closed by Stop
	mountw *mountWatch   // the served mount's sessions and counters (sessions.go)
}

func (s *stream) publish(ev pluginapi.Event) {
	ev.ID = s.id
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Type == pluginapi.EventStats {
		if s.mountw != nil {
			ev.Stats = s.mountw.addTo(ev.Stats)
		}
		s.stats = ev.Stats
	} else if ev.State != "" {
		s.last = ev
	}
	for w := range s.watchers {
		select {
		case w <- ev:
		default: // a slow watcher loses events rather than stalling the pipeline's bus
		}
	}
	if ev.Type == pluginapi.EventError || ev.Type == pluginapi.EventEOS || ev.State == pluginapi.StateStopped {
		s.ended = true
		for w := range s.watchers {
			close(w)
		}
		s.watchers = map[chan pluginapi.Event]struct{}{}
	}
}

// plan resolves everything a spec needs before it can be built: validation, checks on the
// source, file inspection, encoder choice. It starts nothing.
func (p *Plugin) plan(ctx context.Context, s *spec.StreamSpec) (pipeline.Graph, pluginapi.Plan, error) {
	if s == nil {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("no stream spec: %w", pluginapi.ErrInvalidSpec)
	}
	if err := s.Validate(); err != nil {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	if !p.supportsKind(s.Source.Kind) {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("%s sources are not supported by the %s plugin: %w", s.Source.Kind, p.prof.Name, pluginapi.ErrUnsupported)
	}
	if err := p.checkSource(ctx, s.Source); err != nil {
		return pipeline.Graph{}, pluginapi.Plan{}, err
	}
	if s.Source.Kind == spec.SourcePublish {
		// No pipeline: the mount's media is fed by whoever publishes to it.
		return pipeline.Graph{}, pluginapi.Plan{Launch: "# no pipeline: RTSP publishers feed mount /" + s.Output.Mount}, nil
	}
	cp := *s // controls are resolved into the copy; the caller's spec is left as it was
	cp.Source.Controls = append([]spec.Control(nil), s.Source.Controls...)
	if err := p.resolveControls(ctx, &cp.Source); err != nil {
		return pipeline.Graph{}, pluginapi.Plan{}, err
	}
	s = &cp
	var opts pipeline.StreamOptions
	if s.Source.Format == "MJPG" {
		dec, err := p.jpegDecoder(ctx)
		if err != nil {
			return pipeline.Graph{}, pluginapi.Plan{}, err
		}
		opts.JPEGDecoder = dec
	}
	if s.Source.Kind == spec.SourceFile {
		codec, err := gstreamer.FileVideoCodec(s.Source.Path)
		if err != nil {
			return pipeline.Graph{}, pluginapi.Plan{}, err
		}
		opts.FileCodec = codec
	}
	var plan pluginapi.Plan
	if pipeline.NeedsEncoder(*s, opts.FileCodec) {
		enc, list, err := p.chooseEncoder(ctx, s.Encoding.WithDefaults())
		if err != nil {
			return pipeline.Graph{}, pluginapi.Plan{Encoders: list}, err
		}
		p.noteSoftwareFallback(enc, list)
		opts.Encoder, plan.Encoder, plan.Encoders = enc, enc, list
	}
	g, err := pipeline.BuildStream(*s, p.prof, opts)
	if err != nil {
		return pipeline.Graph{}, plan, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	plan.Launch = g.LaunchLine()
	return g, plan, nil
}

func (p *Plugin) supportsKind(k spec.SourceKind) bool {
	for _, s := range p.prof.SourceKinds {
		if s == k {
			return true
		}
	}
	return false
}

// StartStream plans, builds and plays a stream. A served stream returns once its RTSP mount
// is prepared, so the URL it reports plays at once.
func (p *Plugin) StartStream(ctx context.Context, s *spec.StreamSpec) (*pluginapi.Started, error) {
	g, plan, err := p.plan(ctx, s)
	if err != nil {
		return nil, err
	}
	if err := checkPort(s.Source); err != nil {
		return nil, err
	}
	id := "s" + strconv.FormatUint(p.nextID.Add(1), 10)
	st := &stream{id: id, plan: plan, watchers: map[chan pluginapi.Event]struct{}{}}
	p.mu.Lock()
	p.streams[id] = st
	p.mu.Unlock()
	forget := func() {
		p.mu.Lock()
		delete(p.streams, id)
		p.mu.Unlock()
	}
	started := &pluginapi.Started{ID: id, Plan: plan}
	var mount *rtspserver.Mount
	if s.Output.Kind == spec.OutputServe {
		var srv *rtspserver.Server
		var created bool
		srv, mount, created, err = p.rtsp.acquire(id, s.Output, s.Source.Kind == spec.SourcePublish, graphCodec(g))
		if err != nil {
			forget()
			return nil, fmt.Errorf("serve %s: %w", s.Output.Mount, err)
		}
		out := s.Output
		st.serve = &out
		st.mountw = p.watchMount(st, mount)
		started.URL = s.Output.ServeURL("127.0.0.1", srv.Port())
		defer func() { // err is StartStream's: a mount made for a stream that failed goes
			if created && err != nil {
				p.rtsp.release(id, s.Output)
			}
		}()
	}
	if s.Source.Kind == spec.SourcePublish {
		p.startPublishMount(st, mount, started.URL)
		return started, nil
	}
	onEvent := st.publish
	switch s.Source.Kind {
	case spec.SourceRTSP:
		onEvent = eosIsDropout(st.publish)
	case spec.SourceFD:
		onEvent = pipeClosed(st.publish)
	}
	opts := gstreamer.RunOptions{Name: id, Stamp: s.Source.Stamp, Loop: s.Source.Loop, OnEvent: onEvent}
	if err = prepareRawFrames(s.Source, &g, &opts); err != nil {
		forget()
		return nil, err
	}
	if mount != nil { // a nil *rtspserver.Mount would make a non-nil SinkFeed
		opts.Serve = mount
	}
	run, err := gstreamer.Start(ctx, g, opts)
	if err != nil {
		forget()
		return nil, fmt.Errorf("start %s: %w", s.Source.Redacted(), err)
	}
	st.run = run
	if mount != nil {
		ready := make(chan struct{})
		go p.keepPrepared(id, mount, run, ready)
		select { // most sources flow at once: report the URL once a reader is served at once
		case <-ready:
		case <-time.After(prepareWait):
		}
	}
	p.log.Info("stream playing", "id", id, "source", s.Source.Redacted(), "output", outputText(s.Output, started.URL), "encoder", plan.Encoder)
	return started, nil
}

// eosIsDropout turns the end of an RTSP source's stream into an error: a camera that reboots
// or a server that restarts ends its stream, and a relay is expected to reconnect, not to end.
func eosIsDropout(publish func(pluginapi.Event)) func(pluginapi.Event) {
	return func(ev pluginapi.Event) {
		if ev.Type == pluginapi.EventEOS {
			ev = pluginapi.Event{Type: pluginapi.EventError, State: pluginapi.StateFailed, Time: ev.Time,
				Message: "the RTSP server ended the stream", Reason: "PIPELINE"}
		}
		publish(ev)
	}
}

// prepareWait bounds how long StartStream waits for a served source's first frames before it
// returns the URL anyway (an RTP sender that has not started yet, a slow camera).
const prepareWait = 3 * time.Second

// keepPrepared prepares a mount's shared media once its source delivers (a live media prerolls
// on its first frame; preparing before that would block for gst-rtsp-server's whole preroll
// timeout), so readers find it ready, and tries again while the stream runs if that fails.
// ready is closed once the media is prepared.
func (p *Plugin) keepPrepared(id string, m *rtspserver.Mount, run *gstreamer.Running, ready chan struct{}) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-run.Done():
			return
		case <-tick.C:
		}
		if m.Stats().FramesIn == 0 {
			continue
		}
		if err := m.Prepare(); err != nil {
			p.log.Warn("mount not prepared yet; trying again", "id", id, "err", err)
			select {
			case <-run.Done():
				return
			case <-time.After(time.Second):
			}
			continue
		}
		close(ready)
		return
	}
}

// outputText names an output for logs, credentials masked.
func outputText(o spec.Output, url string) string {
	switch o.Kind {
	case spec.OutputServe:
		return url
	case spec.OutputPublish:
		return spec.RedactURI(o.URI)
	}
	return o.URI
}

// startPublishMount runs a mount fed by RTSP publishers: no pipeline, only its state and the
// frames publishers bring, as stats, until Stop.
func (p *Plugin) startPublishMount(st *stream, m *rtspserver.Mount, url string) {
	st.quit = make(chan struct{})
	st.publish(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StatePlaying, Time: timeNow(),
		Message: "waiting for publishers at " + url})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		var last uint64
		for {
			select {
			case <-st.quit:
				return
			case <-t.C:
				ms := m.Stats()
				st.publish(pluginapi.Event{Type: pluginapi.EventStats, Time: timeNow(),
					Stats: &pluginapi.Stats{Frames: ms.FramesIn, FPS: float64(ms.FramesIn - last)}})
				last = ms.FramesIn
			}
		}
	}()
	p.log.Info("publish mount ready", "id", st.id, "url", url)
}

// streamEnded reports whether a stream's pipeline is gone: unknown, failed or finished.
func (p *Plugin) streamEnded(id string) bool {
	p.mu.Lock()
	st, ok := p.streams[id]
	p.mu.Unlock()
	if !ok {
		return true
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.ended
}

func (p *Plugin) get(id string) (*stream, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.streams[id]
	if !ok || (st.run == nil && st.quit == nil) {
		return nil, fmt.Errorf("stream %q: %w", id, pluginapi.ErrNotFound)
	}
	return st, nil
}

// Stop ends a stream (EOS, then NULL) and forgets it.
func (p *Plugin) Stop(ctx context.Context, id string) error {
	st, err := p.get(id)
	if err != nil {
		return err
	}
	switch {
	case st.view != nil:
		st.view.Stop(2 * time.Second)
	case st.run != nil:
		st.run.Stop(2 * time.Second)
	}
	if st.quit != nil {
		close(st.quit)
		st.publish(pluginapi.Event{Type: pluginapi.EventState, State: pluginapi.StateStopped, Time: timeNow()})
	}
	p.mu.Lock()
	delete(p.streams, id)
	p.mu.Unlock()
	if st.serve != nil {
		p.rtsp.release(id, *st.serve)
	}
	p.log.Info("stream stopped", "id", id)
	return nil
}

// Watch sends the stream's current state, then its events as they happen.
func (p *Plugin) Watch(ctx context.Context, id string) (<-chan pluginapi.Event, error) {
	st, err := p.get(id)
	if err != nil {
		return nil, err
	}
	ch := make(chan pluginapi.Event, 64)
	out := make(chan pluginapi.Event)
	st.mu.Lock()
	last, ended := st.last, st.ended
	if !ended {
		st.watchers[ch] = struct{}{}
	}
	st.mu.Unlock()
	go func() {
		defer close(out)
		defer func() {
			st.mu.Lock()
			if _, ok := st.watchers[ch]; ok {
				delete(st.watchers, ch)
				close(ch)
			}
			st.mu.Unlock()
		}()
		if last.ID != "" {
			select {
			case out <- last:
			case <-ctx.Done():
				return
			}
		}
		if ended {
			return
		}
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					return
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// Pipeline returns the launch line of a running stream (with its encoder choice) or view (the
// launch line alone: a view has no encoder, and its decoder choice is in ViewStarted), or plans
// a stream spec without running it.
func (p *Plugin) Pipeline(ctx context.Context, id string, s *spec.StreamSpec) (*pluginapi.Plan, error) {
	if id != "" {
		st, err := p.get(id)
		if err != nil {
			return nil, err
		}
		plan := st.plan
		return &plan, nil
	}
	_, plan, err := p.plan(ctx, s)
	if err != nil {
		return nil, err
	}
	return &plan, nil
}

// StopAll stops every stream and view (EOS, then NULL; the views' frame rings removed) and the
// RTSP servers; plugins call it when the host goes away. Calls are serialised, so a second
// caller (a SIGTERM racing the host's exit) returns only once everything is stopped.
func (p *Plugin) StopAll() {
	p.stopMu.Lock()
	defer p.stopMu.Unlock()
	p.mu.Lock()
	ids := make([]string, 0, len(p.streams))
	for id := range p.streams {
		ids = append(ids, id)
	}
	p.mu.Unlock()
	for _, id := range ids {
		_ = p.Stop(context.Background(), id)
	}
	p.rtsp.closeAll()
}
