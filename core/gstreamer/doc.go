// Package gstreamer is the only gstcast package that uses go-gst. It builds graphs from package
// pipeline element by element, runs them, turns bus messages into typed events, counts frames,
// probes encoders and decoders, lists devices, inspects files, hands viewers' decoded frames to
// shared-memory frame rings, and taps raw frames for measurements (FrameTap). The RTSP server
// is its subpackage rtspserver, a cgo binding to gst-rtsp-server without go-gst, which a
// running graph feeds through SinkFeed. Plugins use both; the host never links either (a deps
// test enforces that).
package gstreamer
