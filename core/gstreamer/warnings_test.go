package gstreamer

import (
	"strings"
	"testing"
	"time"
)

func TestWarnLimiter(t *testing.T) {
	var l warnLimiter
	t0 := time.Now()
	if ok, note := l.allow("/p/jitter", "bad packet", t0); !ok || note != "" {
		t.Fatal("first warning held back")
	}
	for i := 1; i <= 10; i++ {
		if ok, _ := l.allow("/p/jitter", "bad packet", t0.Add(time.Duration(i)*100*time.Millisecond)); ok {
			t.Fatalf("repeat %d reported", i)
		}
	}
	if ok, _ := l.allow("/p/depay", "bad packet", t0.Add(time.Second)); !ok {
		t.Fatal("another element's warning held back")
	}
	ok, note := l.allow("/p/jitter", "bad packet", t0.Add(warnEvery+time.Second))
	if !ok || !strings.Contains(note, "10 more like it") {
		t.Fatalf("after the pause: %v %q", ok, note)
	}
}
