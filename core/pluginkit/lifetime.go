package pluginkit

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
)

// TermGrace is how long a plugin that got SIGTERM leaves the host to stop its streams.
const TermGrace = 3 * time.Second

// Serve is a built-in plugin's whole main: it makes the plugin of prof and hooks, serves it to
// the host, and stops every stream and view (EOS, then NULL; rings removed) before returning,
// whether the host closed the plugin or is gone (killed or crashed: its connection ended, on
// every OS). SIGTERM is handled by Guard.
//
//	func main() { pluginkit.Serve(pipeline.LinuxV4L2(), pluginkit.Hooks{ToDevice: toDevice}) }
func Serve(prof pipeline.Profile, hooks Hooks) {
	log := pluginapi.NewLogger("")
	p := New(prof, hooks, log)
	p.Guard(TermGrace)
	pluginapi.ServeWith(p, pluginapi.ServeOptions{
		Logger: log,
		// The host is gone, so nobody else will stop the streams: an orphaned plugin must not
		// keep sending to the network or serving a mount.
		HostGone: func(string) { p.StopAll() },
	})
	p.StopAll()
}

// Guard handles SIGTERM, which a service manager sends to the whole process group when it stops
// gstcast: the host gets grace to stop the plugin's streams itself (then closes the plugin,
// which makes Serve return), and when it has not, the plugin stops every stream (EOS, then NULL)
// and exits. A host that dies is noticed by pluginapi.ServeWith (its connection ends), not here.
// On Windows, SIGTERM stands for the console's close, logoff and shutdown events.
func (p *Plugin) Guard(grace time.Duration) {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		<-term
		p.log.Info("SIGTERM: waiting for the host to stop the plugin", "grace", grace.String())
		time.Sleep(grace)
		p.log.Warn("host did not stop the plugin; stopping streams and exiting")
		p.StopAll()
		os.Exit(0)
	}()
}
