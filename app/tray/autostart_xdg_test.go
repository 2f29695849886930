//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/app/tray/traytest"
)

// Start at login writes ~/.config/autostart/gstcast-tray.desktop (under XDG_CONFIG_HOME)
// that runs this executable with AutostartArg, says so, and removes it again.
func TestAutostartEntry(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	path := filepath.Join(home, "autostart", AutostartFile)
	if got, err := AutostartPath(); err != nil || got != path {
		t.Fatalf("AutostartPath = %q, %v", got, err)
	}
	if on, err := Autostart(); err != nil || on {
		t.Fatalf("before: %v %v", on, err)
	}
	if err := SetAutostart(true); err != nil {
		t.Fatal(err)
	}
	if on, err := Autostart(); err != nil || !on {
		t.Fatalf("after SetAutostart(true): %v %v", on, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e := parseDesktopEntry(b)
	exe, _ := os.Executable()
	if e["Type"] != "Application" || e["Name"] != "gstcast" || e["Terminal"] != "false" {
		t.Errorf("entry:\n%s", b)
	}
	if args := splitExec(t, e["Exec"]); len(args) != 2 || args[0] != exe || args[1] != AutostartArg {
		t.Errorf("Exec=%s runs %q, want [%s %s]", e["Exec"], args, exe, AutostartArg)
	}
	traytest.Need(t, "desktop-file-validate")
	if out, err := exec.Command("desktop-file-validate", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate %s: %v\n%s\n%s", path, err, out, b)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v %v", fi.Mode(), err)
	}
	if err := SetAutostart(true); err != nil { // again: the same entry
		t.Fatal(err)
	}

	// Turned off by the desktop's own settings: GNOME writes X-GNOME-Autostart-enabled=false,
	// others Hidden=true.
	for _, off := range []struct{ line, repl string }{
		{"X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"},
		{"Type=Application", "Type=Application\nHidden=true"},
	} {
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), off.line, off.repl, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if on, err := Autostart(); err != nil || on {
			t.Errorf("with %s: %v %v", off.repl, on, err)
		}
	}

	if err := SetAutostart(false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("entry still there: %v", err)
	}
	if err := SetAutostart(false); err != nil { // off twice is fine
		t.Fatal(err)
	}
	if on, err := Autostart(); err != nil || on {
		t.Errorf("after SetAutostart(false): %v %v", on, err)
	}
}

// A path with spaces, quotes, dollars, backslashes and percent signs comes back as it was,
// in an entry desktop-file-validate accepts.
func TestExecQuoting(t *testing.T) {
	traytest.Need(t, "desktop-file-validate")
	for _, cmd := range [][]string{
		{"/usr/bin/gstcast", "tray"},
		{"/home/ann/My Apps/gst$cast \"new\"/gstcast", "tray"},
		{`/opt/a\b/100%/gst'cast`, "tray"},
		{"/opt/x", ""},
	} {
		line := execLine(cmd)
		if got := splitExec(t, line); strings.Join(got, "\x00") != strings.Join(cmd, "\x00") {
			t.Errorf("Exec=%s reads back as %q, want %q", line, got, cmd)
		}
		path := filepath.Join(t.TempDir(), AutostartFile)
		if err := os.WriteFile(path, desktopEntry(cmd), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("desktop-file-validate", path).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("desktop-file-validate of Exec=%s: %v\n%s", line, err, out)
		}
	}
	if got := execLine([]string{"/usr/bin/gstcast", "tray"}); got != "/usr/bin/gstcast tray" {
		t.Errorf("plain command quoted: %s", got)
	}
}

// splitExec reads an Exec value as a desktop session does: unescape the string value, then
// split into arguments, honouring double quotes and their backslash escapes, and %%.
func splitExec(t *testing.T, v string) []string {
	t.Helper()
	var s strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 'n':
				s.WriteByte('\n')
			case 's':
				s.WriteByte(' ')
			case 't':
				s.WriteByte('\t')
			default:
				s.WriteByte(v[i])
			}
			continue
		}
		s.WriteByte(v[i])
	}
	in := s.String()
	var args []string
	var cur strings.Builder
	quoted, started := false, false
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case quoted && c == '\\' && i+1 < len(in) && strings.IndexByte("\"`$\\", in[i+1]) >= 0:
			i++
			cur.WriteByte(in[i])
		case c == '"':
			quoted, started = !quoted, true
		case !quoted && c == ' ':
			if started {
				args = append(args, cur.String())
				cur.Reset()
				started = false
			}
		case c == '%' && i+1 < len(in) && in[i+1] == '%':
			i++
			cur.WriteByte('%')
			started = true
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if quoted {
		t.Fatalf("Exec=%s: unbalanced quotes", v)
	}
	if started {
		args = append(args, cur.String())
	}
	return args
}
