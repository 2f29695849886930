#!/usr/bin/env bash
# Latency and CPU of gstcast against plain GStreamer, side by side (see docs/BENCHMARKS.md).
# Builds bin/ first, then runs 3 rounds of gstcast, the same line under gst_parse_launch (stamped)
# and the gst-launch-1.0 binary, 20 s each, and prints a markdown table. About 3 minutes.
# Extra arguments go to the benchmark, e.g. bench/run.sh -v -duration 10s.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/build.sh >&2
go build -o bin/.rtplatency ./bench/rtplatency
trap 'rm -f bin/.rtplatency' EXIT
bin/.rtplatency -gstcast bin/gstcast -duration 20s -rounds 3 "$@"
