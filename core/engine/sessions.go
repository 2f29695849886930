package engine

import (
	"context"
	"fmt"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// sessionsOf is the plugin (as pluginapi.Sessions) and remote id of the served stream name;
// ok is false when nothing of it runs in a plugin now.
func (e *Engine) sessionsOf(ctx context.Context, name string) (sp pluginapi.Sessions, remote string, ok bool, err error) {
	it, err := e.get(name)
	if err != nil {
		return nil, "", false, err
	}
	it.mu.Lock()
	p, remote, w := it.plugin, it.remoteID, it.work
	it.mu.Unlock()
	if w.Stream == nil {
		return nil, "", false, fmt.Errorf("%q is a view: it has no RTSP sessions: %w", name, pluginapi.ErrNotFound)
	}
	if remote == "" || p == nil {
		return nil, "", false, nil
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		return nil, "", false, err
	}
	sp, isSP := pl.(pluginapi.Sessions)
	if !isSP {
		return nil, "", false, fmt.Errorf("plugin %s lists no RTSP sessions: %w", p.Info().Name, pluginapi.ErrUnsupported)
	}
	return sp, remote, true, nil
}

// Sessions lists the RTSP readers and publishers of the served stream name, oldest first. A
// stream that serves no mount, or is not running now, has none.
func (e *Engine) Sessions(ctx context.Context, name string) ([]pluginapi.Session, error) {
	sp, remote, ok, err := e.sessionsOf(ctx, name)
	if err != nil || !ok {
		return []pluginapi.Session{}, err
	}
	ss, err := sp.Sessions(ctx, remote)
	if err != nil {
		return nil, fmt.Errorf("sessions of %q: %w", name, err)
	}
	if ss == nil {
		ss = []pluginapi.Session{}
	}
	return ss, nil
}

// Kick closes the connection of session id of the served stream name and ends the session.
func (e *Engine) Kick(ctx context.Context, name, id string) error {
	sp, remote, ok, err := e.sessionsOf(ctx, name)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%q is not running: it has no session %q: %w", name, id, pluginapi.ErrNotFound)
	}
	if err := sp.Kick(ctx, remote, id); err != nil {
		return fmt.Errorf("kick %q of %q: %w", id, name, err)
	}
	e.log.Info("kicked an RTSP session", "name", name, "session", id)
	return nil
}
