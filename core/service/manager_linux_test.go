package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/internal/testbin"
)

// managerFor is a manager whose machine checks say what the test wants: euid, and whether
// systemd (and the user's manager) run.
func managerFor(sp Spec, euid int, systemd error) (*Manager, *bytes.Buffer) {
	var out bytes.Buffer
	m := NewManager(sp, &out)
	m.host.euid = func() int { return euid }
	m.host.systemd = func() error { return systemd }
	m.host.userManager = func() error { return nil }
	return m, &out
}

// Changing the system service without root says what to do, and changes nothing.
func TestSystemServiceNeedsRoot(t *testing.T) {
	m, out := managerFor(Spec{}, 1000, nil)
	for verb, do := range map[string]func() error{"install": m.Install, "uninstall": m.Uninstall,
		"start": m.Start, "stop": m.Stop, "restart": m.Restart} {
		err := do()
		if !errors.Is(err, ErrNeedRoot) || !strings.Contains(err.Error(), "run with sudo, or use --user") ||
			!strings.Contains(err.Error(), "to "+verb+" the gstcast system service") {
			t.Errorf("%s without root: %v", verb, err)
		}
	}
	if out.Len() != 0 {
		t.Errorf("said %q", out)
	}
	// A user service needs no root.
	um, _ := managerFor(Spec{User: true}, 1000, errorf(ErrNoServiceManager, "no systemd"))
	if err := um.Install(); errors.Is(err, ErrNeedRoot) {
		t.Errorf("user install without root: %v", err)
	}
}

// Without systemd as PID 1 (a container) every change says so, and Status says why it knows nothing.
func TestNoSystemd(t *testing.T) {
	err := systemdBooted()
	if err == nil {
		t.Skip("systemd is PID 1 here: the no-systemd message is tested where it is not")
	}
	if !errors.Is(err, ErrNoServiceManager) || !strings.Contains(err.Error(), "systemd is not running here") ||
		!strings.Contains(err.Error(), "gstcast serve") {
		t.Errorf("systemdBooted: %v", err)
	}
	for _, user := range []bool{false, true} {
		m, _ := managerFor(Spec{User: user}, 0, err)
		if e := m.Install(); !errors.Is(e, ErrNoServiceManager) {
			t.Errorf("install (user=%v) without systemd: %v", user, e)
		}
		if e := m.Uninstall(); !errors.Is(e, ErrNoServiceManager) {
			t.Errorf("uninstall (user=%v) without systemd: %v", user, e)
		}
		st := m.Status()
		if !errors.Is(st.Err, ErrNoServiceManager) || st.Running || st.Word() != "unavailable here" {
			t.Errorf("status (user=%v) without systemd: %+v %s", user, st, st.Word())
		}
	}
}

// Uninstalling, starting or stopping a service that is not installed says so and how to install it.
func TestNotInstalled(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	m, _ := managerFor(Spec{User: true}, 1000, nil)
	unit := filepath.Join(home, ".config", "systemd", "user", "gstcast.service")
	if m.UnitPath() != unit {
		t.Errorf("user unit at %s, want %s (where kardianos writes it)", m.UnitPath(), unit)
	}
	for verb, do := range map[string]func() error{"uninstall": m.Uninstall, "start": m.Start, "stop": m.Stop, "restart": m.Restart} {
		err := do()
		if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "the gstcast user service is not installed") ||
			!strings.Contains(err.Error(), unit) || !strings.Contains(err.Error(), "gstcast service install --user") {
			t.Errorf("%s of a user service not installed: %v", verb, err)
		}
	}
	if st := m.Status(); st.Installed || st.Err != nil || st.Word() != "not installed" {
		t.Errorf("status: %+v", st)
	}
	if _, err := os.Stat("/etc/systemd/system/gstcast.service"); err == nil {
		return // a real system service is installed here: leave it alone
	}
	sm, _ := managerFor(Spec{}, 0, nil)
	if err := sm.Uninstall(); !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "the gstcast system service is not installed") {
		t.Errorf("uninstall of a system service not installed: %v", err)
	}
}

// Install checks the config it will run with: a broken one is refused with its line, and
// nothing is installed.
func TestInstallRefusesBrokenConfig(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg := filepath.Join(t.TempDir(), "gstcast.yaml")
	os.WriteFile(cfg, []byte("mounts:\n  - name: cam\n    sorce: test://\n"), 0o600)
	m, _ := managerFor(Spec{User: true, Config: cfg}, 1000, nil)
	err := m.Install()
	if err == nil || !strings.Contains(err.Error(), cfg) || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "fix it first") {
		t.Errorf("install with a broken config: %v", err)
	}
	if _, err := os.Stat(m.UnitPath()); err == nil {
		t.Error("a unit was written for a broken config")
	}
}

