package framering

import (
	"testing"

	"golang.org/x/sys/windows"
)

// writeRaw puts arbitrary bytes where a ring of that name would be: a named mapping that
// lives until the test ends.
func writeRaw(t *testing.T, name string, data []byte) {
	t.Helper()
	p, err := objName(name)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFileMapping(windows.InvalidHandle, nil, windows.PAGE_READWRITE, 0, uint32(len(data)), p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := mapView(h, len(data))
	if err != nil {
		t.Fatal(err)
	}
	copy(s.mem, data)
	t.Cleanup(func() { s.unmap() })
}
