package framering

import (
	"os"
	"path/filepath"
	"strings"
)

// Sweep removes the rings named prefix-… (NewName(prefix) names) whose writers closed them or
// are gone, and returns how many it removed. Rings with random names are never created again
// under the same name, so Create's own clean-up (it replaces a stale ring of the name it is
// given) never reaches those a killed or crashed writer left behind, and each holds its
// reserved memory until someone removes it. A ring whose writer is alive is left alone, and so
// is one still being created (its temporary name is not a ring yet).
//
// On Windows a ring disappears with its last handle, so there is never anything to sweep and
// Sweep returns 0 (Dir is "").
func Sweep(prefix string) int {
	dir := Dir()
	if dir == "" || prefix == "" {
		return 0
	}
	paths, _ := filepath.Glob(filepath.Join(dir, globEscape(prefix)+"-*"))
	n := 0
	for _, p := range paths {
		name := filepath.Base(p)
		if strings.Contains(name, ".creating-") || checkName(name) != nil {
			continue
		}
		if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		// Creating a smallest ring of the same name replaces a stale one (and fails with
		// ErrExists on a live one, or on something that is not a ring); closing it removes
		// the name. One code path decides staleness, Create's.
		if w, err := Create(name, MinSlots, 1); err == nil {
			_ = w.Close()
			n++
		}
	}
	return n
}

// globEscape quotes the characters filepath.Match treats specially. Ring names cannot hold
// them, but a prefix is the caller's text.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`).Replace(s)
}
