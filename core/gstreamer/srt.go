package gstreamer

import (
	"fmt"
	"strings"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// finalWarning turns the warnings after which an element would retry in vain into a final
// error. srtsrc reports a wrong passphrase as a warning ("Failed to authenticate: Incorrect
// passphrase. Trying to reconnect") and reconnects forever with the same passphrase; the
// stream must stop and say so instead (ErrUnauthorized is never retried by the engine).
func finalWarning(path, msg string) error {
	if strings.Contains(path, "GstSRT") && strings.Contains(strings.ToLower(msg), "incorrect passphrase") {
		return fmt.Errorf("%s: the SRT peer refused the passphrase (wrong passphrase): %w", path, pluginapi.ErrUnauthorized)
	}
	return nil
}
