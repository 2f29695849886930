package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/spec"
)

// runView opens a viewer window on a stream. The plugin receives and decodes it into a
// shared-memory frame ring; this process only maps the ring and draws.
func runView(a *app, args []string) error {
	fs := newFlags(a, "view")
	latency := fs.Int("latency", 0, "jitter buffer latency in ms (default 50; lower is snappier, higher rides out network jitter)")
	transport := fs.String("transport", "", "rtsp: tcp or udp (default: let the server choose)")
	decoder := fs.String("decoder", "", "force a decoder element (e.g. avdec_h264) instead of probing")
	hw := fs.String("hw", "auto", "decoder choice: auto (hardware when one works), hardware, software")
	snapshots := fs.String("snapshots", "", "folder for snapshots (key s; default your Pictures folder)")
	full := fs.Bool("fullscreen", false, "open full screen (key f toggles, Esc leaves)")
	plugin := fs.String("plugin", "", "use only this plugin (default: the first that works here)")
	trace := fs.String("trace", "", "append one line per frame shown to this file: seq capture_unix_ms shown_unix_ms (benchmarks)")
	t0 := time.Now()
	pos, err := parse(a, fs, args, "URL|FILE.sdp [--latency MS] [--transport tcp|udp] [flags]\n\n"+
		"URL is rtsp://[USER:PASS@]HOST[:PORT]/PATH, rtp://@:PORT[?pt=96] (H.264), file:///path, or an .sdp file")
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("need exactly one URL or .sdp file")
	}
	v, err := viewSpec(pos[0], *latency, *transport, *decoder, *hw)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	b, closeBackend, err := a.openBackend(ctx, userEngine, *plugin)
	if err != nil {
		return err
	}
	defer closeBackend()
	st, err := b.Add(ctx, engine.Work{Name: "view-" + strconv.Itoa(os.Getpid()), Origin: control.OriginCLI, View: &v})
	if err != nil {
		return err
	}
	defer b.Remove(context.Background(), st.Name)
	if c, ok := b.(*control.Client); ok {
		// The daemon removes the view if this command dies without removing it.
		if held, err := c.WatchHolding(ctx, st.Name); err == nil {
			go func() {
				for range held {
				}
			}()
		}
	}
	if st.State == engine.StatePlaying {
		fmt.Fprintf(a.stdout, "viewing %s\n  decoder:  %s\n  pipeline: %s\n", v.Source.Redacted(), describeDecoder(st.Decoder, st.Hardware, st.Decoders), st.Launch)
	} else if st.LastErr != nil {
		fmt.Fprintf(a.stdout, "viewing %s: not reachable yet (%s); retrying\n", v.Source.Redacted(), oneLine(st.LastErr.Message))
	}
	shown, closeTrace, err := frameTrace(a, *trace, t0)
	if err != nil {
		return err
	}
	defer closeTrace()
	return a.windows.View(ctx, b, st.Name, ViewWindow{URL: v.Source.URI, SnapshotDir: *snapshots, FullScreen: *full, Log: a.log, OnShown: shown})
}

// frameTrace reports the first frame on screen, and with a trace file every frame after it.
func frameTrace(a *app, path string, t0 time.Time) (func(seq uint64, captureUnixMs int64, at time.Time), func(), error) {
	var w *bufio.Writer
	var file *os.File
	if path != "" {
		var err error
		if file, err = os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
			return nil, nil, err
		}
		w = bufio.NewWriter(file)
	}
	var mu sync.Mutex
	first := true
	shown := func(seq uint64, captureUnixMs int64, at time.Time) {
		mu.Lock()
		defer mu.Unlock()
		if first {
			first = false
			fmt.Fprintf(a.stdout, "first frame on screen after %d ms\n", at.Sub(t0).Milliseconds())
		}
		if w != nil {
			fmt.Fprintf(w, "%d %d %d\n", seq, captureUnixMs, at.UnixMilli())
			w.Flush() // readable while the window is open
		}
	}
	done := func() {
		mu.Lock()
		defer mu.Unlock()
		if w != nil {
			w.Flush()
			file.Close()
			w = nil
		}
	}
	return shown, done, nil
}

// viewSpec builds the view of a URL or an SDP file, with the flags applied.
func viewSpec(arg string, latency int, transport, decoder, hw string) (spec.ViewSpec, error) {
	var src spec.Source
	var err error
	if strings.HasSuffix(strings.ToLower(arg), ".sdp") && !strings.Contains(arg, "://") {
		b, rerr := os.ReadFile(arg)
		if rerr != nil {
			return spec.ViewSpec{}, rerr
		}
		if src, err = sdp.ParseRTPSource(string(b)); err != nil {
			return spec.ViewSpec{}, fmt.Errorf("%s: %w", arg, err)
		}
	} else if src, err = spec.ParseSource(arg); err != nil {
		return spec.ViewSpec{}, err
	}
	if latency != 0 {
		if src.Kind != spec.SourceRTSP && src.Kind != spec.SourceRTP {
			return spec.ViewSpec{}, usagef("--latency applies to rtsp:// and rtp:// sources")
		}
		src.LatencyMS = latency
	}
	if transport != "" {
		if src.Kind != spec.SourceRTSP {
			return spec.ViewSpec{}, usagef("--transport applies to rtsp:// sources")
		}
		src.Transport = strings.ToLower(transport)
	}
	pref, err := spec.ParseHWPreference(hw)
	if err != nil {
		return spec.ViewSpec{}, err
	}
	v := spec.ViewSpec{Source: src, Decoder: decoder, Hardware: pref}
	return v, v.Validate()
}

// describeDecoder says which decoder runs and why the ones before it were skipped.
func describeDecoder(dec string, hw bool, list []pluginapi.ElementStatus) string {
	kind := "software"
	if hw {
		kind = "hardware"
	}
	out := fmt.Sprintf("%s (%s)", dec, kind)
	var skipped []string
	for _, d := range list {
		if d.Chosen {
			break
		}
		skipped = append(skipped, d.Element+": "+d.Reason)
	}
	if len(skipped) > 0 {
		out += "; skipped " + strings.Join(skipped, "; ")
	}
	return out
}
