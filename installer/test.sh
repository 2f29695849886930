#!/usr/bin/env bash
# The whole test suite, as CI runs it: system packages, formatting, vet, then every unit and
# integration test (real GStreamer pipelines, real plugin processes, gst-launch-1.0 and ffprobe).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installer/setup-debian.sh
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; exit 1; fi
go vet ./...
go test -count=1 -timeout 20m ./...
