package backoff

import (
	"testing"
	"time"
)

func TestDoublesToMaxAndResets(t *testing.T) {
	b := New(Policy{Min: 100 * time.Millisecond, Max: 350 * time.Millisecond, ResetAfter: time.Second})
	want := []time.Duration{100, 200, 350, 350}
	for i, w := range want {
		d, n := b.Next()
		if d != w*time.Millisecond || n != i+1 {
			t.Fatalf("retry %d: %v (attempt %d), want %v", i+1, d, n, w*time.Millisecond)
		}
	}
	b.Ran(500 * time.Millisecond) // too short to count as working
	if d, n := b.Next(); d != 350*time.Millisecond || n != 5 {
		t.Fatalf("after a short run: %v attempt %d", d, n)
	}
	b.Ran(time.Second)
	if d, n := b.Next(); d != 100*time.Millisecond || n != 1 {
		t.Fatalf("after a long run: %v attempt %d", d, n)
	}
}

func TestZeroPolicyIsDefault(t *testing.T) {
	b := New(Policy{})
	if d, _ := b.Next(); d != Default.Min {
		t.Fatalf("first pause %v, want %v", d, Default.Min)
	}
	if b.Min() != Default.Min {
		t.Fatal(b.Min())
	}
}
