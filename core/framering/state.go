package framering

import (
	"fmt"
	"time"
)

// WriterState is what a reader can tell about the writer from the ring alone, so a viewer can
// show "stream ended" or "plugin gone" instead of a frozen last frame.
type WriterState int

const (
	// WriterLive: the writer process exists and its heartbeat is fresh.
	WriterLive WriterState = iota
	// WriterClosed: the writer called Close; no more frames will come.
	WriterClosed
	// WriterStale: the process exists but has not committed a frame or called Heartbeat for
	// longer than the reader allows (hung, or its source stalled and it does not beat).
	WriterStale
	// WriterGone: the writer process no longer exists (crashed or killed) without closing.
	WriterGone
)

func (s WriterState) String() string {
	switch s {
	case WriterLive:
		return "live"
	case WriterClosed:
		return "closed"
	case WriterStale:
		return "stale"
	case WriterGone:
		return "gone"
	}
	return fmt.Sprintf("WriterState(%d)", int(s))
}

// WriterState checks, in this order, the closed flag, the writer's process and its heartbeat:
// stale when the last heartbeat is older than staleAfter (0 skips that check). The heartbeat
// is wall-clock time from the same machine, so only a clock step between beat and check can
// mislead it, and only until the next beat; and when a dead writer's pid is reused by another
// process, the heartbeat is what tells. After the Reader's Close it reports WriterGone.
// It costs a read of /proc (Linux) or OpenProcess (Windows): call it about once a second, not
// per frame.
func (r *Reader) WriterState(staleAfter time.Duration) WriterState {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return WriterGone
	}
	if r.r.u32(hClosed).Load() == 1 {
		return WriterClosed
	}
	if pid := int(r.r.u64(hWriterPID).Load()); pid > 0 && !processAlive(pid) {
		return WriterGone
	}
	beat := time.Unix(0, r.r.i64(hHeartbeat).Load())
	if staleAfter > 0 && time.Since(beat) > staleAfter {
		return WriterStale
	}
	return WriterLive
}

// WriterAlive is WriterState(staleAfter) == WriterLive.
func (r *Reader) WriterAlive(staleAfter time.Duration) bool {
	return r.WriterState(staleAfter) == WriterLive
}
