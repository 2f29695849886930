package pluginkit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// jpegDecoder picks the decoder for an MJPEG camera: the first of the profile's JPEGDecoders
// that passes a test decode (hardware first; jpegdec last, which every GStreamer has). Each is
// tested once per plugin process. Empty means jpegdec: a profile that lists none.
func (p *Plugin) jpegDecoder(ctx context.Context) (string, error) {
	var why []string
	for _, d := range p.prof.JPEGDecoders {
		r := p.probeJPEG(ctx, d)
		if r.err == nil {
			return d.Element, nil
		}
		why = append(why, d.Element+": "+r.err.Error())
	}
	if len(p.prof.JPEGDecoders) == 0 {
		return "", nil
	}
	return "", fmt.Errorf("no MJPEG decoder works here (%v): %w", why, pluginapi.ErrNoDecoder)
}

func (p *Plugin) probeJPEG(ctx context.Context, d pipeline.Decoder) decoderProbe {
	p.jpegMu.Lock()
	defer p.jpegMu.Unlock()
	if r, ok := p.jpegProbe[d.Element]; ok {
		return r
	}
	start := timeNow()
	r := decoderProbe{err: testJPEGDecoder(ctx, d), ms: sinceMS(start)}
	if ctx.Err() == nil {
		p.jpegProbe[d.Element] = r
	}
	p.log.Debug("MJPEG decoder probe", "element", d.Element, "err", r.err, "ms", r.ms)
	return r
}

// testJPEGDecoder decodes a few JPEG frames with d and says whether it reached the end cleanly.
func testJPEGDecoder(ctx context.Context, d pipeline.Decoder) error {
	g := pipeline.JPEGDecodeTestGraph(d)
	for _, e := range g.Elements {
		if e.Factory != "capsfilter" && !gstreamer.HasElement(e.Factory) {
			return fmt.Errorf("%s: %w", e.Factory, gstreamer.ErrMissingElement)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := gstreamer.Start(ctx, g, gstreamer.RunOptions{Name: "jpegtest-" + d.Element, StartTimeout: 5 * time.Second})
	if err != nil {
		return err
	}
	defer r.Stop(time.Second)
	select {
	case <-r.Done():
		return r.Err()
	case <-ctx.Done():
		return errors.New("test decode did not finish in 5s")
	}
}
