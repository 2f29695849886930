package e2e_test

// The Linux plugins cross-built for linux/arm64 (Jetson, Raspberry Pi) start under qemu-user far
// enough to answer go-plugin's handshake and the contract's Info, through go-plugin's own client
// (AutoMTLS, gRPC), as the host starts them.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// arm64Build returns the folder of the arm64 build: GSTCAST_ARM64_DIR when installer/test.sh
// built it already, else a build made now with installer/build.sh --target linux/arm64.
func arm64Build(t *testing.T) (dir, sysroot string) {
	t.Helper()
	sysroot = os.Getenv("GSTCAST_ARM64_SYSROOT")
	if sysroot == "" {
		out, err := exec.Command("bash", filepath.Join(testbin.Root(), "installer", "setup-arm64-sysroot.sh")).Output()
		if err != nil {
			t.Fatalf("arm64 sysroot: %v (installer/setup-arm64-sysroot.sh makes it; it needs the arm64 apt lists)", err)
		}
		lines := testbin.Lines(string(out))
		sysroot = lines[len(lines)-1]
	}
	if dir = os.Getenv("GSTCAST_ARM64_DIR"); dir != "" {
		return dir, sysroot
	}
	dir = t.TempDir()
	cmd := exec.Command("bash", filepath.Join(testbin.Root(), "installer", "build.sh"), "--target", "linux/arm64", dir)
	cmd.Dir = testbin.Root()
	cmd.Env = append(os.Environ(), "GSTCAST_VERSION=test", "GSTCAST_ARM64_SYSROOT="+sysroot)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("arm64 build: %v\n%s", err, out)
	}
	return dir, sysroot
}

func TestArm64PluginsAnswerUnderQEMU(t *testing.T) {
	qemu, err := exec.LookPath("qemu-aarch64-static")
	if err != nil {
		t.Fatal("qemu-aarch64-static is not installed: run installer/setup-debian.sh (qemu-user-static)")
	}
	dir, sysroot := arm64Build(t)
	if out, err := exec.Command("file", filepath.Join(dir, "gstcast")).Output(); err == nil && !strings.Contains(string(out), "aarch64") {
		t.Errorf("the arm64 host is not an arm64 binary: %s", out)
	}
	var wg sync.WaitGroup
	for _, name := range []string{"linux-v4l2", "jetson-nvargus", "rpi-v4l2m2m"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := plugin.NewClient(&plugin.ClientConfig{
				HandshakeConfig:  pluginapi.Handshake,
				VersionedPlugins: pluginapi.HostPlugins(),
				Cmd:              qemuCmd(t, qemu, sysroot, filepath.Join(dir, "gstcast-plugin-"+name)),
				AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
				AutoMTLS:         true,
				StartTimeout:     2 * time.Minute, // emulated GStreamer scans its plugins first
				Logger:           hclog.New(&hclog.LoggerOptions{Level: hclog.Warn, Output: os.Stderr}),
			})
			defer client.Kill()
			rpc, err := client.Client()
			if err != nil {
				t.Errorf("%s under qemu: handshake: %v", name, err)
				return
			}
			raw, err := rpc.Dispense(pluginapi.PluginName)
			if err != nil {
				t.Errorf("%s: dispense: %v", name, err)
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			info, err := raw.(pluginapi.Platform).Info(ctx)
			if err != nil {
				t.Errorf("%s: Info: %v", name, err)
				return
			}
			if info.Name != name || info.OS != "linux" || info.Arch != "arm64" || !strings.HasPrefix(info.GStreamerVersion, "1.") ||
				info.ProtocolVersion != pluginapi.ProtocolVersion {
				t.Errorf("%s: Info %+v", name, info)
			}
			t.Logf("%s under qemu-aarch64: %s/%s, GStreamer %s, supported=%v (%s)", name, info.OS, info.Arch,
				info.GStreamerVersion, info.Supported, info.Reason)
		}()
	}
	wg.Wait()
}

// qemuCmd runs an arm64 binary with the sysroot's loader and libraries. GStreamer scans its
// plugins in process (no gst-plugin-scanner child, which would be an arm64 binary exec'd outside
// qemu) into a registry of its own.
func qemuCmd(t *testing.T, qemu, sysroot, bin string) *exec.Cmd {
	cmd := exec.Command(qemu, "-L", sysroot, bin)
	cmd.Env = append(os.Environ(), "GST_REGISTRY_FORK=no", "GST_REGISTRY="+filepath.Join(t.TempDir(), "registry.bin"),
		"GST_PLUGIN_SYSTEM_PATH="+filepath.Join(sysroot, "usr/lib/aarch64-linux-gnu/gstreamer-1.0"))
	return cmd
}
