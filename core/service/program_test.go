//go:build linux

package service

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/daemon"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/internal/testbin"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}

// daemonEnv gives this test's daemon folders of its own (its socket, config and log do not
// meet another test's) and the freshly built plugin.
func daemonEnv(t *testing.T) {
	t.Helper()
	t.Setenv("GSTCAST_PLUGIN_PATH", testbin.Dir(t))
	t.Setenv("XDG_RUNTIME_DIR", testbin.ShortTempDir(t))
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(control.EnvAPI, "")
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func writeConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gstcast.yaml")
	text := fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: cam, source: 'test://ball?width=320&height=240'}\n", freePort(t))
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pluginChildren are this process's plugin processes.
func pluginChildren() []int {
	var out []int
	for _, pid := range testbin.Children(os.Getpid()) {
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		stat, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if strings.HasPrefix(string(comm), "gstcast-plugin") && !zombie(string(stat)) {
			out = append(out, pid)
		}
	}
	return out
}

func zombie(stat string) bool {
	i := strings.LastIndexByte(stat, ')')
	return i > 0 && strings.HasPrefix(stat[i+1:], " Z")
}

func gone(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || zombie(string(stat)) || syscall.Kill(pid, 0) != nil
}

func waitNoPlugins(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(pluginChildren()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("plugin processes %v still run", pluginChildren())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The service's run loop with the real daemon and the real plugin: Start returns before the
// daemon is up (the service manager is waiting), the daemon then serves the config's mount on
// its API socket, and Stop ends the stream and the plugin process well inside its deadline.
func TestProgramStartsAtOnceStopsInTime(t *testing.T) {
	daemonEnv(t)
	p := &Program{Options: daemon.Options{ConfigPath: writeConfig(t), LogFile: "-"}}
	t0 := time.Now()
	if err := p.Start(nil); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	select {
	case <-p.Ready():
		t.Fatal("Start returned only once the daemon was up: it must return at once")
	default:
	}
	if took > 100*time.Millisecond {
		t.Errorf("Start took %s", took)
	}
	select {
	case <-p.Ready():
	case <-time.After(90 * time.Second):
		t.Fatal("the daemon did not start within 90 s")
	}
	if p.Err() != nil || p.Daemon() == nil {
		t.Fatalf("daemon: %v", p.Err())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := control.Dial(ctx)
	if err != nil {
		t.Fatalf("the daemon's API socket does not answer: %v", err)
	}
	defer c.Close()
	for {
		st, err := c.Get(ctx, "cam")
		if err == nil && st.State == engine.StatePlaying {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("mount cam: %+v %v", st, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	plugins := pluginChildren()
	if len(plugins) == 0 {
		t.Fatal("no plugin process runs")
	}
	socket := control.UserSocket()

	t1 := time.Now()
	if err := p.Stop(nil); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if took := time.Since(t1); took > DefaultStopTimeout {
		t.Errorf("Stop took %s", took)
	} else {
		t.Logf("Stop took %s", took)
	}
	for _, pid := range plugins {
		if !gone(pid) {
			t.Errorf("plugin process %d still runs after Stop", pid)
		}
	}
	if _, err := os.Stat(socket); err == nil {
		t.Errorf("the API socket %s is left behind", socket)
	}
	if _, err := control.Dial(ctx); !errors.Is(err, control.ErrNoDaemon) {
		t.Errorf("after Stop, Dial: %v", err)
	}
}

// A stop that comes while the plugins are still starting ends the start: nothing is left.
func TestProgramStopWhileStarting(t *testing.T) {
	daemonEnv(t)
	p := &Program{Options: daemon.Options{ConfigPath: writeConfig(t), LogFile: "-"}}
	if err := p.Start(nil); err != nil {
		t.Fatal(err)
	}
	// Stop once a plugin process runs and the daemon is still starting (the stream's encoder
	// probe and first start take a while).
	for deadline := time.Now().Add(30 * time.Second); len(pluginChildren()) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no plugin process within 30 s")
		}
	}
	select {
	case <-p.Ready():
		t.Log("the daemon was up before Stop came: this run tests a plain stop")
	default:
	}
	t0 := time.Now()
	if err := p.Stop(nil); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if took := time.Since(t0); took > DefaultStopTimeout {
		t.Errorf("Stop took %s", took)
	}
	select {
	case <-p.Failed():
		t.Error("a start cancelled by Stop counts as a failure (the service manager would restart it)")
	default:
	}
	waitNoPlugins(t, 5*time.Second)
}

// A daemon that cannot start (no config file) makes the program fail: the service ends with
// the error and the service manager starts it again.
func TestProgramFailedStart(t *testing.T) {
	daemonEnv(t)
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	p := &Program{Options: daemon.Options{ConfigPath: missing, LogFile: "-"}}
	if err := p.Start(nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Failed():
	case <-time.After(30 * time.Second):
		t.Fatal("no failure")
	}
	if err := p.Err(); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Err: %v", err)
	}
	done := make(chan struct{})
	go func() { p.wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("RunWait does not return after a failed start")
	}
	if err := p.Stop(nil); err != nil {
		t.Errorf("Stop after a failed start: %v", err)
	}
}

type stuck struct{ release chan struct{} }

func (s stuck) Close() { <-s.release }

// A daemon whose Close hangs does not hold Stop past its deadline.
func TestProgramStopDeadline(t *testing.T) {
	s := stuck{release: make(chan struct{})}
	defer close(s.release)
	p := &Program{StopTimeout: 300 * time.Millisecond}
	p.start = func(context.Context, daemon.Options) (closer, error) { return s, nil }
	p.Start(nil)
	<-p.Ready()
	t0 := time.Now()
	err := p.Stop(nil)
	took := time.Since(t0)
	if err == nil || !strings.Contains(err.Error(), "did not stop within 300ms") {
		t.Errorf("Stop: %v", err)
	}
	if took < 300*time.Millisecond || took > 2*time.Second {
		t.Errorf("Stop took %s with a 300ms deadline", took)
	}
	if err := p.Start(nil); err == nil {
		t.Error("a second Start was taken")
	}
}
