//go:build linux

package service

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func testUnit(t *testing.T, user bool) Unit {
	t.Helper()
	exe, err := os.Executable() // systemd-analyze verify wants ExecStart's binary to exist
	if err != nil {
		t.Fatal(err)
	}
	sp := Spec{User: user, Config: "/etc/gstcast/my config.yaml", Executable: exe}
	return Unit{User: user, Exec: append([]string{exe}, sp.Args()...), Groups: []string{"video", "render"}}
}

func lines(text string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		out[strings.TrimSpace(l)] = true
	}
	return out
}

// The system unit: restarted after a few seconds (not kardianos's 120), after the network, as
// the gstcast user with the device groups, with its log and socket folders, and a sandbox that
// leaves /dev alone.
func TestSystemUnit(t *testing.T) {
	u := testUnit(t, false)
	text := u.Render()
	have := lines(text)
	for _, want := range []string{
		"[Unit]", "After=network-online.target", "Wants=network-online.target",
		"[Service]", "Restart=on-failure", "RestartSec=5", "KillMode=mixed", "TimeoutStopSec=15",
		"ExecStart=" + u.Exec[0] + ` service run --system --config "/etc/gstcast/my config.yaml"`,
		"ExecReload=/bin/kill -HUP $MAINPID",
		"User=gstcast", "Group=gstcast", "SupplementaryGroups=video render",
		"LogsDirectory=gstcast", "RuntimeDirectory=gstcast", "RuntimeDirectoryMode=0755",
		"StateDirectory=gstcast", "CacheDirectory=gstcast",
		"AmbientCapabilities=CAP_NET_BIND_SERVICE", "NoNewPrivileges=yes", "ProtectSystem=strict",
		"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
		"[Install]", "WantedBy=multi-user.target",
	} {
		if !have[want] {
			t.Errorf("system unit lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"RestartSec=120", "PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock", "PrivateTmp",
		"MemoryDenyWriteExecute", "default.target", "{{"} {
		if strings.Contains(text, bad+"=") || (bad == "{{" && strings.Contains(text, bad)) {
			t.Errorf("system unit has %s:\n%s", bad, text)
		}
	}
}

// The user unit is wanted by default.target (a user manager never reaches multi-user.target)
// and names no account or system target.
func TestUserUnit(t *testing.T) {
	u := testUnit(t, true)
	text := u.Render()
	have := lines(text)
	for _, want := range []string{"Restart=on-failure", "RestartSec=5", "KillMode=mixed", "WantedBy=default.target",
		"ExecStart=" + u.Exec[0] + ` service run --user --config "/etc/gstcast/my config.yaml"`} {
		if !have[want] {
			t.Errorf("user unit lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"multi-user.target", "network-online.target", "User=", "Group=", "SupplementaryGroups=", "RestartSec=120", "ProtectSystem="} {
		if strings.Contains(text, bad) {
			t.Errorf("user unit has %q:\n%s", bad, text)
		}
	}
}

func TestExecLineQuoting(t *testing.T) {
	got := execLine([]string{"/opt/gst cast/gstcast", "run", `a"b`, `c\d`, "50%", "$HOME", ""})
	want := `"/opt/gst cast/gstcast" run "a\"b" "c\\d" 50%% $$HOME ""`
	if got != want {
		t.Errorf("execLine = %s, want %s", got, want)
	}
}

// systemd's own parser accepts both units without a word (systemd-analyze verify needs no
// systemd as PID 1), and says something about a unit that is wrong (so silence means something).
func TestUnitsVerify(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Fatal("systemd-analyze is not installed: run installer/setup-debian.sh (Debian's systemd package)")
	}
	verify := func(t *testing.T, user bool, text string) string {
		t.Helper()
		dir := t.TempDir()
		path := filepath.Join(dir, Name+".service")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"verify", path}
		cmd := exec.Command("systemd-analyze", args...)
		if user {
			cmd = exec.Command("systemd-analyze", append([]string{"--user"}, args...)...)
			// The user manager it simulates wants a runtime folder of its own.
			cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+t.TempDir())
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze %v: %v\n%s", cmd.Args[1:], err, out)
		}
		// Only lines about this unit count (a host's own units may draw remarks of their own).
		var ours []string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, Name+".service") || strings.Contains(l, path) {
				ours = append(ours, l)
			}
		}
		return strings.Join(ours, "\n")
	}
	for _, user := range []bool{false, true} {
		u := testUnit(t, user)
		if out := verify(t, user, u.Render()); out != "" {
			t.Errorf("systemd-analyze verify (user=%v) has remarks:\n%s\n%s", user, out, u.Render())
		}
		broken := strings.Replace(u.Render(), "RestartSec=5", "RestartSec=soon\nRestartsec=5", 1)
		if out := verify(t, user, broken); !strings.Contains(out, "soon") || !strings.Contains(out, "Restartsec") {
			t.Errorf("systemd-analyze verify (user=%v) says nothing about a broken unit: %q", user, out)
		}
	}
}

var update = flag.Bool("update", false, "rewrite installer/systemd/gstcast.service")

// The unit packages ship is the one install writes, for /usr/bin/gstcast.
func TestPackagedUnit(t *testing.T) {
	path := filepath.Join("..", "..", "installer", "systemd", Name+".service")
	want := PackagedUnit().Render()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s is not what PackagedUnit renders (go test ./core/service -run TestPackagedUnit -update): %v\n%s", path, err, want)
	}
	if !strings.Contains(want, "ExecStart=/usr/bin/gstcast service run --system --config /etc/gstcast/gstcast.yaml") {
		t.Errorf("packaged unit:\n%s", want)
	}
}
