// Package e2e holds gstcast's whole-product end-to-end tests: the real gstcast binary and the
// real plugin processes (built once per run by core/internal/testbin), driven as a user would
// and checked by clients nobody here wrote (gst-launch-1.0, ffprobe, ffmpeg, OpenCV), on
// loopback only. `go test ./...` runs them with everything else.
package e2e
