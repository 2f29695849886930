package gstreamer

import (
	"fmt"
	"time"
)

// warnEvery is how often the same warning from the same element is reported. A stream of bad
// packets (garbage on a UDP port, a corrupt stream) makes the jitter buffer or depayloader warn
// once per packet; unthrottled, that is hundreds of events a second to the host and its log.
const warnEvery = 5 * time.Second

// warnLimiter throttles repeated warnings. Only the bus loop uses it: no lock.
type warnLimiter struct {
	seen map[string]*warnSeen
}

type warnSeen struct {
	last       time.Time
	suppressed int
}

// allow says whether a warning is reported now, and what to add to its message: how many like
// it were held back since the last one reported.
func (l *warnLimiter) allow(element, message string, now time.Time) (bool, string) {
	if l.seen == nil {
		l.seen = map[string]*warnSeen{}
	}
	key := element + "\x00" + message
	s, ok := l.seen[key]
	if !ok {
		l.seen[key] = &warnSeen{last: now}
		return true, ""
	}
	if now.Sub(s.last) < warnEvery {
		s.suppressed++
		return false, ""
	}
	note := ""
	if s.suppressed > 0 {
		note = fmt.Sprintf(" (%d more like it in the last %s)", s.suppressed, now.Sub(s.last).Round(time.Second))
	}
	s.last, s.suppressed = now, 0
	return true, note
}
