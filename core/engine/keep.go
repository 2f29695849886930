package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gstcast/gstcast/core/backoff"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Retryable says whether an error may go away by itself (a source that is down, a plugin that
// restarts), as opposed to a mistake in what was asked or a refusal that will not change.
// played says the work ran before: then a server's 404 is a camera rebooting, not a typo.
func Retryable(err error, played bool) bool {
	if played && errors.Is(err, pluginapi.ErrRemoteNotFound) {
		return true
	}
	for _, e := range []error{pluginapi.ErrInvalidSpec, pluginapi.ErrPortInUse, pluginapi.ErrUnsupported,
		pluginapi.ErrFileNotFound, pluginapi.ErrNoEncoder, pluginapi.ErrNoDecoder, pluginapi.ErrUnauthorized,
		pluginapi.ErrRemoteNotFound, pluginapi.ErrDeviceNotFound} {
		if errors.Is(err, e) {
			return false
		}
	}
	return true
}

// retryableReason is Retryable for an error that arrived as a plugin event (its reason only).
func retryableReason(reason string, played bool) bool {
	switch reason {
	case pluginapi.ReasonUnauthorized, pluginapi.ReasonInvalidSpec:
		return false
	case pluginapi.ReasonRemoteNotFound:
		return played
	}
	return true
}

// keep is the one keep-alive path of a piece of work: start it, follow it while it runs, and
// when it stops without being asked to, start it again after the backoff. first gets the
// outcome of the first start (nil once it plays or is being retried). keep returns when ctx
// ends (Stop, Remove, Close) or the work cannot go on (a final error, the end of a file).
func (e *Engine) keep(ctx context.Context, it *item, first chan<- error) {
	b := backoff.New(e.opts.Retry)
	reported := false
	report := func(err error) {
		if !reported {
			reported = true
			first <- err
		}
	}
	defer func() { report(ctx.Err()) }()
	for {
		err := e.start(ctx, it)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			it.mu.Lock()
			played := it.played
			it.mu.Unlock()
			if !Retryable(err, played) {
				// The first start's caller gets the error and says it; later ones only the log does.
				e.giveUp(it, errorOf(err), reported)
				report(err)
				return
			}
			if !e.retry(ctx, it, b, errorOf(err)) {
				report(nil)
				return
			}
			report(nil)
			if !sleep(ctx, it) {
				return
			}
			continue
		}
		report(nil)
		e.publish(Event{Type: EventState, Name: it.name, Status: ptr(it.status())})
		out := e.follow(ctx, it)
		if ctx.Err() != nil {
			return
		}
		it.mu.Lock()
		it.remoteID = ""
		it.mu.Unlock()
		if out.played {
			b.Reset()
		}
		switch {
		case out.ended:
			it.setState(StateEnded)
			e.publish(Event{Type: EventEOS, Name: it.name, Status: ptr(it.status())})
			return
		case out.err != nil && !retryableReason(out.err.Reason, out.everPlayed):
			out.err.Message += " (not retrying)"
			e.giveUp(it, out.err, true)
			return
		}
		cause := out.err
		if cause == nil {
			cause = &Error{Message: "the plugin stopped it (plugin restarted?)", Reason: pluginapi.Reason(pluginapi.ErrUnavailable), Time: time.Now()}
		}
		if !e.retry(ctx, it, b, cause) || !sleep(ctx, it) {
			return
		}
	}
}

// start picks a plugin and starts the work on it, recording what the plugin answered.
func (e *Engine) start(ctx context.Context, it *item) error {
	it.mu.Lock()
	w := it.work
	it.mu.Unlock()
	var src spec.Source
	if w.View != nil {
		src = w.View.Source
	} else {
		src = w.Stream.Source
	}
	p, err := e.pick(src)
	if err != nil {
		return err
	}
	it.mu.Lock()
	it.plugin = p
	it.mu.Unlock()
	pl, err := p.Platform(ctx) // waits while the plugin restarts
	if err != nil {
		return err
	}
	if w.View != nil {
		v, err := pl.StartView(ctx, w.View)
		if err != nil {
			return fmt.Errorf("view %s: %w", w.View.Source.Redacted(), err)
		}
		it.mu.Lock()
		it.remoteID, it.launch, it.ring = v.ID, v.Launch, v.Ring
		it.decoder, it.hardware, it.decoders = v.Decoder, v.Hardware, v.Decoders
		it.started()
		it.mu.Unlock()
		return nil
	}
	st, err := pl.StartStream(ctx, w.Stream)
	if err != nil {
		return err
	}
	it.mu.Lock()
	it.remoteID, it.launch, it.url = st.ID, st.Launch, st.URL
	it.encoder, it.encoders = st.Encoder, st.Encoders
	it.started()
	it.mu.Unlock()
	return nil
}

