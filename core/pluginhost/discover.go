// Package pluginhost finds platform plugin binaries, starts them over go-plugin, bridges their
// logs into the host's slog, and restarts them with backoff when they die.
package pluginhost

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Prefix is the file name prefix of plugin binaries: gstcast-plugin-<name>[.exe].
const Prefix = "gstcast-plugin-"

// PathEnv lists extra plugin folders (os.PathListSeparator separated). It is searched first.
const PathEnv = "GSTCAST_PLUGIN_PATH"

// Candidate is a plugin binary found on disk.
type Candidate struct {
	Name   string // linux-v4l2
	Path   string
	SHA256 []byte // checked again by go-plugin when the binary is started
}

// SearchDirs are the folders searched, in order: GSTCAST_PLUGIN_PATH, the executable's folder,
// and the user's plugin folder (~/.config/gstcast/plugins, %AppData%\gstcast\plugins).
func SearchDirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(os.Getenv(PathEnv)) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		dirs = append(dirs, filepath.Dir(exe))
	}
	if cfg, err := os.UserConfigDir(); err == nil {
		dirs = append(dirs, filepath.Join(cfg, "gstcast", "plugins"))
	}
	return dirs
}

// Discover lists the plugins in dirs. When two folders hold the same plugin, the earlier
// folder wins, so GSTCAST_PLUGIN_PATH overrides an installed plugin.
func Discover(dirs []string) ([]Candidate, error) {
	seen := map[string]bool{}
	var out []Candidate
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // a folder that does not exist simply holds no plugins
		}
		for _, e := range entries {
			name, ok := pluginName(e.Name())
			if !ok || seen[name] || e.IsDir() {
				continue
			}
			path := filepath.Join(dir, e.Name())
			if !executable(path) {
				continue
			}
			sum, err := checksum(path)
			if err != nil {
				return nil, fmt.Errorf("plugin %s: %w", path, err)
			}
			seen[name] = true
			out = append(out, Candidate{Name: name, Path: path, SHA256: sum})
		}
	}
	return out, nil
}

func pluginName(file string) (string, bool) {
	if !strings.HasPrefix(file, Prefix) {
		return "", false
	}
	name := strings.TrimPrefix(file, Prefix)
	if runtime.GOOS == "windows" {
		if !strings.HasSuffix(strings.ToLower(name), ".exe") {
			return "", false
		}
		name = name[:len(name)-4]
	}
	if name == "" || strings.ContainsAny(name, ". ") {
		return "", false // editor backups, archives, .sha256 files
	}
	return name, true
}

func executable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode()&0o111 != 0
}

func checksum(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
