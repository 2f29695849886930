package pluginkit

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/pipeline"
)

func info(t *testing.T, prof pipeline.Profile) (supported bool, reason string) {
	t.Helper()
	i, err := New(prof, Hooks{}, nil).Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if i.Name != prof.Name || i.OS != runtime.GOOS || len(i.SourceKinds) != len(prof.SourceKinds) {
		t.Fatalf("info %+v", i)
	}
	return i.Supported, i.Reason
}

// otherOS is a profile for another OS than this one whose required elements are installed here,
// as stand-ins would be: only the OS check can refuse it.
func otherOS() pipeline.Profile {
	prof := pipeline.WindowsMF()
	if runtime.GOOS == "windows" {
		prof.OS = "linux"
	}
	prof.Required = slices.DeleteFunc(prof.Required, func(e string) bool { return e == "mfvideosrc" })
	return prof
}

// A plugin claims support only on its own OS, with every required element installed.
func TestInfoChecksOSAndElements(t *testing.T) {
	t.Setenv(AnyOSEnv, "")
	if runtime.GOOS == "linux" {
		if ok, why := info(t, pipeline.LinuxV4L2()); !ok || why != "" {
			t.Errorf("linux-v4l2 here: supported=%v %q", ok, why)
		}
	}
	prof := otherOS()
	if ok, why := info(t, prof); ok || why != "built for "+prof.OS+", this machine runs "+runtime.GOOS {
		t.Errorf("%s plugin on %s: supported=%v %q", prof.OS, runtime.GOOS, ok, why)
	}
	prof = pipeline.LinuxV4L2()
	prof.OS, prof.Required = runtime.GOOS, append(prof.Required, "gstcastnosuchelement")
	if ok, why := info(t, prof); ok || why != "GStreamer elements not installed: [gstcastnosuchelement]" {
		t.Errorf("missing element: supported=%v %q", ok, why)
	}
}

// GSTCAST_PLUGIN_ANY_OS lifts the OS check and nothing else: a plugin for another OS runs here
// against stand-ins, and still says which of its elements are not installed.
func TestAnyOSSkipsOnlyTheOSCheck(t *testing.T) {
	t.Setenv(AnyOSEnv, "1")
	prof := otherOS()
	ok, why := info(t, prof)
	if !ok || !strings.Contains(why, "built for "+prof.OS+", running on "+runtime.GOOS+" because "+AnyOSEnv+" is set") {
		t.Errorf("stand-in run: supported=%v %q", ok, why)
	}
	prof.Required = append(prof.Required, "gstcastnosuchelement")
	ok, why = info(t, prof)
	if ok || !strings.HasPrefix(why, "GStreamer elements not installed: [gstcastnosuchelement]; built for ") {
		t.Errorf("stand-in run with an element missing: supported=%v %q", ok, why)
	}
	// The real profile needs its platform's camera element, which is not here (no stand-in).
	if runtime.GOOS != "windows" {
		if ok, why := info(t, pipeline.WindowsMF()); ok || !strings.Contains(why, "[mfvideosrc]") {
			t.Errorf("windows-mf without stand-ins: supported=%v %q", ok, why)
		}
	}
	for _, v := range []string{"0", "false", "maybe"} {
		t.Setenv(AnyOSEnv, v)
		if ok, _ := info(t, otherOS()); ok {
			t.Errorf("%s=%s lifted the OS check", AnyOSEnv, v)
		}
	}
}
