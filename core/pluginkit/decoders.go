package pluginkit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// decoderProbe is one decoder's test result: err from gstreamer.ProbeDecoder, and how long
// the test decode took.
type decoderProbe struct {
	err error
	ms  int64
}

// probeDecoder test-decodes with d once per plugin process: the hardware does not change
// while it runs, and every view after the first then starts without a test decode.
func (p *Plugin) probeDecoder(ctx context.Context, d pipeline.Decoder) decoderProbe {
	p.decMu.Lock()
	defer p.decMu.Unlock()
	if r, ok := p.decProbes[d.Element]; ok {
		return r
	}
	start := timeNow()
	r := decoderProbe{err: gstreamer.ProbeDecoder(ctx, d), ms: sinceMS(start)}
	if ctx.Err() == nil { // a test cut short by the caller says nothing about the decoder
		p.decProbes[d.Element] = r
	}
	p.log.Debug("decoder probe", "element", d.Element, "err", r.err, "ms", r.ms)
	return r
}

// usable says whether a probe result lets the decoder be chosen, and why (or why not).
func (r decoderProbe) usable() (bool, string) {
	switch {
	case r.err == nil:
		return true, "passed a test decode in " + strconv.FormatInt(r.ms, 10) + " ms"
	case errors.Is(r.err, gstreamer.ErrNoTestVideo):
		return true, r.err.Error()
	case errors.Is(r.err, gstreamer.ErrMissingElement):
		return false, r.err.Error()
	}
	return false, "test decode failed: " + r.err.Error()
}

// decoders lists the profile's decoders that the preference allows, in order of preference,
// probing each until one works; that one is chosen. Every entry says why it was or was not.
func (p *Plugin) decoders(ctx context.Context, hw spec.HWPreference) []pluginapi.ElementStatus {
	return p.codecDecoders(ctx, hw, spec.DefaultCodec)
}

// codecDecoders is decoders for a codec's list (the profile's H265Decoders for h265).
func (p *Plugin) codecDecoders(ctx context.Context, hw spec.HWPreference, codec string) []pluginapi.ElementStatus {
	var out []pluginapi.ElementStatus
	chosen := false
	for _, d := range p.prof.ForCodec(codec).Decoders {
		st := pluginapi.ElementStatus{Element: d.Element, Hardware: d.Hardware}
		switch {
		case hw == spec.HWHardware && !d.Hardware:
			st.Reason = "skipped: software decoder, hardware was asked for"
		case hw == spec.HWSoftware && d.Hardware:
			st.Reason = "skipped: hardware decoder, software was asked for"
		case chosen:
			st.Reason = "not tried: an earlier choice works"
			if gstreamer.HasElement(d.Element) {
				st.Usable, st.Reason = true, "installed; not tested because an earlier choice works"
			}
		default:
			st.Usable, st.Reason = p.probeDecoder(ctx, d).usable()
			if st.Usable {
				st.Chosen, chosen = true, true
				st.Reason = "chosen: " + st.Reason
			}
		}
		out = append(out, st)
	}
	return out
}

// chooseDecoder picks a view's decoder: the one forced by the spec (which must be one of the
// profile's and must pass its test), or the first of the profile's that passes.
func (p *Plugin) chooseDecoder(ctx context.Context, v *spec.ViewSpec) (string, []pluginapi.ElementStatus, error) {
	codec := pipeline.ViewCodec(v.Source)
	prof := p.prof.ForCodec(codec)
	if v.Decoder != "" {
		d, ok := prof.DecoderByName(v.Decoder)
		if !ok {
			return "", nil, fmt.Errorf("decoder %q is not one of %s's decoders (%s): %w",
				v.Decoder, prof.Name, decoderNames(prof), pluginapi.ErrInvalidSpec)
		}
		ok, why := p.probeDecoder(ctx, d).usable()
		st := pluginapi.ElementStatus{Element: d.Element, Hardware: d.Hardware, Usable: ok, Chosen: ok, Reason: "forced: " + why}
		if !ok {
			return "", []pluginapi.ElementStatus{st}, fmt.Errorf("decoder %s does not work here: %s: %w", d.Element, why, pluginapi.ErrNoDecoder)
		}
		return d.Element, []pluginapi.ElementStatus{st}, nil
	}
	hw := v.Hardware
	if hw == "" {
		hw = spec.HWAuto
	}
	list := p.codecDecoders(ctx, hw, codec)
	for _, s := range list {
		if s.Chosen {
			return s.Element, list, nil
		}
	}
	return "", list, fmt.Errorf("none of %s's decoders passed a test decode (%s): %w", prof.Name, summarize(list), pluginapi.ErrNoDecoder)
}

func decoderNames(prof pipeline.Profile) string {
	names := make([]string, len(prof.Decoders))
	for i, d := range prof.Decoders {
		names[i] = d.Element
	}
	return strings.Join(names, ", ")
}
