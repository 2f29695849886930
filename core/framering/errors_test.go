package framering

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

func TestBadNames(t *testing.T) {
	for _, name := range []string{"", "a/b", "../x", ".hidden", `a\b`, "a b", "ä", strings.Repeat("a", maxName+1)} {
		if _, err := Open(name); !errors.Is(err, ErrBadName) {
			t.Errorf("Open(%q): %v, want ErrBadName", name, err)
		}
		if _, err := Create(name, 0, 4096); !errors.Is(err, ErrBadName) {
			t.Errorf("Create(%q): %v, want ErrBadName", name, err)
		}
	}
}

func TestOpenMissing(t *testing.T) {
	name := NewName("missing")
	_, err := Open(name)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), name) {
		t.Fatalf("Open of a missing ring: %v", err)
	}
	t.Log(err)
}

func TestOpenNotRing(t *testing.T) {
	for _, data := range [][]byte{[]byte("short"), []byte(strings.Repeat("not a ring ", 1000))} {
		name := NewName("junk")
		writeRaw(t, name, data)
		_, err := Open(name)
		if !errors.Is(err, ErrNotRing) {
			t.Fatalf("Open of %d junk bytes: %v, want ErrNotRing", len(data), err)
		}
		t.Log(err)
		// Create must not destroy what is not a ring.
		if _, err := Create(name, 0, 4096); !errors.Is(err, ErrExists) {
			t.Fatalf("Create over junk: %v, want ErrExists", err)
		}
	}
}

func TestOpenWrongVersion(t *testing.T) {
	w, err := Create(NewName("test"), 0, 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.r.u32(hVersion).Store(99)
	_, err = Open(w.Name())
	if !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), "version 99") || !strings.Contains(err.Error(), "reads version 1") {
		t.Fatalf("Open of a version 99 ring: %v", err)
	}
	t.Log(err)
	w.r.u32(hVersion).Store(Version)
	w.r.u32(hSlots).Store(2)
	if _, err = Open(w.Name()); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open of a 2-slot ring: %v, want ErrCorrupt", err)
	}
}

func TestCreateRefusesLiveRing(t *testing.T) {
	w, err := Create(NewName("test"), 0, 4096)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Create(w.Name(), 0, 4096)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	t.Log(err)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w, err = Create(w.Name(), 0, 4096)
	if err != nil {
		t.Fatalf("Create after Close: %v", err)
	}
	w.Close()
}

func TestCreateBadSizes(t *testing.T) {
	for _, c := range []struct{ slots, bytes int }{{2, 4096}, {MaxSlots + 1, 4096}, {3, 0}, {3, -1}, {-1, 4096}} {
		if w, err := Create(NewName("test"), c.slots, c.bytes); err == nil {
			w.Close()
			t.Errorf("Create(%d slots, %d bytes) succeeded", c.slots, c.bytes)
		}
	}
}

func TestFrameSizes(t *testing.T) {
	w, err := Create(NewName("test"), 0, SlotBytes(64, 48)+1)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.r.geo.slotBytes != 4*4096 {
		t.Fatalf("slot of %d bytes, want 64*48*4+1 rounded up to a page", w.r.geo.slotBytes)
	}
	pix := make([]byte, 272*64)
	for _, c := range []struct {
		w, h, stride int
		want         error
	}{
		{64, 64, 256, nil},
		{65, 64, 260, ErrTooLarge},
		{64, 64, 272, ErrTooLarge}, // the padding counts
		{64, 64, 200, ErrBadFrame},
		{0, 64, 256, ErrBadFrame},
		{64, 0, 256, ErrBadFrame},
		{64, 65, 256, ErrBadFrame}, // pix too short: 64 rows only
	} {
		_, err := w.Write(c.w, c.h, c.stride, pix[:c.stride*64], Stamp{})
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("Write(%dx%d stride %d): %v, want %v", c.w, c.h, c.stride, err, c.want)
		}
		if errors.Is(err, ErrTooLarge) {
			t.Log(err)
		}
	}
	if _, err := w.Commit(Stamp{}); !errors.Is(err, ErrBadFrame) {
		t.Fatalf("Commit without Begin: %v", err)
	}
}

func TestNewName(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		n := NewName("view")
		if err := checkName(n); err != nil || seen[n] {
			t.Fatalf("NewName = %q: %v, repeated %v", n, err, seen[n])
		}
		seen[n] = true
	}
	for prefix, want := range map[string]string{"": "gstcast-", "a/b c": "a_b_c-", "..x": "x-", "...": "gstcast-"} {
		if n := NewName(prefix); !strings.HasPrefix(n, want) || checkName(n) != nil {
			t.Errorf("NewName(%q) = %q, want prefix %q", prefix, n, want)
		}
	}
}

func TestMagicSpellsGSTCRING(t *testing.T) {
	if binary.LittleEndian.Uint64([]byte("GSTCRING")) != magic {
		t.Fatalf("magic %#x", uint64(magic))
	}
}
