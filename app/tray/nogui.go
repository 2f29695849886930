//go:build nogui

package tray

import "context"

// Available says that this build has no tray (ErrNoGUI).
func Available() error { return ErrNoGUI }

// Start refuses: this build has no GUI (-tags nogui, for headless boards).
func (t *Tray) Start(ctx context.Context, app any) error { return ErrNoGUI }
