//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gstcast/gstcast/core/atomicfile"
)

// AutostartFile is the XDG autostart entry's file name, in $XDG_CONFIG_HOME/autostart
// (~/.config/autostart), which the desktop's session manager starts at login.
const AutostartFile = "gstcast-tray.desktop"

// AutostartPath is where the autostart entry is.
func AutostartPath() (string, error) {
	dir, err := os.UserConfigDir() // $XDG_CONFIG_HOME, else ~/.config
	if err != nil {
		return "", fmt.Errorf("start at login: %w", err)
	}
	return filepath.Join(dir, "autostart", AutostartFile), nil
}

// SetAutostart turns start at login on (writes the autostart entry for AutostartCommand) or
// off (removes it).
func SetAutostart(on bool) error {
	if !on {
		return setAutostart(false, nil)
	}
	cmd, err := AutostartCommand()
	if err != nil {
		return err
	}
	return setAutostart(true, cmd)
}

func setAutostart(on bool, cmd []string) error {
	path, err := AutostartPath()
	if err != nil {
		return err
	}
	if !on {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("start at login: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	if err := atomicfile.Write(path, desktopEntry(cmd), 0o644); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

// Autostart says whether start at login is on: the entry is there and not disabled
// (Hidden=true, or GNOME's X-GNOME-Autostart-enabled=false, which its settings write).
func Autostart() (bool, error) {
	path, err := AutostartPath()
	if err != nil {
		return false, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("start at login: %w", err)
	}
	e := parseDesktopEntry(b)
	return e["Hidden"] != "true" && e["X-GNOME-Autostart-enabled"] != "false", nil
}

// desktopEntry is the autostart entry for cmd (Desktop Entry Specification 1.4: the newest
// that Debian 12's desktop-file-validate knows; nothing newer is used).
func desktopEntry(cmd []string) []byte {
	var b bytes.Buffer
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Version=1.4\n")
	b.WriteString("Name=gstcast\n")
	b.WriteString("Comment=gstcast in the system tray: favourite streams one click away\n")
	b.WriteString("Exec=" + execLine(cmd) + "\n")
	b.WriteString("Icon=io.github.gstcast.gstcast\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return b.Bytes()
}

// execLine quotes a command for an Exec key: an argument with a reserved character goes in
// double quotes, with ", `, $ and \ escaped by a backslash; % is doubled (field codes); and
// the whole is then escaped as a string value (\ → \\, newline → \n).
func execLine(cmd []string) string {
	parts := make([]string, len(cmd))
	for i, a := range cmd {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
			var q strings.Builder
			q.WriteByte('"')
			for _, r := range a {
				if strings.ContainsRune("\"`$\\", r) {
					q.WriteByte('\\')
				}
				q.WriteRune(r)
			}
			q.WriteByte('"')
			a = q.String()
		}
		parts[i] = strings.ReplaceAll(a, "%", "%%")
	}
	s := strings.Join(parts, " ")
	s = strings.ReplaceAll(s, `\`, `\\`)
	return strings.ReplaceAll(s, "\n", `\n`)
}

// parseDesktopEntry reads the keys of the [Desktop Entry] group (values as written).
func parseDesktopEntry(b []byte) map[string]string {
	out := map[string]string{}
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			group = line[1 : len(line)-1]
		case group == "Desktop Entry":
			if k, v, ok := strings.Cut(line, "="); ok {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}
