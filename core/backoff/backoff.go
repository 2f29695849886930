// Package backoff is gstcast's one retry policy: how long to wait before starting again
// something that failed (a stream whose camera dropped, a view whose server is down, a plugin
// process that died). Every keep-alive path uses it, so "retrying in 4s" means the same
// everywhere and a tuning happens in one place.
package backoff

import "time"

// Policy bounds the pauses. The zero Policy is Default.
type Policy struct {
	// Min is the first pause, Max the longest; each failure doubles the pause up to Max.
	Min, Max time.Duration
	// ResetAfter is how long a start must have lasted (played) before the next failure counts
	// as a new first failure again.
	ResetAfter time.Duration
}

// Default is the policy of streams, views and plugins: quick first retries (a camera that
// blinks is back within a second), then at most every 10 s (a server that is down is not
// hammered), and a fresh start after a minute of running.
var Default = Policy{Min: 500 * time.Millisecond, Max: 10 * time.Second, ResetAfter: time.Minute}

func (p Policy) withDefaults() Policy {
	if p.Min <= 0 {
		p.Min = Default.Min
	}
	if p.Max < p.Min {
		p.Max = max(Default.Max, p.Min)
	}
	if p.ResetAfter <= 0 {
		p.ResetAfter = Default.ResetAfter
	}
	return p
}

// Backoff is the state of one retried thing. Not safe for concurrent use: each keeper owns one.
type Backoff struct {
	p       Policy
	next    time.Duration
	attempt int
}

// New starts a Backoff under p.
func New(p Policy) *Backoff {
	p = p.withDefaults()
	return &Backoff{p: p, next: p.Min}
}

// Next returns the pause before the next attempt and which attempt that will be (1 for the
// first retry), and doubles the pause for the one after.
func (b *Backoff) Next() (time.Duration, int) {
	d := b.next
	b.next = min(b.next*2, b.p.Max)
	b.attempt++
	return d, b.attempt
}

// Reset makes the next failure a first failure again (the thing started and worked).
func (b *Backoff) Reset() {
	b.next, b.attempt = b.p.Min, 0
}

// Ran tells the backoff how long the last start lasted; a long enough run resets it.
func (b *Backoff) Ran(d time.Duration) {
	if d >= b.p.ResetAfter {
		b.Reset()
	}
}

// Attempt is the number of retries so far since the last reset.
func (b *Backoff) Attempt() int { return b.attempt }

// Min is the policy's first pause.
func (b *Backoff) Min() time.Duration { return b.p.Min }
