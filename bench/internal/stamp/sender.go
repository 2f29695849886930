package stamp

import (
	"context"
	"errors"
	"time"

	"github.com/gstcast/gstcast/core/gstreamer"
	"github.com/gstcast/gstcast/core/pipeline"
)

// BaselineGraph is the latency baseline's sender: the gst-launch-1.0 line `gstcast pipeline`
// prints (words, its argv; see ParseLaunch), as a graph whose capsfilter right after
// videotestsrc is named pipeline.NameRawCaps, where RunOptions.Stamp paints the capture time,
// as `gstcast stream --stamp` does. It is the same chain gstcast runs, without gstcast's host,
// plugin process and gRPC. (The gst-launch-1.0 binary itself cannot stamp frames: no stock
// element writes wall-clock milliseconds into pixels.)
func BaselineGraph(words []string) (pipeline.Graph, error) {
	g, err := ParseLaunch(words)
	if err != nil {
		return pipeline.Graph{}, err
	}
	for i := 0; i+1 < len(g.Elements); i++ {
		if g.Elements[i].Factory == "videotestsrc" && g.Elements[i+1].Factory == "capsfilter" {
			g.Elements[i+1].Name = pipeline.NameRawCaps
			return g, nil
		}
	}
	return pipeline.Graph{}, errors.New("launch line has no videotestsrc followed by raw caps to stamp")
}

// StartBaseline plays BaselineGraph(words) in this process with the stamp on.
func StartBaseline(words []string) (*gstreamer.Running, error) {
	g, err := BaselineGraph(words)
	if err != nil {
		return nil, err
	}
	return gstreamer.Start(context.Background(), g, gstreamer.RunOptions{Name: "baseline", Stamp: true})
}

// SendBaseline runs StartBaseline until ctx ends or the pipeline fails.
func SendBaseline(ctx context.Context, words []string) error {
	r, err := StartBaseline(words)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-r.Done():
	}
	r.Stop(time.Second)
	return r.Err()
}
