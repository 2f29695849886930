// Package rtspserver is gstcast's RTSP server: a small cgo binding to gst-rtsp-server
// (libgstrtspserver-1.0, rtspserver.c), which go-gst does not wrap. It runs inside the plugin
// process, next to the pipelines it serves, and it does not use go-gst: a source pipeline run
// by package gstreamer hands over its appsink through gstreamer.SinkFeed, which *Mount
// satisfies, so the two meet only at a GstElement pointer. The design, and why:
//
//   - Each mount has one shared media, built and prepared as soon as its source delivers (see
//     Mount.Prepare) and kept prepared: a reader never waits for a pipeline to be built or
//     prerolled, which is where the seed's Python GstRtspServer spends its ~450 ms per first
//     reader.
//   - The media's first element is an appsrc fed by the mount's hub; the source pipeline ends in
//     an appsink attached to that hub (Mount.AttachSink). The source can fail and be started
//     again (an IP camera that drops) while readers keep their sessions; they see frames again
//     when it is back.
//   - Requests are handled on gst-rtsp-server's thread pool (ServerConfig.Threads), the
//     listening socket on a GLib main context of its own thread.
//   - Authentication is gst-rtsp-server's (basic and digest), with gstcast's per-mount reader
//     and publisher lists on top (see GcAuth in rtspserver.c).
//
// Errors wrap the contract's sentinels (pluginapi.ErrPortInUse, ErrInvalidSpec, ErrPipeline,
// ErrUnavailable), so a plugin returns them to the host as they are.
package rtspserver
