//go:build unix && !linux

package framering

import "os"

// reserve sizes the file; these systems have no fallocate, and their temporary folder is
// rarely a small tmpfs.
func reserve(f *os.File, size int) error { return f.Truncate(int64(size)) }
