package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/atomicfile"
	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/spec"
)

func runStream(a *app, args []string) error {
	fs := newFlags(a, "stream")
	var f streamFlags
	f.register(fs)
	sdpFile := fs.String("sdp", "", "also write the stream's SDP to this file (atomically)")
	statsEvery := fs.Duration("stats", 5*time.Second, "how often to print stats (0: never)")
	detach := fs.Bool("detach", false, "leave the stream running in the gstcast daemon and return (stop it with gstcast stop NAME)")
	pos, err := parse(a, fs, args, "[SOURCE] [--to rtp://HOST:PORT | --to rtsp://HOST:PORT/PATH | --serve NAME] [flags]")
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("one source only, got %q", pos)
	}
	source := defaultSource
	if len(pos) == 1 {
		source = pos[0]
	}
	s, err := f.spec(source)
	if err != nil {
		return err
	}
	if *sdpFile != "" && s.Output.Kind != spec.OutputRTP {
		return usagef("--sdp describes rtp:// outputs; RTSP readers get the SDP from the server")
	}
	stopRelay, err := relayStdin(&s, a.stderr)
	if err != nil {
		return err
	}
	defer stopRelay()
	ctx, stop := signalContext()
	defer stop()
	b, closeBackend, err := a.openBackend(ctx, anyEngine, f.plugin)
	if err != nil {
		return err
	}
	defer closeBackend()
	client, remote := b.(*control.Client)
	if *detach && !remote {
		return usagef("--detach leaves the stream in a gstcast daemon, and none is running (start one with gstcast serve)")
	}
	name := s.Name
	if s.Output.Kind == spec.OutputServe {
		name = s.Output.Mount
	}
	if name == "" {
		name = "cli-" + strconv.Itoa(os.Getpid())
	}
	var events <-chan engine.Event
	switch {
	case remote && !*detach:
		// The daemon removes the stream when this connection ends, even if we are killed.
		events, err = client.WatchHolding(ctx, name)
	default:
		events, err = b.Watch(ctx)
	}
	if err != nil {
		return err
	}
	origin := control.OriginCLI
	if *detach {
		origin = "api"
	}
	st, err := b.Add(ctx, engine.Work{Name: name, Origin: origin, Stream: &s})
	if err != nil {
		if ctx.Err() != nil {
			return nil // Ctrl-C while starting
		}
		return err
	}
	// Whatever happens from here on, the stream goes with this command.
	remove := func() {
		if err := b.Remove(context.Background(), st.Name); err != nil && !errors.Is(err, pluginapi.ErrNotFound) {
			fmt.Fprintf(a.stderr, "stop: %s\n", oneLine(err.Error()))
		}
	}
	if *sdpFile != "" {
		desc, _ := sdp.ForOutput(s.Output, s.Name)
		if err := atomicfile.Write(*sdpFile, []byte(desc), 0o644); err != nil {
			remove()
			return err
		}
	}
	if *detach {
		printStarted(a, s, st, *sdpFile, false)
		fmt.Fprintf(a.stdout, "left running in %s; stop it with: gstcast stop %s\n", describe(ctx, b), st.Name)
		return nil
	}
	printStarted(a, s, st, *sdpFile, true)
	msg, err := followStream(ctx, a, st.Name, events, *statsEvery)
	if msg == "end of stream" && s.Source.Kind == spec.SourceFD {
		msg += ": the program closed its pipe (no more frames)"
	}
	remove()
	if msg != "" {
		fmt.Fprintln(a.stdout, msg)
	}
	return err
}

// printStarted says what runs: where it goes, the plugin, the encoder and the pipeline.
func printStarted(a *app, s spec.StreamSpec, st engine.Status, sdpFile string, ctrlC bool) {
	switch s.Output.Kind {
	case spec.OutputServe:
		if st.URL != "" {
			fmt.Fprintf(a.stdout, "serving %s at %s\n", s.Source.Redacted(), st.URL)
		} else {
			fmt.Fprintf(a.stdout, "serving %s at mount /%s\n", s.Source.Redacted(), s.Output.Mount)
		}
	case spec.OutputPublish:
		fmt.Fprintf(a.stdout, "publishing %s → %s\n", s.Source.Redacted(), spec.RedactURI(s.Output.URI))
	default:
		fmt.Fprintf(a.stdout, "streaming %s → %s\n", s.Source.Redacted(), spec.RedactURI(s.Output.URI))
	}
	if st.State == engine.StateRetrying && st.LastErr != nil {
		fmt.Fprintf(a.stderr, "not running yet: %s; retrying in %s\n", oneLine(st.LastErr.Message), st.RetryIn)
		return
	}
	fmt.Fprintf(a.stdout, "  plugin:   %s\n", st.Plugin)
	fmt.Fprintf(a.stdout, "  encoder:  %s\n", describeEncoder(st.Encoder, st.Encoders))
	fmt.Fprintf(a.stdout, "  pipeline: %s\n", st.Launch)
	switch {
	case s.Output.Kind == spec.OutputServe:
		fmt.Fprintf(a.stdout, "  watch:    ffplay -fflags nobuffer -rtsp_transport tcp %s\n", st.URL)
		if addr := s.Output.Server.Address; addr == "" || addr == "0.0.0.0" {
			fmt.Fprintf(a.stdout, "  (listening on all interfaces, port %d)\n", portOf(st.URL))
		}
	case s.Output.Kind == spec.OutputPublish:
	case receiveHint(s.Output) != "":
		fmt.Fprintf(a.stdout, "  receive:  %s\n", receiveHint(s.Output))
	case sdpFile != "":
		fmt.Fprintf(a.stdout, "  receive:  ffplay -protocol_whitelist file,udp,rtp -fflags nobuffer -i %s\n", sdpFile)
	default:
		fmt.Fprintf(a.stdout, "  receive:  gstcast sdp --to %s > stream.sdp && ffplay -protocol_whitelist file,udp,rtp -fflags nobuffer -i stream.sdp\n", s.Output.URI)
	}
	if ctrlC {
		fmt.Fprintln(a.stdout, "press Ctrl-C to stop")
	}
}

