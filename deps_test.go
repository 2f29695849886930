package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The layering rules of docs/ARCHITECTURE.md, checked on the real import graph:
//   - the host never links GStreamer: a camera driver or codec that hangs or crashes takes down a
//     plugin process, never the GUI or the service, and the host builds without a GStreamer SDK;
//   - third-party plugins import only core/pluginapi, which stays free of GStreamer and Fyne;
//   - no core package imports the GUI (app/): the CLI, the daemon and the service build without it;
//   - the engine, its clients, the daemon and the service are host code: no GStreamer, no plugin kit;
//   - headless builds (-tags nogui, for Jetson and Raspberry Pi Lite) carry no Fyne;
//   - the same holds when the host is built for Windows;
//   - only core/gstreamer touches go-gst (its rtspserver binding is plain cgo).
func TestLayering(t *testing.T) {
	// Spelled in parts so that source greps for the import paths find only real imports.
	const gogst = "github.com/go-gst" + "/"
	const fyne = "fyne.io" + "/"
	const mod = "github.com/gstcast/gstcast/"
	for _, c := range []struct {
		goos      string
		pkg       string
		forbidden []string
	}{
		{"", ".", []string{gogst, mod + "core/gstreamer"}},
		{"", "./core/pluginapi", []string{gogst, fyne, mod + "core/gstreamer"}},
		{"", "./core/pipeline", []string{gogst}},
		{"", "./core/spec", []string{gogst, mod + "core/pluginapi"}},
		{"", "./core/...", []string{mod + "app/", fyne}},
		{"", "./core/engine ./core/control ./core/session ./core/daemon ./core/service ./core/cli", []string{gogst, mod + "core/gstreamer", mod + "core/pluginkit"}},
		{"", "-tags=nogui ./app/...", []string{fyne}},
		{"", "-tags=nogui .", []string{fyne, gogst}},
		{"windows", "-tags=nogui .", []string{fyne, gogst, mod + "core/gstreamer"}},
		{"windows", "./core/pluginapi", []string{gogst, fyne}},
		// What the Windows plugin is made of that builds without the Windows GStreamer SDK.
		{"windows", "./plugins/windows-mf/mfdevice ./core/v4l2ctl ./core/pipeline", []string{gogst, mod + "core/gstreamer", mod + "core/pluginkit"}},
		{"", "./core/v4l2ctl", []string{gogst, mod + "core/gstreamer", mod + "core/pluginapi"}},
	} {
		args := append([]string{"list", "-deps"}, strings.Fields(c.pkg)...)
		cmd := exec.Command("go", args...)
		if c.goos != "" {
			cmd.Env = append(os.Environ(), "GOOS="+c.goos, "GOARCH=amd64", "CGO_ENABLED=0")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s (GOOS=%s): %v\n%s", c.pkg, c.goos, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range c.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s (GOOS=%s) depends on %s", c.pkg, c.goos, dep)
				}
			}
		}
	}
	// A third-party plugin (plugins/example-folder, a module of its own) builds on the contract
	// alone: not on the plugin kit or GStreamer bindings of the built-in plugins.
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Dir = "plugins/example-folder"
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go list in plugins/example-folder: %v\n%s", err, out)
	} else {
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range []string{gogst, fyne, mod + "core/gstreamer", mod + "core/pluginkit", mod + "core/pipeline", mod + "core/pluginhost"} {
				if strings.HasPrefix(dep, f) {
					t.Errorf("plugins/example-folder depends on %s", dep)
				}
			}
		}
	}
	// Only core/gstreamer may import go-gst directly.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, gogst) && f[0] != mod+"core/gstreamer" {
				t.Errorf("%s imports %s: only core/gstreamer may", f[0], imp)
			}
		}
	}
}
