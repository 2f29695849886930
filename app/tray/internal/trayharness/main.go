// Command trayharness runs the tray test app (package harness) against the gstcast daemon
// control.Dial finds: core/e2e clicks its menu over D-Bus.
package main

import (
	"os"

	"github.com/gstcast/gstcast/app/tray/internal/harness"
)

func main() {
	os.Exit(harness.Main(os.Args[1:], os.Stdout, os.Stderr))
}
