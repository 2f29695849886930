package platform

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

var timeNow = time.Now

func sinceMS(t time.Time) int64 { return time.Since(t).Milliseconds() }

// stream is one running pipeline and the watchers of its events.
type stream struct {
	id   string
	plan pluginapi.Plan
	run  *gstreamer.Running

	mu       sync.Mutex
	watchers map[chan pluginapi.Event]struct{}
	last     pluginapi.Event // last state event, replayed to new watchers
	stats    *pluginapi.Stats
	ended    bool
}

func (s *stream) publish(ev pluginapi.Event) {
	ev.ID = s.id
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Type == pluginapi.EventStats {
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
func (p *Platform) plan(ctx context.Context, s *spec.StreamSpec) (pipeline.Graph, pluginapi.Plan, error) {
	if s == nil {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("no stream spec: %w", pluginapi.ErrInvalidSpec)
	}
	if err := s.Validate(); err != nil {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	if !p.supportsKind(s.Source.Kind) {
		return pipeline.Graph{}, pluginapi.Plan{}, fmt.Errorf("%s sources are not supported by the %s plugin: %w", s.Source.Kind, p.cfg.Profile.Name, pluginapi.ErrUnsupported)
	}
	if err := checkSource(s.Source); err != nil {
		return pipeline.Graph{}, pluginapi.Plan{}, err
	}
	var opts pipeline.StreamOptions
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
		opts.Encoder, plan.Encoder, plan.Encoders = enc, enc, list
	}
	g, err := pipeline.BuildStream(*s, p.cfg.Profile, opts)
	if err != nil {
		return pipeline.Graph{}, plan, fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec)
	}
	plan.Launch = g.LaunchLine()
	return g, plan, nil
}

func (p *Platform) supportsKind(k spec.SourceKind) bool {
	for _, s := range p.cfg.SourceKinds {
		if s == k {
			return true
		}
	}
	return false
}

// StartStream plans, builds and plays a stream.
func (p *Platform) StartStream(ctx context.Context, s *spec.StreamSpec) (*pluginapi.Started, error) {
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
	run, err := gstreamer.Start(ctx, g, gstreamer.RunOptions{
		Name: id, Stamp: s.Source.Stamp, Loop: s.Source.Loop, OnEvent: st.publish,
	})
	if err != nil {
		p.mu.Lock()
		delete(p.streams, id)
		p.mu.Unlock()
		return nil, fmt.Errorf("start %s: %w", s.Source.Redacted(), err)
	}
	st.run = run
	p.log.Info("stream playing", "id", id, "source", s.Source.Redacted(), "output", s.Output.URI, "encoder", plan.Encoder)
	return &pluginapi.Started{ID: id, Plan: plan}, nil
}

func (p *Platform) get(id string) (*stream, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.streams[id]
	if !ok || st.run == nil {
		return nil, fmt.Errorf("stream %q: %w", id, pluginapi.ErrNotFound)
	}
	return st, nil
}

// Stop ends a stream (EOS, then NULL) and forgets it.
func (p *Platform) Stop(ctx context.Context, id string) error {
	st, err := p.get(id)
	if err != nil {
		return err
	}
	st.run.Stop(2 * time.Second)
	p.mu.Lock()
	delete(p.streams, id)
	p.mu.Unlock()
	p.log.Info("stream stopped", "id", id)
	return nil
}

// Watch sends the stream's current state, then its events as they happen.
func (p *Platform) Watch(ctx context.Context, id string) (<-chan pluginapi.Event, error) {
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

// Pipeline returns the launch line of a running stream, or plans a spec without running it.
func (p *Platform) Pipeline(ctx context.Context, id string, s *spec.StreamSpec) (*pluginapi.Plan, error) {
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

// StopAll stops every stream; plugins call it when the host goes away.
func (p *Platform) StopAll() {
	p.mu.Lock()
	ids := make([]string, 0, len(p.streams))
	for id := range p.streams {
		ids = append(ids, id)
	}
	p.mu.Unlock()
	for _, id := range ids {
		_ = p.Stop(context.Background(), id)
	}
}