// followStream prints what happens to stream name until Ctrl-C, its end of stream or an error
// the engine gave up on (the error). msg is the last word, printed once the stream is stopped.
func followStream(ctx context.Context, a *app, name string, events <-chan engine.Event, statsEvery time.Duration) (msg string, err error) {
	var tick <-chan time.Time
	if statsEvery > 0 {
		t := time.NewTicker(statsEvery)
		defer t.Stop()
		tick = t.C
	}
	var last *pluginapi.Stats
	restarts := -1
	for {
		select {
		case <-ctx.Done():
			return "stopped", nil
		case ev, ok := <-events:
			if !ok {
				return "", fmt.Errorf("lost the connection to the engine")
			}
			st := ev.Status
			if ev.Type == engine.EventSnapshot {
				st = findStatus(ev.Snapshot, name)
			} else if ev.Name != name {
				continue
			}
			switch {
			case ev.Type == engine.EventRemoved:
				return "stopped (removed from the engine)", nil
			case st == nil:
				continue
			case ev.Type == engine.EventStats:
				last = st.Stats
			case ev.Type == engine.EventReader && ev.Reader != nil:
				who, verb := ev.Reader.Session, "joined"
				if !ev.Reader.Joined {
					verb = "left"
				}
				role := "reader"
				if who.Publisher {
					role = "publisher"
				}
				fmt.Fprintf(a.stdout, "%s %s %s (%s)\n", role, who.Address, verb, who.Transport)
			case ev.Type == engine.EventWarning && ev.Error != nil:
				fmt.Fprintf(a.stderr, "warning: %s (%s)\n", oneLine(ev.Error.Message), ev.Error.Element)
			case st.State == engine.StateFailed:
				return "", fmt.Errorf("%s", oneLine(errText(st.LastErr)))
			case st.State == engine.StateEnded:
				return "end of stream", nil
			case ev.Type == engine.EventError && st.State == engine.StateRetrying:
				fmt.Fprintf(a.stderr, "error: %s; retrying in %s\n", oneLine(errText(ev.Error)), st.RetryIn)
			case st.State == engine.StatePlaying:
				if restarts >= 0 && st.Restarts > restarts {
					fmt.Fprintln(a.stdout, "stream restarted")
				}
				restarts = st.Restarts
			}
		case <-tick:
			if last != nil {
				fmt.Fprintf(a.stdout, "%s  %d frames  %.1f fps  %.0f kbit/s\n", time.Now().Format("15:04:05"), last.Frames, last.FPS, last.BitrateBps/1000)
			}
		}
	}
}

func findStatus(all []engine.Status, name string) *engine.Status {
	for i := range all {
		if all[i].Name == name {
			return &all[i]
		}
	}
	return nil
}

// errText is an error with the element that raised it, for the console.
func errText(e *engine.Error) string {
	if e == nil {
		return "unknown error"
	}
	if e.Element != "" {
		return e.Element + ": " + e.Message
	}
	return e.Message
}

// describeEncoder says which encoder runs and why the ones before it were skipped.
func describeEncoder(encoder string, encoders []pluginapi.ElementStatus) string {
	if encoder == "" {
		return "none (H.264 relayed without re-encoding)"
	}
	kind := "software"
	var skipped []string
	for _, e := range encoders {
		if e.Chosen {
			if e.Hardware {
				kind = "hardware"
			}
			break
		}
		skipped = append(skipped, e.Element+": "+e.Reason)
	}
	out := fmt.Sprintf("%s (%s)", encoder, kind)
	if len(skipped) > 0 {
		out += "; skipped " + strings.Join(skipped, "; ")
	}
	return out
}

// portOf is the port of a URL like rtsp://127.0.0.1:8554/x (0 when it has none).
func portOf(u string) int {
	rest := u[strings.Index(u, "://")+3:]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(rest[i+1:])
	return n
}
