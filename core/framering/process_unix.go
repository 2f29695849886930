//go:build unix

package framering

import (
	"errors"
	"syscall"
)

// killAlive sends signal 0, which only checks that the process exists. EPERM means it exists
// under another user.
func killAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
