package framering

import (
	"errors"
	"os"
	"syscall"
)

// reserve allocates the pages now: a sparse file in a full /dev/shm (Docker's default is
// 64 MiB) would otherwise turn into SIGBUS at the first frame instead of an error here.
func reserve(f *os.File, size int) error {
	err := syscall.Fallocate(int(f.Fd()), 0, 0, int64(size))
	if errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS) {
		return f.Truncate(int64(size))
	}
	return err
}
