package main

import (
	"testing"
	"time"
)

func TestSeqCounter(t *testing.T) {
	for _, c := range []struct {
		name                      string
		seqs                      []uint16
		received, lost, dup, late uint64
	}{
		{"in order", []uint16{10, 11, 12, 13}, 4, 0, 0, 0},
		{"one gap", []uint16{10, 11, 14, 15}, 4, 2, 0, 0},
		{"wraparound, no loss", []uint16{65534, 65535, 0, 1}, 4, 0, 0, 0},
		{"wraparound with loss", []uint16{65534, 1, 2}, 3, 2, 0, 0},
		{"gap across the wrap at its start", []uint16{65535, 3}, 2, 3, 0, 0},
		{"duplicate", []uint16{5, 6, 6, 7}, 3, 0, 1, 0},
		{"late packet fills its gap", []uint16{5, 7, 6, 8}, 4, 0, 0, 1},
		{"late across the wrap", []uint16{65535, 1, 0, 2}, 4, 0, 0, 1},
		{"late with no gap counted (lost stays 0)", []uint16{5, 6, 4}, 3, 0, 0, 1},
		{"big forward jump is loss", []uint16{0, 0x7fff}, 2, 0x7ffe, 0, 0},
		{"half the space behind is late", []uint16{0x8000, 0}, 2, 0, 0, 1},
		{"first packet only", []uint16{42}, 1, 0, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var s seqCounter
			for _, q := range c.seqs {
				s.add(q)
			}
			if s.received != c.received || s.lost != c.lost || s.dup != c.dup || s.late != c.late {
				t.Errorf("received %d lost %d dup %d late %d, want %d %d %d %d",
					s.received, s.lost, s.dup, s.late, c.received, c.lost, c.dup, c.late)
			}
		})
	}
}

func TestSeqCounterLongRunWraps(t *testing.T) {
	var s seqCounter
	seq := uint16(60000)
	for i := range 200000 {
		if i%1000 != 999 { // drop one in a thousand
			s.add(seq)
		}
		seq++
	}
	if s.lost != 199 || s.received != 199800 { // the 200th drop is the last packet: not seen as a gap
		t.Errorf("received %d lost %d, want 199800 and 199", s.received, s.lost)
	}
}

func ms(v ...int) []time.Duration {
	d := make([]time.Duration, len(v))
	for i, x := range v {
		d[i] = time.Duration(x) * time.Millisecond
	}
	return d
}

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	two00 := make([]time.Duration, 200)
	for i := range two00 {
		two00[i] = time.Duration(i+1) * time.Millisecond
	}
	for _, c := range []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 50, 7 * time.Millisecond},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(1, 2), 50, 1 * time.Millisecond},
		{ms(1, 2, 3), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 100, 100 * time.Millisecond},
		{two00, 99, 198 * time.Millisecond}, // p99 of 200 readers: the third-worst
		{ms(1, 2, 3), 0, 1 * time.Millisecond},
	} {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("percentile(%d values, %v) = %v, want %v", len(c.sorted), c.p, got, c.want)
		}
	}
}

func TestSummarise(t *testing.T) {
	in := ms(30, 10, 20)
	s := summarise(in)
	if s != (spread{N: 3, P50: 20, P99: 30, Max: 30}) {
		t.Errorf("summarise = %+v", s)
	}
	if in[0] != 30*time.Millisecond {
		t.Error("summarise sorted its argument in place")
	}
	if s := summarise([]time.Duration{1234567 * time.Nanosecond}); s.P50 != 1.23 {
		t.Errorf("rounding: %v ms, want 1.23", s.P50)
	}
	if s := summarise(nil); s != (spread{}) {
		t.Errorf("empty: %+v", s)
	}
}
