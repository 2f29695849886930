package gstreamer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// ErrNoTestVideo says a decoder is installed but was not test-decoded: no software H.264
// encoder (x264enc, openh264enc) is installed to make the test video.
var ErrNoTestVideo = errors.New("installed, not test-decoded: no x264enc or openh264enc to make test video")

// testEncoders make the test video, in order of preference.
var testEncoders = []string{"x264enc", "openh264enc"}

// ProbeDecoder runs a short real decode (pipeline.DecodeTestGraph: 10 frames of H.264 through
// the decoder and its converter to RGBA) and says whether the decoder works here. As with
// encoders, registering is not enough: vah264dec registers where the driver cannot decode
// H.264, v4l2 decoders on boards whose firmware lacks the codec, nvh264dec where CUDA fails.
// Without a software encoder it returns ErrNoTestVideo: the decoder exists, nothing more is known.
func ProbeDecoder(ctx context.Context, d pipeline.Decoder) error {
	Init()
	if !HasElement(d.Element) {
		return ErrMissingElement
	}
	for _, e := range pipeline.DecodeChain(d)[1:] {
		if !HasElement(e.Factory) {
			return fmt.Errorf("needs %s, which is not installed: %w", e.Factory, ErrMissingElement)
		}
	}
	enc := ""
	encoders := testEncoders
	if d.Codec == "h265" {
		encoders = []string{"x265enc"}
	}
	for _, e := range encoders {
		if HasElement(e) {
			enc = e
			break
		}
	}
	if enc == "" {
		return ErrNoTestVideo
	}
	g, err := pipeline.DecodeTestGraph(d, enc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r, err := Start(ctx, g, RunOptions{Name: "decodetest-" + d.Element, StartTimeout: 5 * time.Second, decoded: true})
	if err != nil {
		return err
	}
	defer r.shutdown()
	select {
	case <-r.Done():
	case <-ctx.Done():
		return fmt.Errorf("did not finish in 5s: %w", pluginapi.ErrPipeline)
	}
	if err := r.Err(); err != nil {
		return err
	}
	// A decoder that swallows its input without error is no better than one that fails.
	if n := r.Stats().Frames; n < pipeline.DecodeTestFrames/2 {
		return fmt.Errorf("decoded %d of %d frames: %w", n, pipeline.DecodeTestFrames, pluginapi.ErrPipeline)
	}
	return nil
}
