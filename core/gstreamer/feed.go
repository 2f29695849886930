package gstreamer

import (
	"fmt"
	"unsafe"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// SinkFeed takes the samples of a running graph's appsink, the element named pipeline.NameSink:
// an RTSP server mount (*rtspserver.Mount) is one. It is declared here, by its consumer, so that
// the RTSP server binding needs neither go-gst nor this package: the two meet at a bare
// GstElement pointer.
//
// AttachSink is called before the pipeline plays, with the appsink's GstElement*; the pointer is
// valid until DetachSink, which is called with the same pointer once the pipeline is at NULL
// (on every exit path). A feed that keeps the element longer must take its own reference.
type SinkFeed interface {
	AttachSink(appsink unsafe.Pointer) error
	DetachSink(appsink unsafe.Pointer)
}

// attachFeed hands b's appsink to f.
func attachFeed(f SinkFeed, b *built) error {
	sink, ok := b.named[pipeline.NameSink]
	if !ok || sink.GetFactory() == nil || sink.GetFactory().GetName() != "appsink" {
		return fmt.Errorf("pipeline has no appsink named %q to serve from: %w", pipeline.NameSink, pluginapi.ErrPipeline)
	}
	return f.AttachSink(unsafe.Pointer(sink.Instance()))
}

func detachFeed(f SinkFeed, b *built) {
	if sink, ok := b.named[pipeline.NameSink]; ok {
		f.DetachSink(unsafe.Pointer(sink.Instance()))
	}
}
