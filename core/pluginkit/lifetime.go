package pluginkit

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Guard ends the plugin process cleanly when the host cannot: after SIGTERM (a service manager
// stopping the whole process group) it gives the host a few seconds to stop streams itself, and
// when the host process dies without closing us (SIGKILL, crash) it notices that its parent is
// gone. Either way every stream is stopped (EOS, then NULL) before exiting, so nothing keeps
// sending to the network from an orphaned plugin.
func (p *Plugin) Guard(grace time.Duration) {
	parent := os.Getppid()
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-term:
				p.log.Info("SIGTERM: waiting for the host to stop the plugin", "grace", grace.String())
				time.Sleep(grace)
				p.log.Warn("host did not stop the plugin; stopping streams and exiting")
				p.StopAll()
				os.Exit(0)
			case <-tick.C:
				if os.Getppid() != parent {
					p.log.Warn("host process is gone; stopping streams and exiting")
					p.StopAll()
					os.Exit(0)
				}
			}
		}
	}()
}
