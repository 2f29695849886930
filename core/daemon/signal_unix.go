//go:build unix

package daemon

import (
	"os"
	"os/signal"
	"syscall"
)

// hangups delivers SIGHUP (reload the config).
func hangups() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	return ch, func() { signal.Stop(ch) }
}
