package framering

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// helperEnv makes the test binary a writer process (the usual Go helper-process pattern):
// "clean N" writes N frames and closes the ring when stdin closes; "forever" writes until
// it is killed. The ring's name is in helperNameEnv.
const (
	helperEnv     = "GSTCAST_FRAMERING_HELPER"
	helperNameEnv = "GSTCAST_FRAMERING_NAME"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := runHelper(mode, os.Getenv(helperNameEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runHelper(mode, name string) error {
	w, err := Create(name, 0, SlotBytes(testMaxW, testMaxH)+testMaxPad*testMaxH)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	n := -1 // forever
	if mode != "forever" {
		if n, err = strconv.Atoi(mode[len("clean "):]); err != nil {
			return err
		}
	}
	for seq := uint64(1); n < 0 || seq <= uint64(n); seq++ {
		if err := writeTestFrame(w, seq); err != nil {
			return err
		}
		time.Sleep(time.Millisecond) // a camera-like pace, fast enough to keep tests short
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // the parent has seen the last frame
	return w.Close()
}

// startHelper runs a writer process and waits until its ring exists.
func startHelper(t *testing.T, mode string) (name string, cmd *exec.Cmd, stdin io.WriteCloser) {
	t.Helper()
	name = NewName("test")
	cmd, stdin = startNamedHelper(t, mode, name)
	return name, cmd, stdin
}

// startNamedHelper is startHelper for a ring name of the caller's.
func startNamedHelper(t *testing.T, mode, name string) (cmd *exec.Cmd, stdin io.WriteCloser) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperNameEnv+"="+name)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = removeShm(name)
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper did not start: %q, %v", line, err)
	}
	return cmd, stdin
}

// Test frames change size with their sequence number (a resolution change within capacity),
// hold the sequence number in their first 8 bytes and a byte derived from it everywhere else:
// a frame mixing two writes fails checkTestFrame.
const (
	testMaxW   = 48
	testMaxH   = 20
	testMaxPad = 16
)

func testGeometry(seq uint64) (w, h, stride int) {
	w = 32 + int(seq%3)*8
	h = 16 + int(seq%5)
	return w, h, w*4 + int(seq%2)*testMaxPad
}

func testByte(seq uint64) byte { return byte(seq*131 + 7) }

func writeTestFrame(w *Writer, seq uint64) error {
	width, height, stride := testGeometry(seq)
	pix, err := w.Begin(width, height, stride)
	if err != nil {
		return err
	}
	fillTestFrame(pix, seq)
	got, err := w.Commit(Stamp{PTS: time.Duration(seq) * time.Millisecond, CaptureMs: int64(seq)})
	if err == nil && got != seq {
		err = fmt.Errorf("committed seq %d, want %d", got, seq)
	}
	return err
}

func fillTestFrame(pix []byte, seq uint64) {
	v := testByte(seq)
	for i := range pix {
		pix[i] = v
	}
	binary.LittleEndian.PutUint64(pix, seq)
}

func checkTestFrame(f Frame) error {
	w, h, stride := testGeometry(f.Seq)
	if f.Width != w || f.Height != h || f.Stride != stride || len(f.Pix) != stride*h {
		return fmt.Errorf("frame %d: %dx%d stride %d, %d bytes; want %dx%d stride %d", f.Seq, f.Width, f.Height, f.Stride, len(f.Pix), w, h, stride)
	}
	if f.PTS != time.Duration(f.Seq)*time.Millisecond || f.CaptureMs != int64(f.Seq) || f.Format != FormatRGBA {
		return fmt.Errorf("frame %d: metadata %+v", f.Seq, f.Stamp)
	}
	if s := binary.LittleEndian.Uint64(f.Pix); s != f.Seq {
		return fmt.Errorf("frame %d: pixels carry seq %d: torn", f.Seq, s)
	}
	v := testByte(f.Seq)
	for i, b := range f.Pix[8:] {
		if b != v {
			return fmt.Errorf("frame %d: byte %d is %#x, want %#x: torn", f.Seq, i+8, b, v)
		}
	}
	return nil
}

// newTestRing is a writer and a reader on a fresh ring, closed when the test ends.
func newTestRing(t *testing.T, slots int) (*Writer, *Reader) {
	t.Helper()
	w, err := Create(NewName("test"), slots, SlotBytes(testMaxW, testMaxH)+testMaxPad*testMaxH)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	r, err := Open(w.Name())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return w, r
}

// waitFor polls cond with a deadline generous enough for a loaded machine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
