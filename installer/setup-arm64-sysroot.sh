#!/usr/bin/env bash
# Makes an arm64 sysroot for cross-building the Linux plugins (cgo: go-gst, gst-rtsp-server) for
# linux/arm64 (Jetson, Raspberry Pi) and for running them under qemu-user: Debian 12's arm64
# GStreamer -dev packages and their whole dependency closure, downloaded and unpacked into a
# folder with dpkg -x.
#
# Why a sysroot and not `apt-get install libgstreamer-plugins-base1.0-dev:arm64`: several -dev
# packages (libgstreamer-plugins-base1.0-dev, libgstrtspserver-1.0-dev, their gir1.2 packages)
# are not Multi-Arch: same, so apt removes the amd64 ones to install the arm64 ones, and every
# native build breaks. Downloading leaves the system's packages alone.
#
# Usage: setup-arm64-sysroot.sh [DIR]   (default /var/cache/gstcast-arm64-sysroot)
# Prints the sysroot folder on its last line. Needs root the first time only, to add the arm64
# architecture to apt's lists (dpkg --add-architecture arm64; nothing is installed for it), and
# the cross compiler and qemu (gcc-aarch64-linux-gnu, qemu-user-static; setup-debian.sh installs them).
set -euo pipefail
dir=${1:-/var/cache/gstcast-arm64-sysroot}
pkgs=(libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstrtspserver-1.0-dev libc6-dev
  libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 libgstrtspserver-1.0-0)
stamp="$dir/.complete-$(echo "${pkgs[*]}" | sha256sum | cut -c1-12)"
if [ -f "$stamp" ]; then
  echo "$dir"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
  $SUDO apt-get update -qq
elif ! apt-cache show libgstreamer1.0-dev:arm64 >/dev/null 2>&1; then
  $SUDO apt-get update -qq
fi
debs="$dir.debs"
mkdir -p "$debs" "$dir"
# The dependency closure, arm64 packages only (arch: all ones such as the -dev headers' docs are
# not needed to compile or run). Alternatives ("a | b") are listed as their first choice.
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances "${pkgs[@]/%/:arm64}" 2>/dev/null |
  sed -n 's/^\([a-z0-9][a-z0-9.+-]*:arm64\)$/\1/p' | sort -u)
# Virtual packages have no .deb (apt-get download refuses them): keep the names apt-cache show
# knows, in one call.
mapfile -t real < <(apt-cache show --no-all-versions $closure 2>/dev/null |
  awk '/^Package:/{p=$2} /^Architecture: arm64/{print p":arm64"}' | sort -u)
echo "arm64 sysroot: ${#real[@]} packages into $dir" >&2
(cd "$debs" && apt-get download -qq "${real[@]}" >/dev/null)
for d in "$debs"/*.deb; do
  dpkg -x "$d" "$dir"
done
# Absolute symlinks in the packages (libfoo.so -> /lib/aarch64-linux-gnu/libfoo.so.1) would
# point into the build machine's own / ; make them relative to the sysroot.
find "$dir" -type l -lname '/*' | while read -r l; do
  target=$(readlink "$l")
  ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$dir$target")" "$l"
done
# Debian 12 is merged-/usr (/lib is a link to usr/lib) but its packages still ship files under /lib;
# merge them as usrmerge does, so every library is found under one path.
for l in lib bin sbin; do
  if [ -d "$dir/$l" ] && [ ! -L "$dir/$l" ]; then
    mkdir -p "$dir/usr/$l"
    cp -a "$dir/$l/." "$dir/usr/$l/"
    rm -rf "${dir:?}/$l"
  fi
  [ -e "$dir/$l" ] || ln -s "usr/$l" "$dir/$l"
done
rm -rf "$debs"
touch "$stamp"
echo "$dir"
