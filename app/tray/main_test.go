package tray_test

import (
	"os"
	"testing"

	"github.com/gstcast/gstcast/app/tray/internal/harness"
)

// envHarness makes the test binary the tray harness app (a child the D-Bus tests start):
// Fyne wants the main goroutine, which TestMain runs on.
const envHarness = "GSTCAST_TRAY_HARNESS"

func TestMain(m *testing.M) {
	if os.Getenv(envHarness) == "1" {
		os.Exit(harness.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
