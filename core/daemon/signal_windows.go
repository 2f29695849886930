//go:build windows

package daemon

import "os"

// hangups: Windows has no SIGHUP; the config file watcher and PUT /config reload.
func hangups() (<-chan os.Signal, func()) { return nil, func() {} }
