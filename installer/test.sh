#!/usr/bin/env bash
# The whole test suite, as CI runs it: system packages, formatting, vet, then every unit and
# integration test (real GStreamer pipelines, real plugin processes, gst-launch-1.0, ffprobe,
# OpenCV, a real Fyne window on Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup-debian.sh
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; exit 1; fi
go vet ./...
go vet -tags nogui ./...
# The headless host and the frame ring build for Windows (file mappings). The Windows plugin
# needs the Windows GStreamer SDK (docs/WINDOWS.md): its pure parts are vetted for Windows here.
GOOS=windows GOARCH=amd64 go build -tags nogui -o /dev/null .
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go vet ./core/framering ./core/spec ./core/pipeline ./core/pluginapi \
  ./core/v4l2ctl ./plugins/windows-mf/mfdevice
# The desktop app (Fyne, cgo) cross-builds for Windows with Debian's mingw-w64; the e2e test
# runs the .exe's version and --help under wine64 (core/e2e/windows_e2e_test.go).
mkdir -p bin/windows
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 go build -o bin/windows/gstcast.exe .
export GSTCAST_WINDOWS_EXE=$PWD/bin/windows/gstcast.exe
# linux/arm64 (Jetson, Raspberry Pi): the host without cgo and every Linux plugin with cgo
# against the arm64 sysroot; TestArm64PluginsAnswerUnderQEMU starts these under qemu-aarch64.
GSTCAST_ARM64_SYSROOT=$(bash installer/setup-arm64-sysroot.sh | tail -1)
GSTCAST_ARM64_DIR=$(mktemp -d)
trap 'rm -rf "$GSTCAST_ARM64_DIR"' EXIT
export GSTCAST_ARM64_SYSROOT GSTCAST_ARM64_DIR
GSTCAST_VERSION=test bash installer/build.sh --target linux/arm64 "$GSTCAST_ARM64_DIR"
# Plugins that are Go modules of their own (the third-party example) are vetted and tested in
# their folder: ./... of the main module does not reach them.
for mod in plugins/*/go.mod; do
  (cd "$(dirname "$mod")" && GOWORK=off go vet ./... && GOWORK=off go test -count=1 ./...)
done
# The frame ring and the viewer's feed are lock-free shared memory: run them under the race detector.
go test -race -count=1 ./core/framering ./app/viewmodel
go test -race -count=1 ./app/gui
# Every parser of network input, fuzzed briefly from its committed corpus (testdata/fuzz):
# SDP files, config files (PUT /config), source and output URIs, API request bodies and merge
# patches, the bearer token, the client's reader of server-sent events, and the RTSP server's reader
# of a publisher's keyframes (gop.c). About 1.7 minutes.
FUZZTIME=${GSTCAST_FUZZTIME:-10s}
for target in core/sdp:FuzzParseRTPSource core/config:FuzzParse core/spec:FuzzParseSource \
  core/spec:FuzzParseOutput core/control:FuzzRequestBody core/control:FuzzMergePatch \
  core/control:FuzzSSEReader core/control:FuzzBearerToken core/gstreamer/rtspserver:FuzzConfigOnly; do
  go test -run '^$' -fuzz "^${target#*:}\$" -fuzztime="$FUZZTIME" "./${target%%:*}"
done
# GUI tests open real windows when there is a display; give them one, and a session bus.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -timeout 25m ./...
fi
go test -count=1 -timeout 25m ./...
