//go:build unix

package framering

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// shm is one process's mapping of a ring.
type shm struct {
	mem   []byte
	unmap func() error
}

// Dir is the folder rings live in, one file each named as the ring: /dev/shm on Linux, which
// is tmpfs, so a ring never touches a disk; elsewhere (macOS) the per-user temporary folder,
// which the writer and reader share because they run as the same user. On Windows it is "":
// rings are named kernel objects (Local\<name>) that no folder lists.
func Dir() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

func shmPath(name string) string { return filepath.Join(Dir(), name) }

// createShm builds the ring under a temporary name and links it into place only once init has
// filled the header, so a reader never sees a half-made ring, and link (unlike rename) fails
// rather than replace an existing ring: the error then satisfies errors.Is(err, fs.ErrExist).
func createShm(name string, size int, init func(mem []byte)) (*shm, error) {
	final := shmPath(name)
	var b [6]byte
	_, _ = rand.Read(b[:])
	tmp := final + ".creating-" + hex.EncodeToString(b[:])
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	defer f.Close() // the mapping outlives the descriptor
	if err := reserve(f, size); err != nil {
		return nil, fmt.Errorf("reserve %d bytes in %s: %w", size, filepath.Dir(final), err)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", tmp, err)
	}
	init(mem)
	if err := os.Link(tmp, final); err != nil {
		_ = syscall.Munmap(mem)
		return nil, err
	}
	return &shm{mem: mem, unmap: func() error { return syscall.Munmap(mem) }}, nil
}

func openShm(name string) (*shm, error) {
	path := shmPath(name)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (no %s)", ErrNotFound, path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() < headerSize || fi.Size() > maxTotal || fi.Size() > int64(maxInt) {
		return nil, fmt.Errorf("%w (%s: %d bytes, %v)", ErrNotRing, path, fi.Size(), fi.Mode())
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	return &shm{mem: mem, unmap: func() error { return syscall.Munmap(mem) }}, nil
}

// removeShm unlinks the file; mappings that readers hold stay valid until they close.
func removeShm(name string) error {
	err := os.Remove(shmPath(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