// Where systemd is not PID 1, kardianos's systemd installer still writes the unit before
// systemctl enable fails: it writes ours, byte for byte, where UnitPath says, and install
// writes a commented default config first.
func TestInstallWritesOurUnit(t *testing.T) {
	if systemdBooted() == nil {
		t.Skip("systemd is PID 1 here: TestRealInstall covers install")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	m, out := managerFor(Spec{User: true}, 1000, nil)
	err := m.Install()
	if err == nil || !strings.Contains(err.Error(), "install "+m.UnitPath()) || !strings.Contains(err.Error(), "systemctl enable gstcast.service failed") {
		t.Fatalf("install without a systemd to enable it: %v", err)
	}
	if _, err := os.Stat(m.UnitPath()); err == nil {
		t.Fatal("a unit that was not enabled is left behind (install could not be run again)")
	}
	m.host.keepFailedUnit = true
	if err := m.Install(); err == nil {
		t.Fatal("install without a systemd to enable it worked")
	}
	sp, _ := m.Spec.resolved()
	if sp.Config != filepath.Join(home, ".config", "gstcast", "gstcast.yaml") {
		t.Errorf("user config at %s", sp.Config)
	}
	text, err := os.ReadFile(sp.Config)
	if err != nil || string(text) != DefaultConfigText {
		t.Errorf("default config not written: %v", err)
	}
	if fi, _ := os.Stat(sp.Config); fi == nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("user config mode %v", fi.Mode())
	}
	if !strings.Contains(out.String(), "wrote a commented config to "+sp.Config) {
		t.Errorf("install said %q", out)
	}
	got, err := os.ReadFile(m.UnitPath())
	if err != nil {
		t.Fatal(err)
	}
	want := Unit{User: true, Exec: append([]string{sp.Executable}, sp.Args()...)}.Render()
	if string(got) != want {
		t.Errorf("kardianos wrote\n%s\nwant\n%s", got, want)
	}
	// Installing again is refused (and the existing config is kept).
	if err := m.Install(); !errors.Is(err, ErrAlreadyInstalled) {
		t.Errorf("second install: %v", err)
	}
}

// For real, where systemd is PID 1 and the test runs as root: install the system service (and a
// user service when this user's manager answers) with the built binary, see it run and serve,
// stop, start, restart, uninstall.
func TestRealInstall(t *testing.T) {
	if err := systemdBooted(); err != nil {
		pid1, _ := os.ReadFile("/proc/1/comm")
		t.Skipf("systemd is not PID 1 here (PID 1 is %q): a real install/uninstall of the system and user units is not tested (TestUnitsVerify checks the units, TestInstallWritesOurUnit what install writes)",
			strings.TrimSpace(string(pid1)))
	}
	for _, user := range []bool{false, true} {
		t.Run(map[bool]string{false: "system", true: "user"}[user], func(t *testing.T) {
			if !user && os.Geteuid() != 0 {
				t.Skip("installing the system service needs root")
			}
			if user && userManagerAnswers() != nil {
				t.Skipf("no systemd user manager answers: %v", userManagerAnswers())
			}
			realInstall(t, user)
		})
	}
}

func realInstall(t *testing.T, user bool) {
	var out bytes.Buffer
	m := NewManager(Spec{User: user}, &out)
	if _, err := os.Stat(m.UnitPath()); err == nil {
		t.Skipf("%s is installed here already; this test leaves it alone", m.Spec.What())
	}
	bin := testbin.Dir(t)
	os.Chmod(bin, 0o755) // the gstcast user runs it
	dir, err := os.MkdirTemp("", "gcsvc")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	cfg := filepath.Join(dir, "gstcast.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: cam, source: 'test://ball?width=320&height=240'}\n", freePort(t))), 0o644)
	m.Spec = Spec{User: user, Config: cfg, Executable: filepath.Join(bin, "gstcast")}
	defer m.Uninstall()
	if err := m.Install(); err != nil {
		t.Fatalf("install: %v\n%s", err, out.String())
	}
	t.Log(out.String())
	waitState := func(want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for m.Status().Word() != want {
			if time.Now().After(deadline) {
				t.Fatalf("state %s, want %s", m.Status().Word(), want)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	waitState("running")
	sock := control.UserSocket()
	kind := control.KindUser
	if !user {
		sock, kind = control.SystemSocket, control.KindSystem
	}
	c := control.NewClient(control.Endpoint{Kind: kind, Network: "unix", Address: sock}, "")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		st, err := c.Get(ctx, "cam")
		if err == nil && st.State == engine.StatePlaying {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the service does not serve cam: %+v %v", st, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if a, err := c.About(ctx); err != nil || (!user && a.User != Account) {
		t.Errorf("the system service runs as %q (%v), want %s", a.User, err, Account)
	}
	for _, step := range []struct {
		do   func() error
		want string
	}{{m.Stop, "stopped"}, {m.Start, "running"}, {m.Restart, "running"}} {
		if err := step.do(); err != nil {
			t.Fatal(err)
		}
		waitState(step.want)
	}
	if err := m.Uninstall(); err != nil {
		t.Fatalf("uninstall: %v", err)
	}
	if st := m.Status(); st.Installed || st.Running {
		t.Errorf("after uninstall: %+v", st)
	}
	if err := m.Uninstall(); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("second uninstall: %v", err)
	}
}
