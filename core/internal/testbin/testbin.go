// Package testbin builds gstcast and its plugins once per test process, and gives tests the
// small helpers every integration test needs: free loopback ports, processes that are always
// cleaned up, and waiting for output.
package testbin

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	once     sync.Once
	dir      string
	buildErr error
)

// Root is the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Dir builds bin/gstcast and every plugin into a temporary folder (once) and returns it.
func Dir(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		dir, buildErr = os.MkdirTemp("", "gstcast-testbin-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("bash", filepath.Join(Root(), "installer", "build.sh"), dir)
		cmd.Dir = Root()
		cmd.Env = append(os.Environ(), "GSTCAST_VERSION=test")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return dir
}

var (
	builtMu sync.Mutex
	built   = map[string]string{}
)

// Build builds the main package pkg (an import path, or a path relative to the test's package)
// once per test process and returns the binary's path; it is removed by Cleanup.
func Build(t testing.TB, pkg, name string) string {
	t.Helper()
	builtMu.Lock()
	defer builtMu.Unlock()
	if path, ok := built[pkg]; ok {
		return path
	}
	d, err := os.MkdirTemp("", "gstcast-build-")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(d, name)
	if out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput(); err != nil {
		os.RemoveAll(d)
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	built[pkg] = path
	return path
}

// Gstcast is the path of the built gstcast binary.
func Gstcast(t testing.TB) string { return filepath.Join(Dir(t), "gstcast") }

// Plugin is the path of a built plugin binary.
func Plugin(t testing.TB, name string) string { return filepath.Join(Dir(t), "gstcast-plugin-"+name) }

// ShortTempDir is a temporary folder with a short path (Unix socket paths are limited to about
// 100 bytes, and test names make t.TempDir long), removed when the test ends.
func ShortTempDir(t testing.TB) string {
	t.Helper()
	d, err := os.MkdirTemp("", "gc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// FreeUDPPort returns a UDP port on 127.0.0.1 that was free a moment ago.
func FreeUDPPort(t testing.TB) int {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// Need skips the test when a tool the test drives is missing.
func Need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run installer/setup-debian.sh", tool)
		}
	}
}

// Proc is a started process whose output is collected.
type Proc struct {
	Cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	err  error
}

type lockedWriter struct{ p *Proc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.out.Write(b)
}

// Start runs name args in its own process group; it is killed (whole group) when the test ends.
func Start(t testing.TB, env []string, name string, args ...string) *Proc {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	cmd.Stdout = lockedWriter{p}
	cmd.Stderr = lockedWriter{p}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
		if t.Failed() {
			t.Logf("output of %s %s:\n%s", name, strings.Join(args, " "), p.Output())
		}
	})
	return p
}

// Output is everything the process printed so far.
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// WaitOutput waits until the output contains s.
func (p *Proc) WaitOutput(t testing.TB, s string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(p.Output(), s) {
			return
		}
		select {
		case <-p.done:
			if strings.Contains(p.Output(), s) {
				return
			}
			t.Fatalf("process exited (%v) before printing %q:\n%s", p.err, s, p.Output())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no %q within %s:\n%s", s, timeout, p.Output())
}

// Wait waits for the process to exit and returns its exit code.
func (p *Proc) Wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		t.Fatalf("process did not exit within %s:\n%s", timeout, p.Output())
	}
	return p.Cmd.ProcessState.ExitCode()
}

// Signal sends sig to the process (not its group).
func (p *Proc) Signal(sig syscall.Signal) { _ = p.Cmd.Process.Signal(sig) }

// Children returns the PIDs whose parent is pid (Linux /proc).
func Children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		var child int
		if _, err := fmt.Sscanf(e.Name(), "%d", &child); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		var state string
		var ppid int
		fmt.Sscanf(s[i+1:], " %s %d", &state, &ppid)
		if ppid == pid {
			out = append(out, child)
		}
	}
	return out
}

// Run runs a command to completion with a timeout and returns its combined output and exit code.
func Run(t testing.TB, timeout time.Duration, env []string, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	out, _ := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s %s: timed out after %s:\n%s", name, strings.Join(args, " "), timeout, out)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// Lines splits output into non-empty lines.
func Lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Cleanup removes the built binaries; call it from TestMain after m.Run.
func Cleanup() {
	if dir != "" {
		os.RemoveAll(dir)
	}
	builtMu.Lock()
	defer builtMu.Unlock()
	for pkg, path := range built {
		os.RemoveAll(filepath.Dir(path))
		delete(built, pkg)
	}
}
