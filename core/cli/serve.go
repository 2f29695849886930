package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/daemon"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// runServe runs the daemon in the foreground: the engine, the plugins, the RTSP server with
// every mount and stream of a config file (or, without one, a test signal at /test), and the
// control API that `gstcast stream/ls/stop`, the desktop app and the tray drive, until Ctrl-C
// or SIGTERM. The service runs the same daemon.
func runServe(a *app, args []string) error {
	fs := newFlags(a, "serve")
	address := fs.String("address", "", "RTSP listen address (overrides the config; default all interfaces)")
	port := fs.Int("port", 0, "RTSP listen port (overrides the config; default 8554)")
	plugin := fs.String("plugin", "", "use only this plugin (default: the first that works here)")
	socket := fs.String("api-socket", "", "control API socket (default: "+control.UserSocket()+")")
	logFile := fs.String("log-file", "", "log file (default: the config's log.file, else the user cache folder; - for none)")
	pos, err := parse(a, fs, args, "[CONFIG.yaml] [--address A] [--port P]")
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one config file only, got %q", pos)
	}
	cfgPath := ""
	if len(pos) == 1 {
		cfgPath = pos[0]
	}
	ctx, stop := signalContext()
	defer stop()
	level := slog.LevelWarn
	if h := a.log.Handler(); h.Enabled(ctx, slog.LevelInfo) {
		level = slog.LevelInfo
	}
	if a.log.Handler().Enabled(ctx, slog.LevelDebug) {
		level = slog.LevelDebug
	}
	d, err := daemon.Start(ctx, daemon.Options{ConfigPath: cfgPath, Plugin: *plugin, Address: *address, Port: *port,
		Socket: *socket, Console: a.stderr, ConsoleLevel: level, LogFile: *logFile})
	if err != nil {
		if errors.Is(err, pluginapi.ErrPortInUse) && strings.Contains(err.Error(), "api socket") {
			return fmt.Errorf("%w; see it with gstcast status", err)
		}
		return err
	}
	defer d.Close()
	b := d.Backend()
	events, err := b.Watch(ctx)
	if err != nil {
		return err
	}
	all, _ := b.List(ctx)
	if len(d.Startup) > 0 && len(all) == 0 {
		for name, err := range d.Startup {
			return fmt.Errorf("mount %s: %w", name, err)
		}
	}
	for name, err := range d.Startup {
		fmt.Fprintf(a.stderr, "mount %s: %s\n", name, oneLine(err.Error()))
	}
	for _, st := range all {
		if st.State == engine.StateRetrying && st.LastErr != nil {
			// A camera that is down at start is not a broken config: the engine keeps trying.
			fmt.Fprintf(a.stderr, "mount %s: %s; retrying\n", st.Name, oneLine(st.LastErr.Message))
		}
	}
	for _, ep := range d.Endpoints() {
		fmt.Fprintf(a.stdout, "control API at %s\n", ep)
	}
	if addr := *address; addr == "" || addr == "0.0.0.0" || addr == "::" {
		fmt.Fprintln(a.stdout, "listening on all interfaces: other machines use this machine's address in the URLs")
	}
	fmt.Fprintln(a.stdout, "press Ctrl-C to stop")
	printer := servePrinter{a: a, served: map[string]int{}}
	for {
		select {
		case <-ctx.Done():
			d.Close()
			fmt.Fprintln(a.stdout, "stopped")
			return nil
		case ev, ok := <-events:
			if !ok {
				return fmt.Errorf("the engine went away")
			}
			printer.print(ev)
		}
	}
}

// servePrinter tells the console what happens to the mounts.
type servePrinter struct {
	a      *app
	served map[string]int // mount → restarts when last seen playing
}

func (p *servePrinter) print(ev engine.Event) {
	a := p.a
	var all []engine.Status
	switch {
	case ev.Type == engine.EventSnapshot:
		all = ev.Snapshot
	case ev.Status != nil:
		all = []engine.Status{*ev.Status}
	}
	for _, st := range all {
		if st.Kind != engine.KindStream || st.Stream == nil {
			continue
		}
		name := st.Name
		switch {
		case ev.Type == engine.EventWarning && ev.Error != nil:
			fmt.Fprintf(a.stderr, "%s: warning: %s\n", name, oneLine(ev.Error.Message))
		case ev.Type == engine.EventError && ev.Final:
			fmt.Fprintf(a.stderr, "%s: %s\n", name, oneLine(errText(ev.Error)))
		case ev.Type == engine.EventError && ev.Error != nil:
			fmt.Fprintf(a.stderr, "%s: %s; retrying in %s (readers stay connected)\n", name, oneLine(errText(ev.Error)), st.RetryIn)
		case st.State == engine.StatePlaying:
			restarts, seen := p.served[name]
			switch {
			case !seen:
				printServed(a, *st.Stream, st)
			case st.Restarts > restarts:
				fmt.Fprintf(a.stdout, "%s: source back\n", name)
			}
			p.served[name] = st.Restarts
		}
	}
	if ev.Type == engine.EventRemoved {
		delete(p.served, ev.Name)
		fmt.Fprintf(a.stdout, "%s: removed\n", ev.Name)
	}
}

func printServed(a *app, s spec.StreamSpec, st engine.Status) {
	src := s.Source.Redacted()
	if s.Source.Kind == spec.SourcePublish {
		src = "RTSP publishers"
	}
	enc := "relayed without re-encoding"
	if st.Encoder != "" {
		enc = "encoder " + st.Encoder
	}
	switch {
	case s.Source.Kind == spec.SourcePublish:
		fmt.Fprintf(a.stdout, "serving %s at %s (publish with: ffmpeg … -f rtsp %s)\n", src, st.URL, st.URL)
	case s.Output.Kind == spec.OutputServe:
		fmt.Fprintf(a.stdout, "serving %s at %s (%s)\n", src, st.URL, enc)
	case s.Output.Kind == spec.OutputPublish:
		fmt.Fprintf(a.stdout, "publishing %s → %s (%s)\n", src, spec.RedactURI(s.Output.URI), enc)
	default:
		fmt.Fprintf(a.stdout, "streaming %s → %s (%s)\n", src, spec.RedactURI(s.Output.URI), enc)
	}
}
