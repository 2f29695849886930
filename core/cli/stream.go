package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gstcast/gstcast/core/atomicfile"
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
	ss, err := startSession(a, f.plugin)
	if err != nil {
		return err
	}
	defer ss.close()
	ctx, eng, events := ss.ctx, ss.eng, ss.events
	st, err := eng.StartStream(ctx, s)
	if err != nil {
		if ctx.Err() != nil {
			return nil // Ctrl-C while starting
		}
		return err
	}
	if *sdpFile != "" && s.Output.Kind != spec.OutputRTP {
		eng.Close(context.Background())
		return usagef("--sdp describes rtp:// outputs; RTSP readers get the SDP from the server")
	}
	desc, _ := sdp.ForOutput(s.Output, s.Name)
	if *sdpFile != "" {
		if err := atomicfile.Write(*sdpFile, []byte(desc), 0o644); err != nil {
			eng.Close(context.Background())
			return err
		}
	}
	switch s.Output.Kind {
	case spec.OutputServe:
		fmt.Fprintf(a.stdout, "serving %s at %s\n", s.Source.Redacted(), st.URL)
	case spec.OutputPublish:
		fmt.Fprintf(a.stdout, "publishing %s → %s\n", s.Source.Redacted(), spec.RedactURI(s.Output.URI))
	default:
		fmt.Fprintf(a.stdout, "streaming %s → %s\n", s.Source.Redacted(), s.Output.URI)
	}
	fmt.Fprintf(a.stdout, "  plugin:   %s\n", st.Plugin)
	fmt.Fprintf(a.stdout, "  encoder:  %s\n", describeEncoder(st.Plan))
	fmt.Fprintf(a.stdout, "  pipeline: %s\n", st.Plan.Launch)
	switch {
	case s.Output.Kind == spec.OutputServe:
		fmt.Fprintf(a.stdout, "  watch:    ffplay -fflags nobuffer -rtsp_transport tcp %s\n", st.URL)
		if addr := s.Output.Server.Address; addr == "" || addr == "0.0.0.0" {
			fmt.Fprintf(a.stdout, "  (listening on all interfaces, port %d)\n", portOf(st.URL))
		}
	case s.Output.Kind == spec.OutputPublish:
	case *sdpFile != "":
		fmt.Fprintf(a.stdout, "  receive:  ffplay -protocol_whitelist file,udp,rtp -fflags nobuffer -i %s\n", *sdpFile)
	default:
		fmt.Fprintf(a.stdout, "  receive:  gstcast sdp --to %s > stream.sdp && ffplay -protocol_whitelist file,udp,rtp -fflags nobuffer -i stream.sdp\n", s.Output.URI)
	}
	fmt.Fprintln(a.stdout, "press Ctrl-C to stop")

	var tick <-chan time.Time
	if *statsEvery > 0 {
		t := time.NewTicker(*statsEvery)
		defer t.Stop()
		tick = t.C
	}
	var last *pluginapi.Stats
	for {
		select {
		case <-ctx.Done():
			eng.Close(context.Background())
			fmt.Fprintln(a.stdout, "stopped")
			return nil
		case ev := <-events:
			switch ev.Type {
			case pluginapi.EventStats:
				last = ev.Stats
			case pluginapi.EventWarning:
				fmt.Fprintf(a.stderr, "warning: %s (%s)\n", oneLine(ev.Message), ev.Element)
			case pluginapi.EventError:
				if ev.Final {
					eng.Close(context.Background())
					return fmt.Errorf("%s", oneLine(errText(ev.Event)))
				}
				fmt.Fprintf(a.stderr, "error: %s; retrying\n", oneLine(errText(ev.Event)))
			case pluginapi.EventEOS:
				eng.Close(context.Background())
				fmt.Fprintln(a.stdout, "end of stream")
				return nil
			case pluginapi.EventState:
				if ev.Message == "restarted" {
					fmt.Fprintln(a.stdout, "stream restarted")
				}
			}
		case <-tick:
			if last != nil {
				fmt.Fprintf(a.stdout, "%s  %d frames  %.1f fps  %.0f kbit/s\n", time.Now().Format("15:04:05"), last.Frames, last.FPS, last.BitrateBps/1000)
			}
		}
	}
}

func errText(ev pluginapi.Event) string {
	if ev.Element != "" {
		return ev.Element + ": " + ev.Message
	}
	return ev.Message
}

// describeEncoder says which encoder runs and why the ones before it were skipped.
func describeEncoder(p pluginapi.Plan) string {
	if p.Encoder == "" {
		return "none (H.264 relayed without re-encoding)"
	}
	kind := "software"
	var skipped []string
	for _, e := range p.Encoders {
		if e.Chosen {
			if e.Hardware {
				kind = "hardware"
			}
			break
		}
		skipped = append(skipped, e.Element+": "+e.Reason)
	}
	out := fmt.Sprintf("%s (%s)", p.Encoder, kind)
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
