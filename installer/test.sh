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
# The frame ring and the viewer's feed are lock-free shared memory: run them under the race detector.
go test -race -count=1 ./core/framering ./app/viewmodel
go test -race -count=1 ./app/gui
# Every parser of network input, fuzzed briefly from its committed corpus (testdata/fuzz):
# SDP files, config files (PUT /config), source and output URIs, API request bodies and merge
# patches, the bearer token, and the client's reader of server-sent events. About 1.5 minutes.
FUZZTIME=${GSTCAST_FUZZTIME:-10s}
for target in core/sdp:FuzzParseRTPSource core/config:FuzzParse core/spec:FuzzParseSource \
  core/spec:FuzzParseOutput core/control:FuzzRequestBody core/control:FuzzMergePatch \
  core/control:FuzzSSEReader core/control:FuzzBearerToken; do
  go test -run '^$' -fuzz "^${target#*:}\$" -fuzztime="$FUZZTIME" "./${target%%:*}"
done
# GUI tests open real windows when there is a display; give them one, and a session bus.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -timeout 25m ./...
fi
go test -count=1 -timeout 25m ./...
