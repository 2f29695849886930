#!/usr/bin/env bash
# Builds gstcast and its platform plugins into bin/ (or $1). Plugins are found next to the
# gstcast executable, so bin/ works as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bin}
version=${GSTCAST_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
mkdir -p "$out"
go build -ldflags "-X github.com/gstcast/gstcast/core/buildinfo.Version=$version" -o "$out/gstcast" .
for dir in plugins/*/; do
  name=$(basename "$dir")
  # Plugins of other platforms build only where their OS is (build tags); skip those here.
  if go list -f '{{.Name}}' "./$dir" >/dev/null 2>&1; then
    go build -ldflags "-X github.com/gstcast/gstcast/core/buildinfo.Version=$version" -o "$out/gstcast-plugin-$name" "./$dir"
  fi
done
echo "built: $(ls "$out" | tr '\n' ' ')"
