// Command gstcast turns cameras, screens, files and test signals into RTP and RTSP streams with
// the right GStreamer pipeline for the machine it runs on, and opens streams in viewer windows.
// This file only hands the arguments and the desktop app's windows to package cli; it lives at
// the top because `fyne package` reads FyneApp.toml from here.
package main

import (
	"os"

	"github.com/gstcast/gstcast/app/gui"
	"github.com/gstcast/gstcast/core/cli"
	"github.com/gstcast/gstcast/core/quietinit"
)

func main() {
	quietinit.Restore()
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr, cli.Options{Windows: gui.Windows{}}))
}