// started records a start that reached the plugin; it.mu is held.
func (it *item) started() {
	it.starts++
	it.attempt, it.retryIn = 0, 0
	it.setStateLocked(StatePlaying)
}

// giveUp ends the work for good with err; log says whether to log it as an error (nobody
// else will report it).
func (e *Engine) giveUp(it *item, err *Error, log bool) {
	it.mu.Lock()
	it.lastErr = err
	it.setStateLocked(StateFailed)
	it.mu.Unlock()
	if log {
		e.log.Error("gave up", "kind", it.kind, "name", it.name, "err", err.Message)
	}
	e.publish(Event{Type: EventError, Name: it.name, Error: err, Final: true, Status: ptr(it.status())})
}

// retry records a failure that will be retried and tells subscribers when.
func (e *Engine) retry(ctx context.Context, it *item, b *backoff.Backoff, err *Error) bool {
	d, n := b.Next()
	it.mu.Lock()
	it.lastErr = err
	it.attempt, it.retryIn = n, d
	it.setStateLocked(StateRetrying)
	it.mu.Unlock()
	e.log.Info("failed; starting again", "kind", it.kind, "name", it.name, "in", d.String(), "attempt", n, "err", err.Message)
	e.publish(Event{Type: EventError, Name: it.name, Error: err, Status: ptr(it.status())})
	return ctx.Err() == nil
}

// sleep waits out it's retry pause; false when ctx ended first.
func sleep(ctx context.Context, it *item) bool {
	it.mu.Lock()
	d := it.retryIn
	it.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// followed is how a run ended.
type followed struct {
	played     bool   // frames flowed in this run
	everPlayed bool   // frames flowed in this run or an earlier one
	ended      bool   // the source ended (EOS): nothing to restart
	err        *Error // the error that ended it, if the plugin said
}

// follow forwards the plugin's events of the running work until its watch ends.
func (e *Engine) follow(ctx context.Context, it *item) followed {
	var out followed
	it.mu.Lock()
	p, remote := it.plugin, it.remoteID
	it.mu.Unlock()
	pl, err := p.Platform(ctx)
	if err != nil {
		out.err = errorOf(err)
		return out
	}
	ch, err := pl.Watch(ctx, remote)
	if err != nil {
		out.err = errorOf(err)
		return out
	}
	for {
		var ev pluginapi.Event
		var ok bool
		select {
		case ev, ok = <-ch:
		case <-ctx.Done():
			return out
		}
		if !ok {
			it.mu.Lock()
			out.everPlayed = it.played
			it.mu.Unlock()
			return out
		}
		typ := eventOfPlugin(ev.Type)
		var evErr *Error
		it.mu.Lock()
		switch {
		case ev.Stats != nil:
			it.stats = ev.Stats
			if ev.Stats.Frames > 0 {
				out.played, it.played = true, true
			}
		case typ == EventError:
			evErr = &Error{Message: ev.Message, Element: ev.Element, Debug: ev.Debug, Reason: ev.Reason, Time: ev.Time}
			out.err = evErr
		case typ == EventWarning:
			evErr = &Error{Message: ev.Message, Element: ev.Element, Debug: ev.Debug, Time: ev.Time}
		case typ == EventEOS || ev.State == pluginapi.StateEnded:
			out.ended = true
		}
		moved := ev.Ring != "" && ev.Ring != it.ring
		if moved {
			it.ring = ev.Ring
		}
		it.mu.Unlock()
		switch {
		case typ == EventError || typ == EventEOS:
			// Told with what happens next, once the watch has ended.
		case typ == EventWarning:
			e.publish(Event{Type: EventWarning, Name: it.name, Time: ev.Time, Error: evErr, Status: ptr(it.status())})
		case typ == EventStats:
			e.publish(Event{Type: EventStats, Name: it.name, Time: ev.Time, Status: ptr(it.status())})
		case typ == EventReader && ev.Session != nil:
			e.publish(Event{Type: EventReader, Name: it.name, Time: ev.Time, Status: ptr(it.status()),
				Reader: &ReaderChange{Joined: ev.Type == pluginapi.EventReaderJoined, Session: *ev.Session}})
		case moved:
			e.publish(Event{Type: EventState, Name: it.name, Time: ev.Time, Status: ptr(it.status())})
		}
	}
}
