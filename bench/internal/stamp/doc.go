// Package stamp is the benchmarks' side of the capture-time stamp (package framestamp,
// docs/FRAMESTAMP.md): a receiver that reads the stamp back from every decoded frame, the
// stamped baseline sender, and a reader of stamps in front of a plain GStreamer client's video
// sink. It is pure Go over package gstreamer's general API (Start, RunOptions.Stamp, FrameTap)
// and builds every pipeline as a pipeline.Graph, element by element: go-gst stays in
// core/gstreamer, and no launch string is ever handed to GStreamer's parser.
//
// Only bench/ uses it; the plugins and the host never link it.
package stamp
