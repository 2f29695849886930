package viewer

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// DefaultSnapshotDir is the user's pictures folder (XDG_PICTURES_DIR on Linux, ~/Pictures
// elsewhere) when it exists, else the working directory.
func DefaultSnapshotDir() string {
	home, _ := os.UserHomeDir()
	var candidates []string
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && home != "" {
		candidates = append(candidates, xdgPicturesDir(home))
	}
	if home != "" {
		candidates = append(candidates, filepath.Join(home, "Pictures"))
	}
	for _, d := range candidates {
		if fi, err := os.Stat(d); d != "" && err == nil && fi.IsDir() {
			return d
		}
	}
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return "."
}

// xdgPicturesDir reads XDG_PICTURES_DIR from user-dirs.dirs, the file xdg-user-dirs keeps in
// the shell syntax XDG_PICTURES_DIR="$HOME/Bilder"; "" when it is not set.
func xdgPicturesDir(home string) string {
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		cfg = filepath.Join(home, ".config")
	}
	f, err := os.Open(filepath.Join(cfg, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "XDG_PICTURES_DIR=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok {
			return filepath.Join(home, rest)
		}
		if filepath.IsAbs(v) {
			return v
		}
	}
	return ""
}
