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
//   - No lost start (gop.c): the hub keeps the access units since the newest keyframe. The
//     shared media is prerolled on the codec configuration alone, which gst-rtsp-server holds
//     at its rtpbin until the first PLAY; the first reader's PLAY starts the media with the
//     cached GOP, so it decodes from the newest keyframe on with nothing lost. A reader joining
//     a media that plays already makes the hub ask the source for a keyframe (GstForceKeyUnit
//     upstream: the encoder, or RTCP PLI through a depayloader), at most every 500 ms.
//     TestRTSPServerNoLostStart reads frame numbers painted into the pictures.
//   - Requests are handled on gst-rtsp-server's thread pool (ServerConfig.Threads), the
//     listening socket on a GLib main context of its own thread.
//   - Authentication is gst-rtsp-server's (basic and digest), with gstcast's per-mount reader
//     and publisher lists on top (see GcAuth in rtspserver.c).
//   - Mount.Sessions lists a mount's readers and publishers (address, user, transport, bytes,
//     RTCP receiver-report loss and jitter) and Mount.Kick ends one (sessions.c).
//   - Hostile clients cannot hurt the others (sessions.c, Limits): a request that names
//     another connection's session is refused with 454 unless it is the same authenticated
//     user (gst-rtsp-server alone finds sessions by id from any connection, and stops a
//     reader's media when a connection that merely named its session hangs up); connections
//     are capped per address and in all; a connection without a session that sends nothing,
//     or sends more than Limits.MaxRequest without completing a request, is closed; request
//     bodies are limited; a server on one address binds its UDP sockets to it as well.
//
// Errors wrap the contract's sentinels (pluginapi.ErrPortInUse, ErrInvalidSpec, ErrPipeline,
// ErrUnavailable), so a plugin returns them to the host as they are.
package rtspserver
