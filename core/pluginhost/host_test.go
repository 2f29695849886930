package pluginhost

import (
	"bytes"
	"context"
	"errors"
	"github.com/gstcast/gstcast/core/backoff"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/pluginapi"
)

func TestDiscoverOrderAndFilters(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, name string, mode os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+name), mode); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "gstcast-plugin-one", 0o755)
	write(b, "gstcast-plugin-one", 0o755) // shadowed by a's
	write(b, "gstcast-plugin-two", 0o755)
	write(b, "gstcast-plugin-three", 0o644)      // not executable
	write(b, "gstcast-plugin-two.sha256", 0o755) // not a plugin name
	write(b, "other-binary", 0o755)
	got, err := Discover([]string{a, filepath.Join(a, "missing"), b})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "one" || got[0].Path != filepath.Join(a, "gstcast-plugin-one") || got[1].Name != "two" {
		t.Fatalf("Discover = %+v", got)
	}
	if len(got[0].SHA256) != 32 {
		t.Fatalf("checksum %x", got[0].SHA256)
	}
	t.Setenv(PathEnv, b+string(os.PathListSeparator)+a)
	if dirs := SearchDirs(); dirs[0] != b || dirs[1] != a {
		t.Fatalf("SearchDirs = %v: %s must come first", dirs, PathEnv)
	}
}

func logger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestUnknownProtocolVersionIsRefused(t *testing.T) {
	dir := t.TempDir()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "gstcast-plugin-badversion"), "./testdata/badversion").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	var logs bytes.Buffer
	h, err := Start(context.Background(), logger(&logs), Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	failed := h.Failed()
	if len(h.Plugins()) != 0 || len(failed) != 1 {
		t.Fatalf("plugins %v failed %v", h.Plugins(), failed)
	}
	msg := failed[0].Err.Error()
	if !errors.Is(failed[0].Err, ErrVersion) || !strings.Contains(msg, "version 99") || !strings.Contains(msg, "speaks version 1") {
		t.Fatalf("error does not name both versions: %v", msg)
	}
}

// The real linux-v4l2 plugin: started, logs bridged, killed, restarted with its checksum checked.
func TestRestartAfterKillAndLogBridge(t *testing.T) {
	dir := testbin.Dir(t)
	var logs syncBuffer
	h, err := Start(context.Background(), slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Options{Dirs: []string{dir}, Only: []string{"linux-v4l2"}, Restart: backoff.Policy{Min: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	p, err := h.Get("linux-v4l2")
	if err != nil {
		t.Fatalf("%v (failed: %v)", err, h.Failed())
	}
	if info := p.Info(); info.Version != "test" || !info.Supported || info.ProtocolVersion != pluginapi.ProtocolVersion {
		t.Fatalf("info %+v", info)
	}
	downs := make(chan struct{}, 1)
	ups := make(chan struct{}, 1)
	p.OnDown(func(*Plugin) { downs <- struct{}{} })
	p.OnUp(func(*Plugin) { ups <- struct{}{} })

	pid := p.PID()
	if pid == 0 {
		t.Fatal("no pid")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []chan struct{}{downs, ups} {
		select {
		case <-ch:
		case <-time.After(20 * time.Second):
			t.Fatalf("no restart; logs:\n%s", logs.String())
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pl, err := p.Platform(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pl.Info(ctx); err != nil {
		t.Fatalf("restarted plugin does not answer: %v", err)
	}
	if p.Restarts() != 1 || p.PID() == pid {
		t.Fatalf("restarts %d pid %d (was %d)", p.Restarts(), p.PID(), pid)
	}
	// The plugin's own log lines reach the host's slog, tagged with the plugin's name.
	if !strings.Contains(logs.String(), "plugin exited unexpectedly") || !strings.Contains(logs.String(), "plugin=linux-v4l2") {
		t.Fatalf("logs:\n%s", logs.String())
	}
}

func TestCrashingPluginIsReported(t *testing.T) {
	dir := t.TempDir()
	// Exits at once, as a plugin with a missing shared library would.
	script := "#!/bin/sh\necho 'error while loading shared libraries: libgstreamer-1.0.so.0' >&2\nexit 127\n"
	if err := os.WriteFile(filepath.Join(dir, "gstcast-plugin-broken"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	h, err := Start(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if f := h.Failed(); len(f) != 1 || !strings.Contains(f[0].Err.Error(), "broken") {
		t.Fatalf("failed = %v", f)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.buf.String() }
