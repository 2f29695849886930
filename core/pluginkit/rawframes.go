package pluginkit

import (
	"fmt"
	"os"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// checkRawFrameSource catches what can be told before a raw-frame pipeline is built: fd://0
// that nobody relayed, a pipe that is not there.
func checkRawFrameSource(src spec.Source) error {
	if src.Kind == spec.SourceFD && src.Path == spec.StdinPath {
		return fmt.Errorf("fd://0 is the standard input of the gstcast command that was given it, and only `gstcast stream` relays it; "+
			"a config file, the GUI or a service has none: make a named pipe (mkfifo /tmp/frames) and use fd:///tmp/frames: %w", pluginapi.ErrInvalidSpec)
	}
	if src.Kind != spec.SourceFD {
		// shm: the program's shmsink may start after us; shmsrc's error says the socket is not
		// there, and the stream is retried until it is.
		return nil
	}
	fi, err := os.Stat(src.Path)
	if err != nil {
		return fmt.Errorf("pipe %s: %w", src.Path, pluginapi.ErrFileNotFound)
	}
	if fi.IsDir() {
		return fmt.Errorf("pipe %s is a directory: %w", src.Path, pluginapi.ErrInvalidSpec)
	}
	return nil
}

// prepareRawFrames opens an fd:// source's pipe and puts its descriptor into the graph's fdsrc
// (the plan's launch line keeps fd=0: `… < PIPE` in a shell), and asks the runner to check the
// frames' size. The pipe is opened without blocking, so a program that starts writing later
// is waited for by fdsrc's poll, not by a state change that cannot be interrupted; the runner
// closes it once the pipeline is at NULL.
func prepareRawFrames(src spec.Source, g *pipeline.Graph, opts *gstreamer.RunOptions) error {
	if src.Kind != spec.SourceFD && src.Kind != spec.SourceSHM {
		return nil
	}
	opts.RawFrames = gstreamer.RawFrames{Bytes: spec.RawFrameBytes(src.Format, src.Width, src.Height),
		Desc: fmt.Sprintf("%dx%d %s", src.Width, src.Height, src.Format), Stream: src.Kind == spec.SourceFD}
	if src.Kind != spec.SourceFD {
		return nil
	}
	fd, closeFD, err := openPipe(src.Path)
	if err != nil {
		return fmt.Errorf("open pipe %s: %v: %w", src.Path, err, pluginapi.ErrFileNotFound)
	}
	els := append([]pipeline.Element(nil), g.Elements...)
	for i, e := range els {
		if e.Name == pipeline.NameSource && e.Factory == "fdsrc" {
			props := append([]pipeline.Prop(nil), e.Props...)
			for j := range props {
				if props[j].Name == "fd" {
					props[j].Value = fmt.Sprint(fd)
				}
			}
			els[i].Props = props
		}
	}
	g.Elements = els
	opts.Release = closeFD
	return nil
}

// pipeClosed turns an fd:// source's end of stream into words: the program closed its end.
func pipeClosed(publish func(pluginapi.Event)) func(pluginapi.Event) {
	return func(ev pluginapi.Event) {
		if ev.Type == pluginapi.EventEOS {
			ev.Message = "end of stream: the program closed its pipe (no more frames)"
		}
		publish(ev)
	}
}
