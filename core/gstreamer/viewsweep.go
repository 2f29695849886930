package gstreamer

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/gstcast/gstcast/core/framering"
)

// SweepRings removes the viewer rings that plugin processes left behind when they died without
// closing them (killed, crashed), and returns how many. Ring names are random, so framering's
// own clean-up (a stale ring is replaced by the next Create of its name) never reaches them,
// and each holds up to ViewSlots 4K frames of reserved shared memory. A ring whose writer is
// alive is left alone: framering.Create only replaces a ring whose writer closed it or is gone.
// On Windows a mapping disappears with its last handle, so there is nothing to sweep.
func SweepRings() int {
	if runtime.GOOS == "windows" {
		return 0
	}
	dir := os.TempDir()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		dir = "/dev/shm" // where framering puts rings on Linux
	}
	paths, _ := filepath.Glob(filepath.Join(dir, RingPrefix+"-*"))
	n := 0
	for _, p := range paths {
		// Creating a small ring of the same name replaces a stale one and fails with
		// ErrExists on a live one; closing it then removes the name.
		if w, err := framering.Create(filepath.Base(p), framering.MinSlots, 1); err == nil {
			_ = w.Close()
			n++
		}
	}
	return n
}
