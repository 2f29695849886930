package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The host never links GStreamer: a camera driver or codec that hangs or crashes takes down a
// plugin process, never the GUI or the service, and the host builds on machines without a
// GStreamer SDK. Third-party plugins import only core/pluginapi, which must stay free of
// GStreamer and Fyne too.
func TestLayering(t *testing.T) {
	// Spelled in two parts so that source greps for the import path find only real imports.
	const gogst = "github.com/go-gst" + "/"
	for _, c := range []struct {
		pkg       string
		forbidden []string
	}{
		{".", []string{gogst, "github.com/gstcast/gstcast/core/gstreamer"}},
		{"./core/pluginapi", []string{gogst, "fyne.io/", "github.com/gstcast/gstcast/core/gstreamer"}},
		{"./core/pipeline", []string{gogst}},
		{"./core/spec", []string{gogst, "github.com/gstcast/gstcast/core/pluginapi"}},
		// Headless boards (Jetson, Raspberry Pi Lite) build with -tags nogui: no Fyne, no GL.
		{"-tags=nogui ./app/...", []string{"fyne.io/"}},
		{"-tags=nogui .", []string{"fyne.io/"}},
	} {
		args := append([]string{"list", "-deps"}, strings.Fields(c.pkg)...)
		out, err := exec.Command("go", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", c.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range c.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s", c.pkg, dep)
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
			if strings.HasPrefix(imp, gogst) && f[0] != "github.com/gstcast/gstcast/core/gstreamer" {
				t.Errorf("%s imports %s: only core/gstreamer may", f[0], imp)
			}
		}
	}
}
