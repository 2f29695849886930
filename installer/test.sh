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
# The host and the frame ring build for Windows (file mappings); the GUI needs a Windows cgo
# toolchain, so the check is the headless host.
GOOS=windows GOARCH=amd64 go build -tags nogui -o /dev/null .
GOOS=windows GOARCH=amd64 go vet ./core/framering
# The desktop app (Fyne, cgo) cross-builds for Windows with Debian's mingw-w64; the e2e test
# runs the .exe's version and --help under wine64 (core/e2e/windows_e2e_test.go).
mkdir -p bin/windows
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 go build -o bin/windows/gstcast.exe .
export GSTCAST_WINDOWS_EXE=$PWD/bin/windows/gstcast.exe
# The frame ring and the viewer's feed are lock-free shared memory: run them under the race detector.
go test -race -count=1 ./core/framering ./app/viewmodel
go test -race -count=1 ./app/gui
# GUI tests open real windows when there is a display; give them one, and a session bus.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -timeout 25m ./...
fi
go test -count=1 -timeout 25m ./...
