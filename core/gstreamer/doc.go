// Package gstreamer is the only gstcast package that touches GStreamer (go-gst and, for the RTSP
// server, a small cgo binding). It builds graphs from package pipeline element by element, runs
// them, turns bus messages into typed events, counts frames, probes encoders and decoders, lists
// devices, inspects files, and hands viewers' decoded frames to shared-memory frame rings.
// Plugins use it; the host never links it (a deps test enforces that).
package gstreamer
