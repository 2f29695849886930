// Package standins builds the stand-in GStreamer elements (csrc/standins.c) that let the
// Jetson, Raspberry Pi and Windows plugins run here: elements registered under the real names
// (nvarguscamerasrc, nvvidconv, nvv4l2h264enc, libcamerasrc, v4l2h264enc, mfvideosrc, mfh264enc,
// d3d11h264dec, d3d11screencapturesrc, …) with the real properties and pad templates, made of
// software elements. Tests only: the plugin is compiled with gcc into a cache folder and reaches
// a process through GST_PLUGIN_PATH (Env); nothing else ever loads it.
package standins

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

//go:embed csrc/standins.c
var source []byte

// Board switches of the stand-ins (GSTCAST_STANDIN_BOARD).
const (
	// OrinNano: the nvv4l2 encoders register but cannot open their device (no NVENC).
	OrinNano = "orin-nano"
	// Pi5: no v4l2h264enc, v4l2h264dec or v4l2convert (no H.264 codec or ISP nodes).
	Pi5 = "pi5"
)

// File is the stand-in plugin's file name (GStreamer finds the plugin "caststandins" in it).
const File = "libgstcaststandins.so"

var (
	once     sync.Once
	dir      string
	buildErr error
)

// Dir compiles the stand-in plugin once per source version (cached across test runs in the
// user's cache folder) and returns the folder that holds it.
func Dir(t testing.TB) string {
	t.Helper()
	once.Do(func() { dir, buildErr = build() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return dir
}

func build() (string, error) {
	flags, err := exec.Command("pkg-config", "--cflags", "--libs", "gstreamer-1.0", "gstreamer-base-1.0").Output()
	if err != nil {
		return "", fmt.Errorf("stand-ins: pkg-config gstreamer-1.0 gstreamer-base-1.0: %v (installer/setup-debian.sh installs the -dev packages)", err)
	}
	sum := sha256.Sum256(append(append([]byte{}, source...), flags...))
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	out := filepath.Join(cache, "gstcast-standins", hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(out, File)); err == nil {
		return out, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(out, "build")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "standins.c")
	if err := os.WriteFile(src, source, 0o644); err != nil {
		return "", err
	}
	so := filepath.Join(tmp, File)
	args := append([]string{"-Wall", "-Werror", "-Wno-unused-parameter", "-O1", "-shared", "-fPIC", "-o", so, src},
		strings.Fields(string(flags))...)
	if b, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("stand-ins: gcc: %v\n%s", err, b)
	}
	// Renamed into place: concurrent test binaries never load a half-written plugin.
	return out, os.Rename(so, filepath.Join(out, File))
}

// Env is the environment that makes a process (a plugin, gst-launch-1.0) see the stand-ins,
// on the given board ("" for one with every hardware encoder): GST_PLUGIN_PATH, a registry of
// its own (so the system's cached registry never hides or keeps a stand-in), and
// GSTCAST_PLUGIN_ANY_OS so the Windows plugin claims support on Linux.
func Env(t testing.TB, board string) []string {
	t.Helper()
	return []string{
		"GST_PLUGIN_PATH=" + Dir(t),
		"GST_REGISTRY=" + filepath.Join(t.TempDir(), "registry.bin"),
		"GSTCAST_PLUGIN_ANY_OS=1",
		"GSTCAST_STANDIN_BOARD=" + board,
	}
}
