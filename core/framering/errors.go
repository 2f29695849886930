package framering

import "errors"

// Errors a caller may want to tell apart. They come wrapped with the operation, the ring's
// name and the details, e.g. `open frame ring "v1": not found (no /dev/shm/v1)`.
var (
	// ErrBadName: the name is empty, too long, starts with '.', or has characters other than
	// letters, digits, '.', '_' and '-' (so no path separators).
	ErrBadName = errors.New("invalid name")
	// ErrNotFound: no ring of that name exists (never created, or its writer closed it).
	ErrNotFound = errors.New("not found")
	// ErrNotRing: something of that name exists but is not a gstcast frame ring.
	ErrNotRing = errors.New("not a gstcast frame ring")
	// ErrVersion: a gstcast frame ring of another layout version.
	ErrVersion = errors.New("layout version mismatch")
	// ErrCorrupt: the header holds impossible values.
	ErrCorrupt = errors.New("corrupt header")
	// ErrExists: Create found a ring of that name whose writer is alive (or, on Windows, that a
	// reader still holds open).
	ErrExists = errors.New("already exists")
	// ErrTooLarge: the frame does not fit in a slot. Rings do not grow: create a new ring under
	// a new name (NewName) with SlotBytes of the new size and hand its name to the reader.
	ErrTooLarge = errors.New("frame larger than slot")
	// ErrBadFrame: width, height or stride make no sense (zero sizes, stride < width*4, pixels
	// shorter than stride*height), or Commit came without Begin.
	ErrBadFrame = errors.New("invalid frame")
	// ErrBusy: readers hold every slot the writer may use (more readers than slots-2). The
	// frame is dropped; the writer never waits for readers.
	ErrBusy = errors.New("every free slot is held by readers")
	// ErrLapped: Acquire found a newer frame but the writer replaced it every time it tried;
	// the previous frame is no longer held. Only a writer publishing flat out causes it.
	ErrLapped = errors.New("writer replaced every frame before it could be taken")
	// ErrClosed: the Writer or Reader was closed.
	ErrClosed = errors.New("closed")
)
