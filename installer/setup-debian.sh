#!/usr/bin/env bash
# Installs every system package gstcast needs to build, run and test on Debian 12 / Ubuntu 22.04+:
# GStreamer 1.22 runtime and -dev packages, gst-rtsp-server, the Fyne (OpenGL/X11) build packages,
# glib-networking (TLS for RTSPS), and the real clients the integration tests drive (ffmpeg/ffprobe,
# gst-launch-1.0, OpenCV, Xvfb, dbus-daemon, desktop-file-validate) and systemd (systemd-analyze
# verify checks the service units), curl and promtool (the API and metrics tests), xdotool, mingw-w64
# and wine64 (the desktop app's e2e and Windows tests); for the linux/arm64 cross build (Jetson,
# Raspberry Pi), the aarch64 cross compiler and qemu-user, and an arm64 sysroot
# (setup-arm64-sysroot.sh: the arm64 -dev packages are downloaded and unpacked, never installed,
# because installing them removes the amd64 ones).
# Safe to run again; needs root (uses sudo when not root).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
pkgs=(
  gcc libc6-dev pkg-config ca-certificates git
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev libgstrtspserver-1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly
  gstreamer1.0-libav gstreamer1.0-tools gstreamer1.0-rtsp gstreamer1.0-x
  libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  xvfb xauth dbus desktop-file-utils imagemagick ffmpeg protobuf-compiler python3-opencv
  # MPEG-TS and SRT clients the e2e tests check against: VLC (cvlc; vlc-plugin-base has its rtp,
  # udp, ts, avcodec and scene modules) and srt-live-transmit
  vlc-bin vlc-plugin-base srt-tools
  python3-gi gir1.2-gst-rtsp-server-1.0 glib-networking
  systemd curl prometheus
  # desktop app: xdotool drives the real window in the e2e tests; mingw-w64 cross-builds the
  # GUI for Windows and wine64 runs the .exe
  xdotool gcc-mingw-w64-x86-64 wine64
  gcc-aarch64-linux-gnu qemu-user-static file
  # the packet-loss benchmark and RTX tests drop packets with nftables in a network namespace
  nftables
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: system packages ready ($(pkg-config --modversion gstreamer-1.0) GStreamer)"
if [ "${GSTCAST_SKIP_ARM64:-}" != 1 ]; then
  echo "setup: arm64 sysroot in $(bash "$(dirname "$0")/setup-arm64-sysroot.sh" | tail -1)"
fi
