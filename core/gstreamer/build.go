package gstreamer

import (
	"errors"
	"fmt"

	"github.com/go-gst/go-gst/gst"

	"github.com/gstcast/gstcast/core/pipeline"
)

// ErrMissingElement says a graph needs an element that is not installed.
var ErrMissingElement = errors.New("not installed")

// built is a graph made real: the pipeline and its elements by name.
type built struct {
	pipe  *gst.Pipeline
	elems []*gst.Element
	named map[string]*gst.Element
}

// build creates every element, sets its properties from their text (as gst-launch does, via
// gst_util_set_object_arg) and links the chain. Links from elements whose source pads appear
// later (parsebin, decodebin, rtspsrc) are made when the pad is added.
func build(g pipeline.Graph, name string) (*built, error) {
	Init()
	pipe, err := gst.NewPipeline(name)
	if err != nil {
		return nil, fmt.Errorf("new pipeline: %w", err)
	}
	b := &built{pipe: pipe, named: map[string]*gst.Element{}}
	for i, spec := range g.Elements {
		if gst.Find(spec.Factory) == nil {
			return nil, fmt.Errorf("%s: %w", spec.Factory, ErrMissingElement)
		}
		elName := spec.Name
		if elName == "" {
			elName = fmt.Sprintf("%s%d", spec.Factory, i)
		}
		e, err := gst.NewElementWithName(spec.Factory, elName)
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", spec.Factory, err)
		}
		if spec.Caps != "" {
			caps := gst.NewCapsFromString(spec.Caps)
			if caps == nil {
				return nil, fmt.Errorf("%s: bad caps %q", elName, spec.Caps)
			}
			if err := e.SetProperty("caps", caps); err != nil {
				return nil, fmt.Errorf("%s: set caps: %w", elName, err)
			}
		}
		for _, p := range spec.Props {
			// SetArg ignores unknown names silently; a typo in a profile must fail loudly. An
			// optional property (one an element has only on some machines) is left out instead.
			if _, err := e.GetPropertyType(p.Name); err != nil {
				if p.Optional {
					continue
				}
				return nil, fmt.Errorf("%s has no property %q", spec.Factory, p.Name)
			}
			e.SetArg(p.Name, p.Value)
		}
		if err := pipe.Add(e); err != nil {
			return nil, fmt.Errorf("add %s: %w", elName, err)
		}
		b.elems = append(b.elems, e)
		b.named[spec.Name] = e
	}
	for i := 0; i+1 < len(b.elems); i++ {
		if err := link(b.elems[i], b.elems[i+1]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// link links a to b now, or when a's source pad appears.
func link(a, b *gst.Element) error {
	if hasAlwaysSrc(a) {
		if err := a.Link(b); err != nil {
			return fmt.Errorf("link %s to %s: %w", a.GetName(), b.GetName(), err)
		}
		return nil
	}
	_, err := a.Connect("pad-added", func(_ *gst.Element, pad *gst.Pad) {
		sink := b.GetStaticPad("sink")
		if sink == nil || sink.IsLinked() {
			return // already fed (e.g. the video pad came first, this is audio)
		}
		if caps := pad.QueryCaps(nil); caps != nil && !caps.CanIntersect(sink.QueryCaps(nil)) {
			return // not a stream b can take
		}
		pad.Link(sink)
	})
	return err
}

func hasAlwaysSrc(e *gst.Element) bool {
	for _, t := range e.GetPadTemplates() {
		if t.Direction() == gst.PadDirectionSource && t.Presence() == gst.PadPresenceAlways {
			return true
		}
	}
	return false
}
