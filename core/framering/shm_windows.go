package framering

import (
	"errors"
	"fmt"
	"io/fs"
	"unsafe"

	"golang.org/x/sys/windows"
)

// shm is one process's mapping of a ring.
type shm struct {
	mem   []byte
	unmap func() error
}

// x/sys/windows has CreateFileMapping but not OpenFileMapping. The DLL loads on first use.
var procOpenFileMapping = windows.NewLazySystemDLL("kernel32.dll").NewProc("OpenFileMappingW")

// Dir is "" on Windows: a ring is a named kernel object (Local\<name>), not a file, and no
// folder lists them. See the Unix Dir.
func Dir() string { return "" }

// objName puts rings in the session's namespace: the host and the plugins it starts share it,
// and no privilege is needed (Global\ would need SeCreateGlobalPrivilege).
func objName(name string) (*uint16, error) { return windows.UTF16PtrFromString(`Local\` + name) }

// createShm makes a pagefile-backed mapping, committed in full now so a shortage is an error
// here rather than a fault later. Windows removes it when the last handle closes, so there is
// nothing to unlink and nothing stale to remove: an existing name is fs.ErrExist.
func createShm(name string, size int, init func(mem []byte)) (*shm, error) {
	p, err := objName(name)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFileMapping(windows.InvalidHandle, nil, windows.PAGE_READWRITE,
		uint32(uint64(size)>>32), uint32(size), p)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) {
		_ = windows.CloseHandle(h)
		return nil, fmt.Errorf("create mapping %q: %w", name, fs.ErrExist)
	}
	if err != nil {
		return nil, fmt.Errorf("create mapping %q: %w", name, err)
	}
	s, err := mapView(h, size)
	if err != nil {
		_ = windows.CloseHandle(h)
		return nil, fmt.Errorf("map %q: %w", name, err)
	}
	init(s.mem)
	return s, nil
}

func openShm(name string) (*shm, error) {
	p, err := objName(name)
	if err != nil {
		return nil, err
	}
	r, _, callErr := procOpenFileMapping.Call(windows.FILE_MAP_READ|windows.FILE_MAP_WRITE, 0, uintptr(unsafe.Pointer(p)))
	if r == 0 {
		if errors.Is(callErr, windows.ERROR_FILE_NOT_FOUND) {
			return nil, fmt.Errorf("%w (no mapping Local\\%s)", ErrNotFound, name)
		}
		return nil, fmt.Errorf("open mapping %q: %w", name, callErr)
	}
	h := windows.Handle(r)
	s, err := mapView(h, 0)
	if err != nil {
		_ = windows.CloseHandle(h)
		return nil, fmt.Errorf("map %q: %w", name, err)
	}
	if len(s.mem) < headerSize {
		_ = s.unmap()
		return nil, fmt.Errorf("%w (mapping of %d bytes)", ErrNotRing, len(s.mem))
	}
	return s, nil
}

// mapView maps all of h; size 0 means "as large as the mapping", which VirtualQuery reports
// (rounded up to a page, which the layout's page-aligned sizes make exact).
func mapView(h windows.Handle, size int) (*shm, error) {
	addr, err := windows.MapViewOfFile(h, windows.FILE_MAP_READ|windows.FILE_MAP_WRITE, 0, 0, uintptr(size))
	if err != nil {
		return nil, err
	}
	if size == 0 {
		var mbi windows.MemoryBasicInformation
		if err := windows.VirtualQuery(addr, &mbi, unsafe.Sizeof(mbi)); err != nil {
			_ = windows.UnmapViewOfFile(addr)
			return nil, err
		}
		size = int(mbi.RegionSize)
	}
	// Read the address through a pointer so vet's unsafeptr check sees no uintptr arithmetic:
	// the view is not Go memory and never moves.
	base := *(**byte)(unsafe.Pointer(&addr))
	return &shm{
		mem: unsafe.Slice(base, size),
		unmap: func() error {
			err := windows.UnmapViewOfFile(addr)
			return errors.Join(err, windows.CloseHandle(h))
		},
	}, nil
}

// removeShm has nothing to do: the mapping goes when its last handle closes.
func removeShm(string) error { return nil }
