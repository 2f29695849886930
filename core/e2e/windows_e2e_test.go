package e2e_test

// The Windows build of the desktop app: gstcast.exe, cross-built with Debian's mingw-w64 (the
// GUI needs cgo for GLFW), runs `version` and `--help` under Debian's wine64. installer/test.sh
// builds the .exe first and names it in GSTCAST_WINDOWS_EXE; without it the test builds it.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

// wine64 is Debian's wine64 loader (not on PATH without the wine wrapper package).
func wine64(t *testing.T) string {
	for _, p := range []string{"wine64", "/usr/lib/wine/wine64", "wine"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("wine64 is not installed: run installer/setup-debian.sh")
	return ""
}

func TestWindowsExeUnderWine(t *testing.T) {
	exe := os.Getenv("GSTCAST_WINDOWS_EXE")
	if exe == "" {
		testbin.Need(t, "x86_64-w64-mingw32-gcc")
		exe = filepath.Join(t.TempDir(), "gstcast.exe")
		cmd := exec.Command("go", "build", "-o", exe, ".")
		cmd.Dir = testbin.Root()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "CC=x86_64-w64-mingw32-gcc", "GOOS=windows", "GOARCH=amd64")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cross-build for Windows: %v\n%s", err, out)
		}
	}
	wine := wine64(t)
	// Root may not use another user's prefix, and a fresh one keeps the run clean.
	prefix := testbin.ShortTempDir(t)
	env := []string{"WINEPREFIX=" + prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=", "DISPLAY="}
	if out, code := testbin.Run(t, 5*time.Minute, env, wine, "wineboot", "--init"); code != 0 {
		t.Skipf("wine cannot start here (wineboot --init exit %d): %.500s", code, out)
	}
	// Go's Windows runtime needs bcryptprimitives.dll (ProcessPrng), which Wine 8.0 lacks: give
	// this prefix a stand-in (testdata/wine/bcryptprimitives.c) unless Wine has its own.
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(filepath.Join(sys32, "bcryptprimitives.dll")); err != nil {
		testbin.Need(t, "x86_64-w64-mingw32-gcc")
		src, _ := filepath.Abs(filepath.Join("testdata", "wine", "bcryptprimitives.c"))
		if out, err := exec.Command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", filepath.Join(sys32, "bcryptprimitives.dll"), src, "-ladvapi32").CombinedOutput(); err != nil {
			t.Fatalf("build the bcryptprimitives stand-in: %v\n%s", err, out)
		}
	}
	out, code := testbin.Run(t, 3*time.Minute, env, wine, exe, "version")
	if code != 0 || !strings.Contains(out, "gstcast ") {
		t.Fatalf("gstcast.exe version: exit %d\n%s", code, out)
	}
	out, code = testbin.Run(t, 3*time.Minute, env, wine, exe, "--help")
	if code != 0 || !strings.Contains(out, "Usage: gstcast") || !strings.Contains(out, "main window") {
		t.Fatalf("gstcast.exe --help: exit %d\n%s", code, out)
	}
}
