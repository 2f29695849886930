#!/usr/bin/env bash
# Builds gstcast and its platform plugins into bin/ (or OUT). Plugins are found next to the
# gstcast executable, so OUT works as it is.
#
#   installer/build.sh [--target GOOS/GOARCH] [OUT]
#
# Every plugins/NAME/ is built as gstcast-plugin-NAME: those of the main module with
# `go build ./plugins/NAME`, those that are Go modules of their own (plugins/NAME/go.mod, the
# way a third party writes one) from their folder with their own go.mod.
#
# --target linux/arm64 cross-builds for Jetson and Raspberry Pi: the host without cgo (it needs
# none with -tags nogui) and the plugins with cgo against an arm64 sysroot
# (installer/setup-arm64-sysroot.sh, or GSTCAST_ARM64_SYSROOT) and aarch64-linux-gnu-gcc.
# --target windows/amd64 builds the headless host only: the Windows plugin needs the Windows
# GStreamer SDK (docs/WINDOWS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
target=""
if [ "${1:-}" = "--target" ]; then
  target=$2
  shift 2
fi
out=${1:-bin}
version=${GSTCAST_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
ldflags="-X github.com/gstcast/gstcast/core/buildinfo.Version=$version"
mkdir -p "$out"
out=$(cd "$out" && pwd)
hosttags=()
case "$target" in
"") ;;
linux/arm64)
  sysroot=${GSTCAST_ARM64_SYSROOT:-$(bash installer/setup-arm64-sysroot.sh | tail -1)}
  export GOOS=linux GOARCH=arm64
  hosttags=(-tags nogui)
  ;;
windows/amd64)
  export GOOS=windows GOARCH=amd64
  CGO_ENABLED=0 go build -tags nogui -ldflags "$ldflags" -o "$out/gstcast.exe" .
  echo "built: $(ls "$out" | tr '\n' ' ') (the Windows plugins build on Windows: docs/WINDOWS.md)"
  exit 0
  ;;
*)
  echo "build.sh: unknown target $target (linux/arm64, windows/amd64)" >&2
  exit 2
  ;;
esac
if [ -n "$target" ]; then
  CGO_ENABLED=0 go build "${hosttags[@]}" -ldflags "$ldflags" -o "$out/gstcast" .
else
  go build -ldflags "$ldflags" -o "$out/gstcast" .
fi
# cross builds of the plugins: cgo against the sysroot
if [ "$target" = linux/arm64 ]; then
  export CGO_ENABLED=1 CC="aarch64-linux-gnu-gcc --sysroot=$sysroot"
  export PKG_CONFIG_SYSROOT_DIR=$sysroot
  export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig
  export PKG_CONFIG_PATH=""
fi
for dir in plugins/*/; do
  name=$(basename "$dir")
  # The Windows plugin is built natively for the stand-in tests, but a Linux cross build has no
  # use for it.
  if [ "$target" = linux/arm64 ] && [ "${name#windows-}" != "$name" ]; then
    continue
  fi
  if [ -f "$dir/go.mod" ]; then
    # A module of its own: built from its folder, against this checkout (its go.mod replaces
    # github.com/gstcast/gstcast with ../..), never a workspace.
    (cd "$dir" && GOWORK=off go build -ldflags "$ldflags" -o "$out/gstcast-plugin-$name" .)
    continue
  fi
  # A plugin whose main does not build for this target (none today) is skipped.
  if go list -f '{{.Name}}' "./$dir" >/dev/null 2>&1; then
    go build -ldflags "$ldflags" -o "$out/gstcast-plugin-$name" "./$dir"
  fi
done
echo "built: $(ls "$out" | tr '\n' ' ')"
