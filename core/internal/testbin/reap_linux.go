package testbin

import (
	"syscall"
	"testing"
	"time"
)

// BecomeSubreaper makes the test process the parent of its orphaned descendants
// (PR_SET_CHILD_SUBREAPER), so a test that kills a process can still wait for that process's
// children, and read how they ended.
func BecomeSubreaper(t testing.TB) {
	t.Helper()
	const prSetChildSubreaper = 36
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		t.Fatalf("prctl(PR_SET_CHILD_SUBREAPER): %v", e)
	}
}

// WaitExit waits for process pid, a child of this process (see BecomeSubreaper), to end and
// returns how it ended; the test fails when it still runs after timeout.
func WaitExit(t testing.TB, pid int, timeout time.Duration) syscall.WaitStatus {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		if err != nil {
			t.Fatalf("wait for process %d: %v", pid, err)
		}
		if got == pid {
			return ws
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d still runs after %s", pid, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
