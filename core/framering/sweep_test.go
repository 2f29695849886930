package framering

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Sweep removes a ring whose writer was killed before it could close it, and leaves alone a
// live writer's ring, rings of other prefixes and files that are not rings.
func TestSweep(t *testing.T) {
	if runtime.GOOS == "windows" {
		if n := Sweep("sweep"); n != 0 || Dir() != "" {
			t.Fatalf("Windows: Sweep %d, Dir %q; a mapping dies with its last handle", n, Dir())
		}
		return
	}
	prefix := NewName("sweep") // unique: other rings on this machine are none of this test's business
	live, err := Create(NewName(prefix), MinSlots, 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	other, err := Create(NewName("other"+prefix), MinSlots, 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	notRing := filepath.Join(Dir(), NewName(prefix))
	if err := os.WriteFile(notRing, []byte("not a ring"), 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(notRing)

	// A writer in another process, killed: its ring stays behind with a dead pid in it.
	dead := NewName(prefix)
	cmd, _ := startNamedHelper(t, "forever", dead)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(Dir(), dead)); err != nil {
		t.Fatalf("the killed writer's ring is not in %s: %v", Dir(), err)
	}

	if n := Sweep(prefix); n != 1 {
		t.Fatalf("swept %d rings, want 1 (the dead writer's)", n)
	}
	if _, err := Open(dead); !errors.Is(err, ErrNotFound) {
		t.Fatalf("dead writer's ring after the sweep: %v", err)
	}
	for _, name := range []string{live.Name(), other.Name()} {
		rd, err := Open(name)
		if err != nil {
			t.Fatalf("live ring %s after the sweep: %v", name, err)
		}
		rd.Close()
	}
	if _, err := os.Stat(notRing); err != nil {
		t.Fatalf("a file that is not a ring was removed: %v", err)
	}
	if n := Sweep(prefix); n != 0 {
		t.Fatalf("second sweep removed %d", n)
	}
}
