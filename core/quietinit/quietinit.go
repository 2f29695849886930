// Package quietinit silences the standard logger while packages initialise. Fyne's lang package
// logs "Error parsing user locale C" from its init() when LANG=C (common on servers and in CI),
// which would put three stray lines on stderr before every gstcast command, GUI or not. This
// package imports only the standard library, so it initialises before Fyne; main calls Restore
// first thing, so later log output is untouched.
package quietinit

import (
	"io"
	"log"
	"os"
)

func init() { log.SetOutput(io.Discard) }

// Restore sends the standard logger to stderr again.
func Restore() { log.SetOutput(os.Stderr) }
