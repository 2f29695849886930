package gstreamer

import (
	"context"
	"fmt"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// ProbeEncoder runs a short test encode (10 frames of 320x240 through the encoder's own
// convert/caps chain) and says whether the encoder really works here. Registering is not
// enough: nvh264enc registers on machines whose GPU has no NVENC, vah264enc on machines whose
// driver cannot encode, v4l2h264enc on boards with only a decoder.
func ProbeEncoder(ctx context.Context, prof pipeline.Profile, enc pipeline.Encoder) error {
	Init()
	if !HasElement(enc.Element) {
		return ErrMissingElement
	}
	convert := enc.Convert
	if convert == "" {
		convert = prof.Convert
	}
	for _, f := range []string{convert} {
		if !HasElement(f) {
			return fmt.Errorf("needs %s, which is not installed: %w", f, ErrMissingElement)
		}
	}
	s := spec.Encoding{BitrateKbps: 500, KeyframeInterval: 10}.WithDefaults()
	g := pipeline.Graph{Elements: []pipeline.Element{
		{Factory: "videotestsrc", Name: "src", Props: []pipeline.Prop{{Name: "num-buffers", Value: "10"}}},
		{Factory: "capsfilter", Name: "rawcaps", Caps: "video/x-raw,format=I420,width=320,height=240,framerate=30/1"},
		{Factory: convert, Name: "convert"},
		{Factory: "capsfilter", Name: "enccaps", Caps: enc.Input},
		{Factory: enc.Element, Name: pipeline.NameEncoder, Props: enc.Props(s)},
		{Factory: "fakesink", Name: "out"},
	}}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := Start(ctx, g, RunOptions{Name: "probe-" + enc.Element, StartTimeout: 5 * time.Second})
	if err != nil {
		return err
	}
	defer r.shutdown()
	select {
	case <-r.Done():
		if err := r.Err(); err != nil {
			return err
		}
		return nil // reached EOS: 10 frames encoded
	case <-ctx.Done():
		return fmt.Errorf("test encode did not finish in 5s: %w", pluginapi.ErrPipeline)
	}
}
