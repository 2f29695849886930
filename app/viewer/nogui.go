//go:build nogui

package viewer

import (
	"context"
	"errors"
)

// Run refuses: this build has no window system (-tags nogui, for headless boards).
func Run(ctx context.Context, opts Options) error {
	return errors.New("gstcast was built without GUI (-tags nogui)")
}
