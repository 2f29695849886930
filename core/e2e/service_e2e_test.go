package e2e_test

// The service process end to end: `gstcast service run --user --config F`, the command the
// user unit starts, as a real process with the real plugin, found by `gstcast status`, read by
// ffprobe, stopped by SIGTERM as systemd stops it.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

func envValue(env []string, key string) string {
	for _, kv := range env {
		if strings.HasPrefix(kv, key+"=") {
			return strings.TrimPrefix(kv, key+"=")
		}
	}
	return ""
}

// alive: the process exists and is not a zombie (its parent is gone and nobody reaped it yet).
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(s[i+1:], " Z")
}

func TestServiceRunUser(t *testing.T) {
	testbin.Need(t, "ffprobe")
	env := pluginEnv(t)
	port := freeTCPPort(t)
	cfg := writeConfig(t, fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - name: cam\n    source: test://ball?width=320&height=240\n", port))
	gstcast := testbin.Gstcast(t)
	p := testbin.Start(t, env, gstcast, "service", "run", "--user", "--config", cfg)

	// gstcast status, with the same environment, finds it and its mount.
	var status string
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		status, _ = testbin.Run(t, 30*time.Second, env, gstcast, "status")
		if strings.Contains(status, "cam") && strings.Contains(status, "playing") {
			break
		}
		if time.Now().After(deadline) || p.Cmd.ProcessState != nil {
			t.Fatalf("gstcast status never showed the service's mount:\n%s\nservice:\n%s", status, p.Output())
		}
	}
	socket := filepath.Join(envValue(env, "XDG_RUNTIME_DIR"), "gstcast", "api.sock")
	for _, want := range []string{"daemon:  the gstcast daemon at " + socket, fmt.Sprintf("pid %d", p.Cmd.Process.Pid), "config:  " + cfg, "service: "} {
		if !strings.Contains(status, want) {
			t.Errorf("gstcast status lacks %q:\n%s", want, status)
		}
	}
	svc, code := testbin.Run(t, 30*time.Second, env, gstcast, "service", "status", "--user")
	if code != 0 || !strings.Contains(svc, "the gstcast user service: ") || !strings.Contains(svc, fmt.Sprintf("rtsp://127.0.0.1:%d/cam", port)) {
		t.Errorf("gstcast service status --user: exit %d:\n%s", code, svc)
	}
	mustPlay(t, "tcp", fmt.Sprintf("rtsp://127.0.0.1:%d/cam", port), "h264,320,240")

	plugins := testbin.Children(p.Cmd.Process.Pid)
	if len(plugins) == 0 {
		t.Fatal("the service runs no plugin process")
	}
	t0 := time.Now()
	p.Signal(syscall.SIGTERM)
	if code := p.Wait(t, 15*time.Second); code != 0 {
		t.Errorf("exit code after SIGTERM = %d:\n%s", code, p.Output())
	}
	if took := time.Since(t0); took > 5*time.Second {
		t.Errorf("the service took %s to stop after SIGTERM", took)
	} else {
		t.Logf("stopped %s after SIGTERM", took)
	}
	for _, pid := range plugins {
		if alive(pid) {
			t.Errorf("plugin process %d still runs after the service stopped", pid)
		}
	}
	if _, err := os.Stat(socket); err == nil {
		t.Errorf("the API socket %s is left behind", socket)
	}
	// The rotated log file holds the run, plugin lines tagged with the plugin.
	logFile := filepath.Join(envValue(env, "XDG_CACHE_HOME"), "gstcast", "gstcast.log")
	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"gstcast daemon running", "plugin=linux-v4l2", "gstcast service stopping", "gstcast daemon stopped"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", logFile, want, b)
		}
	}
}

// A service whose config cannot be read ends at once with exit code 1 and says why (systemd's
// Restart=on-failure then tries again a few seconds later).
func TestServiceRunBadConfig(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	out, code := testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "service", "run", "--user", "--config", missing)
	if code != 1 || !strings.Contains(out, missing) || strings.Contains(out, "panic") {
		t.Errorf("service run with a missing config: exit %d:\n%s", code, out)
	}
	out, code = testbin.Run(t, 60*time.Second, pluginEnv(t), testbin.Gstcast(t), "service", "run", "--config", missing)
	if code != 2 || !strings.Contains(out, "--system or --user") {
		t.Errorf("service run without a scope: exit %d:\n%s", code, out)
	}
}
