// Package framering is a shared-memory ring of decoded video frames. A plugin process (the
// writer, which runs GStreamer) puts RGBA frames into it; the host process (the reader, a
// viewer window) draws them. Only the ring's name and frame metadata cross the RPC boundary:
// pixels never do, and a frame costs one copy, the writer's, into a slot. The reader uses the
// slot's pixels in place (Frame.Pix, Frame.Image) for as long as it holds the slot.
//
// # Layout
//
// One mapping: a file in /dev/shm (os.TempDir() where there is none) on Unix, a named
// pagefile-backed file mapping ("Local\<name>") on Windows. All integers are native-endian and
// every shared word is read and written with sync/atomic at an offset aligned to its size (the
// mapping itself is page aligned).
//
//	header, 128 bytes at 0
//	    0 magic       u64  "GSTCRING" (little-endian bytes)
//	    8 version     u32  layout version (Version)
//	   12 slots       u32  number of slots, >= MinSlots
//	   16 slotBytes   u64  capacity of each slot's pixel area, a multiple of 4096
//	   24 dataOffset  u64  offset of slot 0's pixels, page aligned
//	   32 writerPID   u64  process id of the writer
//	   40 heartbeat   i64  Unix ns, stored on every Commit and by Writer.Heartbeat
//	   48 closed      u32  1 once the writer closed cleanly
//	   56 latest      u64  last published frame: seq<<8 | slot index; 0 = none yet
//	slot descriptors, 128 bytes each, at 128 + i*128
//	    0 lock        u64  sequence lock: odd while the writer owns the slot
//	    8 holds       u64  number of readers holding the slot
//	   16 seq         u64  frame sequence number, from 1; 0 = empty
//	   24 width, height, stride, format   u32 each
//	   40 pts         i64  presentation time stamp, ns
//	   48 captureMs   i64  capture time stamped into the frame, Unix ms; 0 = none
//	   56 written     i64  Unix ns when the writer committed the frame
//	pixels: slot i at dataOffset + i*slotBytes, stride*height bytes of RGBA
//
// # Protocol
//
// The writer takes a slot by making its lock odd and then checking that no reader holds it; a
// reader takes a slot by incrementing holds and then checking that the lock is even and did not
// change while it read the metadata. Both sides store first and load second with sequentially
// consistent atomics, so at least one of them sees the other (Dekker's pattern): either the
// writer sees the hold and gives the slot back untouched, or the reader sees the odd or changed
// lock and lets go. Hence a held slot is never written, and its pixels can be used in place
// without copying and without ever being torn. The sequence lock alone would let the reader
// detect a torn frame only after copying it; the hold alone could not tell the reader that the
// writer got there first.
//
// The writer never writes the latest published slot (a reader may be about to take it) nor a
// held one. A reader holds at most one slot, even while it moves to the next frame (it lets go
// of the previous one first). So with one reader, three slots always leave the writer a free
// one and it never waits for a slow reader: the reader simply takes the newest frame the next
// time, and Frame.Skipped says how many it missed. A frame the writer abandons (Abort) is
// marked empty before its slot is unlocked, since its pixels may be half overwritten. Each further reader needs one more slot;
// when every candidate slot is held, Begin fails at once with ErrBusy and the frame is dropped.
// That can also happen, rarely, with enough slots: a reader that read the latest word long ago
// (descheduled in between) briefly holds that, by now old, slot while it checks it, and a writer
// looking at that moment skips it. The frame is dropped, never torn; readers see the next one.
//
// A reader that dies while holding a slot leaves it held for the life of the ring; with three
// slots the writer still runs, but a second reader could then make it drop frames. Rings are
// cheap: open a new one (new name) per viewer session rather than reuse one for ever.
//
// A ring never grows. A frame larger than a slot fails with ErrTooLarge; the writer then creates
// a new ring under a new name (NewName) with SlotBytes of the new size and tells the reader the
// new name over RPC, and the reader opens it and closes the old one. The writer may close the
// old ring at once: a reader keeps its mapping, and the last frame in it, until it closes.
//
// The reader learns that the writer is gone from the header, not from the RPC channel: the
// closed flag (clean exit), the writer's pid (process gone, e.g. killed) and the heartbeat
// (alive but stuck). See Reader.WriterState. On Unix, Writer.Close removes the file, and a
// ring left by a killed writer is removed by the next Create of that name; on Windows the
// mapping disappears with its last handle.
package framering
