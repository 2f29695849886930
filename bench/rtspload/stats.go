package main

import (
	"math"
	"slices"
	"time"
)

// seqCounter counts RTP packets of one stream and the packets missing from it, from the 16-bit
// sequence numbers (with wraparound). A jump forward of d counts d-1 packets as lost; a packet
// from behind the newest one (a jump of 2^15 or more) is late: it fills a gap counted earlier, so
// it takes one off lost. Repeats of the newest number are duplicates.
type seqCounter struct {
	started             bool
	last                uint16
	received, dup, late uint64
	lost                uint64
}

func (s *seqCounter) add(seq uint16) {
	if !s.started {
		s.started, s.last, s.received = true, seq, 1
		return
	}
	d := seq - s.last // modulo 2^16
	switch {
	case d == 0:
		s.dup++
	case d < 0x8000:
		s.lost += uint64(d - 1)
		s.last = seq
		s.received++
	default:
		s.late++
		s.received++
		if s.lost > 0 {
			s.lost--
		}
	}
}

// percentile is the nearest-rank percentile p (0-100] of sorted (ascending); 0 when empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// spread summarises durations: nearest-rank p50 and p99, and the maximum, in milliseconds.
type spread struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func summarise(d []time.Duration) spread {
	s := slices.Clone(d)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }
	if len(s) == 0 {
		return spread{}
	}
	return spread{N: len(s), P50: ms(percentile(s, 50)), P99: ms(percentile(s, 99)), Max: ms(s[len(s)-1])}
}
