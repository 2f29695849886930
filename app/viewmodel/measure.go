package viewmodel

import (
	"slices"
	"time"
)

// frameRate measures the rate frames reach the window, shown when the engine sends no fps.
type frameRate struct {
	times [32]time.Time
	n     int // frames recorded, capped at len(times)
	next  int
}

func (r *frameRate) add(t time.Time) {
	r.times[r.next] = t
	r.next = (r.next + 1) % len(r.times)
	r.n = min(r.n+1, len(r.times))
}

func (r *frameRate) reset() { *r = frameRate{} }

// fps is the mean rate over the recorded frames, 0 when there are too few to tell.
func (r *frameRate) fps() float64 {
	if r.n < 2 {
		return 0
	}
	newest := r.times[(r.next+len(r.times)-1)%len(r.times)]
	oldest := r.times[(r.next+len(r.times)-r.n)%len(r.times)]
	span := newest.Sub(oldest)
	if span <= 0 {
		return 0
	}
	return float64(r.n-1) / span.Seconds()
}

// latencyWindow keeps the last few per-frame latencies and reports their median: a single
// late frame (a GC pause, a retransmit) should not make the overlay jump.
type latencyWindow struct {
	ms   [15]int64
	n    int
	next int
}

func (l *latencyWindow) add(ms int64) {
	l.ms[l.next] = ms
	l.next = (l.next + 1) % len(l.ms)
	l.n = min(l.n+1, len(l.ms))
}

func (l *latencyWindow) reset() { *l = latencyWindow{} }

func (l *latencyWindow) median() (int64, bool) {
	if l.n == 0 {
		return 0, false
	}
	s := slices.Clone(l.ms[:l.n])
	slices.Sort(s)
	return s[len(s)/2], true
}
