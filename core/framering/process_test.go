package framering

import (
	"errors"
	"runtime"
	"testing"
	"time"
)

// A writer in another process hands frames over intact and, closing cleanly, says so.
func TestCrossProcessClean(t *testing.T) {
	const n = 500
	name, cmd, stdin := startHelper(t, "clean 500")
	r, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if st := r.WriterState(0); st != WriterLive {
		t.Fatalf("writer running: %v", st)
	}
	acquired, skipped, err := readAll(t, r, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("acquired %d of %d frames across processes, skipped %d", acquired, n, skipped)
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("writer process: %v", err)
	}
	if st := r.WriterState(time.Hour); st != WriterClosed {
		t.Fatalf("writer exited after Close: %v", st)
	}
	if runtime.GOOS != "windows" { // there the mapping lives while this reader holds it
		if _, err := Open(name); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Open after the writer closed: %v, want ErrNotFound", err)
		}
	}
}

// A writer killed mid-stream is reported gone, and its leftover ring is replaced by Create.
func TestCrossProcessKilled(t *testing.T) {
	name, cmd, _ := startHelper(t, "forever")
	r, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var frames int
	waitFor(t, "three frames", func() bool {
		f, ok, err := r.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			if err := checkTestFrame(f); err != nil {
				t.Fatal(err)
			}
			frames++
		}
		return frames >= 3
	})
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to Close
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" {
		// Not yet reaped, the writer is a zombie, which must count as gone too.
		waitFor(t, "the killed writer (a zombie) to be gone", func() bool { return r.WriterState(0) == WriterGone })
	}
	_ = cmd.Wait()
	waitFor(t, "the killed writer to be gone", func() bool { return r.WriterState(0) == WriterGone })
	if st := r.WriterState(time.Hour); st != WriterGone {
		t.Fatalf("killed writer: %v", st)
	}
	r.Close()
	w, err := Create(name, 0, 4096)
	if err != nil {
		t.Fatalf("Create over a dead writer's ring: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
