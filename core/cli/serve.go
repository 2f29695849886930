package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/config"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
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
	ss, err := startSession(a, *plugin)
	if err != nil {
		return err
	}
	defer ss.close()
	ctx, eng, events := ss.ctx, ss.eng, ss.events

	names := map[string]string{} // engine id → mount
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, s := range streams {
		st, err := eng.StartStream(ctx, s)
		if err == nil {
			printServed(a, s, st)
			mu.Lock()
			names[st.ID] = s.Output.Mount
			mu.Unlock()
			continue
		}
		if ctx.Err() != nil {
			break
		}
		if !engine.Retryable(err) {
			eng.Close(context.Background())
			return fmt.Errorf("mount %s: %w", s.Output.Mount, err)
		}
		// A camera that is down at start is not a broken config: keep trying in the background.
		fmt.Fprintf(a.stderr, "mount %s: %s; retrying\n", s.Output.Mount, oneLine(err.Error()))
		wg.Add(1)
		go func(s spec.StreamSpec) {
			defer wg.Done()
			st, err := startWithRetry(ctx, a, eng, s)
			if err == nil {
				printServed(a, s, st)
				mu.Lock()
				names[st.ID] = s.Output.Mount
				mu.Unlock()
			}
		}(s)
	}
	if ctx.Err() == nil {
		if addr := cfg.RTSP.Address; addr == "" || addr == "0.0.0.0" || addr == "::" {
			fmt.Fprintln(a.stdout, "listening on all interfaces: other machines use this machine's address in the URLs")
		}
		fmt.Fprintln(a.stdout, "press Ctrl-C to stop")
	}
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			eng.Close(context.Background())
			fmt.Fprintln(a.stdout, "stopped")
			return nil
		case ev := <-events:
			mu.Lock()
			name := names[ev.StreamID]
			mu.Unlock()
			switch ev.Type {
			case pluginapi.EventError:
				if ev.Final {
					fmt.Fprintf(a.stderr, "mount %s: %s\n", name, oneLine(errText(ev.Event)))
					continue
				}
				fmt.Fprintf(a.stderr, "mount %s: %s; retrying (readers stay connected)\n", name, oneLine(errText(ev.Event)))
			case pluginapi.EventWarning:
				fmt.Fprintf(a.stderr, "mount %s: warning: %s\n", name, oneLine(ev.Message))
			case pluginapi.EventState:
				if ev.Message == "restarted" {
					fmt.Fprintf(a.stdout, "mount %s: source back\n", name)
				}
			}
		}
	}
}

func printServed(a *app, s spec.StreamSpec, st engine.Status) {
	src := s.Source.Redacted()
	if s.Source.Kind == spec.SourcePublish {
		src = "RTSP publishers"
	}
	enc := "relayed without re-encoding"
	if st.Plan.Encoder != "" {
		enc = "encoder " + st.Plan.Encoder
	}
	if s.Source.Kind == spec.SourcePublish {
		enc = "publish with: ffmpeg … -f rtsp " + st.URL
	}
	fmt.Fprintf(a.stdout, "serving %s at %s (%s)\n", src, st.URL, enc)
}

func startWithRetry(ctx context.Context, a *app, eng *engine.Engine, s spec.StreamSpec) (engine.Status, error) {
	wait := time.Second
	for {
		select {
		case <-ctx.Done():
			return engine.Status{}, ctx.Err()
		case <-time.After(wait):
		}
		st, err := eng.StartStream(ctx, s)
		if err == nil {
			return st, nil
		}
		wait = min(wait*2, 30*time.Second)
		a.log.Info("mount still failing", "mount", s.Output.Mount, "err", err, "next", wait)
	}
}
