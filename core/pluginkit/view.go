package pluginkit

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// StartView receives and decodes a stream into a new shared-memory frame ring and returns once
// the pipeline plays; the host opens the ring by the name returned. The view lives in the same
// table as streams, so Stop, Watch and Pipeline(id) work on it; Stop (and StopAll) removes the
// ring, and so does the end of the pipeline. For an RTSP source the end of stream is reported as
// a dropout (an error), so the host reconnects instead of closing the window.
func (p *Plugin) StartView(ctx context.Context, v *spec.ViewSpec) (*pluginapi.ViewStarted, error) {
	p.sweepOnce.Do(func() {
		if n := framering.Sweep(gstreamer.RingPrefix); n > 0 {
			p.log.Info("removed frame rings left by plugin processes that died", "rings", n)
		}
	})
	g, plan, err := p.planView(ctx, v)
	if err != nil {
		return nil, err
	}
	if err := checkPort(v.Source); err != nil {
		return nil, err
	}
	id := "v" + strconv.FormatUint(p.nextID.Add(1), 10)
	// A view encodes nothing: what Pipeline(id) answers for it is its launch line alone.
	st := &stream{id: id, plan: pluginapi.Plan{Launch: plan.launch}, watchers: map[chan pluginapi.Event]struct{}{}}
	p.mu.Lock()
	p.streams[id] = st
	p.mu.Unlock()
	onEvent := st.publish
	if v.Source.Kind == spec.SourceRTSP {
		onEvent = eosIsDropout(st.publish)
	}
	view, err := gstreamer.StartView(ctx, g, gstreamer.ViewOptions{Name: id, Loop: v.Source.Loop, OnEvent: onEvent})
	if err != nil {
		p.mu.Lock()
		delete(p.streams, id)
		p.mu.Unlock()
		return nil, fmt.Errorf("start view of %s: %w", v.Source.Redacted(), err)
	}
	st.run, st.view = view.Running(), view
	p.log.Info("view playing", "id", id, "name", v.Name, "source", v.Source.Redacted(), "decoder", plan.decoder, "ring", view.Ring())
	return &pluginapi.ViewStarted{ID: id, Ring: view.Ring(), Decoder: plan.decoder, Hardware: plan.hardware,
		Decoders: plan.decoders, Launch: plan.launch}, nil
}

// viewPlan is what a view needs decided before it is built.
type viewPlan struct {
	launch   string // gst-launch-1.0 line, credentials masked
	decoder  string // the decoder element chosen (decodebin for files that do not hold H.264)
	hardware bool   // whether the decoder is a hardware one
	decoders []pluginapi.ElementStatus
}

// planView resolves what a view needs before it can be built: validation, checks on the
// source, the file's codec and the decoder, with every candidate decoder's test result. It
// starts nothing.
func (p *Plugin) planView(ctx context.Context, v *spec.ViewSpec) (pipeline.Graph, viewPlan, error) {
	fail := func(err error) (pipeline.Graph, viewPlan, error) {
		return pipeline.Graph{}, viewPlan{}, err
	}
	if v == nil {
		return fail(fmt.Errorf("no view spec: %w", pluginapi.ErrInvalidSpec))
	}
	if err := v.Validate(); err != nil {
		return fail(fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec))
	}
	if !p.supportsKind(v.Source.Kind) {
		return fail(fmt.Errorf("%s sources are not supported by the %s plugin: %w", v.Source.Kind, p.prof.Name, pluginapi.ErrUnsupported))
	}
	if err := p.checkSource(ctx, v.Source); err != nil {
		return fail(err)
	}
	var opts pipeline.ViewOptions
	var plan viewPlan
	if v.Source.Kind == spec.SourceFile {
		codec, err := gstreamer.FileVideoCodec(v.Source.Path)
		if err != nil {
			return fail(err)
		}
		opts.FileCodec = codec
	}
	if v.Source.Kind == spec.SourceFile && opts.FileCodec != "h264" {
		// Only H.264 has a probed decoder; decodebin picks one for anything else by rank.
		plan.decoder = pipeline.FileDecoder
		plan.decoders = []pluginapi.ElementStatus{{Element: pipeline.FileDecoder, Usable: true, Chosen: true,
			Reason: "chosen: the file holds " + opts.FileCodec + ", not H.264, and decodebin picks its decoder"}}
	} else {
		dec, list, err := p.chooseDecoder(ctx, v)
		if err != nil {
			return fail(err)
		}
		opts.Decoder, plan.decoder, plan.decoders = dec, dec, list
		d, _ := p.prof.ForCodec(pipeline.ViewCodec(v.Source)).DecoderByName(dec)
		plan.hardware = d.Hardware
	}
	g, err := pipeline.BuildView(*v, p.prof, opts)
	if err != nil {
		return fail(fmt.Errorf("%v: %w", err, pluginapi.ErrInvalidSpec))
	}
	plan.launch = g.LaunchLine()
	return g, plan, nil
}
