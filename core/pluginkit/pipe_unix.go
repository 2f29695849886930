//go:build !windows

package pluginkit

import (
	"fmt"
	"sync"
	"syscall"
)

// openPipe opens a named pipe (or a file) for reading without waiting for a writer. It is a
// raw descriptor, not an *os.File: Go's poller would want to own it, and fdsrc reads it.
func openPipe(path string) (int, func(), error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return -1, nil, err
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return -1, nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFIFO && st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		return -1, nil, fmt.Errorf("not a named pipe or a file")
	}
	var once sync.Once
	return fd, func() { once.Do(func() { syscall.Close(fd) }) }, nil
}
