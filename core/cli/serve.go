package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// runServe is the headless RTSP server: every mount of a config file (or, without one, a test
// signal at /test) served until Ctrl-C or SIGTERM. The system service runs the same thing.
func runServe(a *app, args []string) error {
	fs := newFlags(a, "serve")
	address := fs.String("address", "", "listen address (overrides the config; default all interfaces)")
	port := fs.Int("port", 0, "listen port (overrides the config; default 8554)")
	plugin := fs.String("plugin", "", "use only this plugin (default: the first that works here)")
	pos, err := parse(a, fs, args, "[CONFIG.yaml] [--address A] [--port P]")
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one config file only, got %q", pos)
	}
	cfg, dir := config.Default(), ""
	if len(pos) == 1 {
		if cfg, err = config.Load(pos[0]); err != nil {
			return err
		}
		dir = filepath.Dir(pos[0])
	} else if d, err := os.UserConfigDir(); err == nil {
		dir = filepath.Join(d, "gstcast")
	}
	if *address != "" {
		cfg.RTSP.Address = *address
	}
	if *port != 0 {
		cfg.RTSP.Port = *port
	}
	streams, err := cfg.Streams(dir)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	b, closeBackend, err := a.openBackend(ctx, *plugin)
	if err != nil {
		return err
	}
	defer closeBackend()
	events, err := b.Watch(ctx)
	if err != nil {
		return err
	}
	for _, s := range streams {
		st, err := b.Add(ctx, engine.Work{Name: s.Output.Mount, Origin: "config", Stream: &s})
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			return fmt.Errorf("mount %s: %w", s.Output.Mount, err)
		}
		if st.State == engine.StateRetrying && st.LastErr != nil {
			// A camera that is down at start is not a broken config: the engine keeps trying.
			fmt.Fprintf(a.stderr, "mount %s: %s; retrying\n", s.Output.Mount, oneLine(st.LastErr.Message))
		}
	}
	if ctx.Err() == nil {
		if addr := cfg.RTSP.Address; addr == "" || addr == "0.0.0.0" || addr == "::" {
			fmt.Fprintln(a.stdout, "listening on all interfaces: other machines use this machine's address in the URLs")
		}
		fmt.Fprintln(a.stdout, "press Ctrl-C to stop")
	}
	printer := servePrinter{a: a, served: map[string]int{}}
	for {
		select {
		case <-ctx.Done():
			closeBackend()
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
		name := st.Name
		switch {
		case ev.Type == engine.EventWarning && ev.Error != nil:
			fmt.Fprintf(a.stderr, "mount %s: warning: %s\n", name, oneLine(ev.Error.Message))
		case ev.Type == engine.EventError && ev.Final:
			fmt.Fprintf(a.stderr, "mount %s: %s\n", name, oneLine(errText(ev.Error)))
		case ev.Type == engine.EventError && ev.Error != nil:
			fmt.Fprintf(a.stderr, "mount %s: %s; retrying in %s (readers stay connected)\n", name, oneLine(errText(ev.Error)), st.RetryIn)
		case st.State == engine.StatePlaying:
			restarts, seen := p.served[name]
			switch {
			case !seen:
				printServed(a, *st.Stream, st)
			case st.Restarts > restarts:
				fmt.Fprintf(a.stdout, "mount %s: source back\n", name)
			}
			p.served[name] = st.Restarts
		}
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
	if s.Source.Kind == spec.SourcePublish {
		enc = "publish with: ffmpeg … -f rtsp " + st.URL
	}
	fmt.Fprintf(a.stdout, "serving %s at %s (%s)\n", src, st.URL, enc)
}
