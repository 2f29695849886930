package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// describe says in words which engine b is.
func describe(ctx context.Context, b control.Backend) string {
	a, err := b.About(ctx)
	if err != nil {
		return "the gstcast engine"
	}
	return a.Describe()
}

func runLs(a *app, args []string) error {
	fs := newFlags(a, "ls")
	asJSON := fs.Bool("json", false, "print the statuses as JSON (secrets masked)")
	if _, err := parse(a, fs, args, "[--json]"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, closeBackend, err := a.openBackend(ctx, daemonOnly, "")
	if err != nil {
		return err
	}
	defer closeBackend()
	all, err := b.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	if len(all) == 0 {
		fmt.Fprintf(a.stdout, "nothing runs in %s\n", describe(ctx, b))
		return nil
	}
	printStatuses(a, all)
	return nil
}

// printStatuses is the table of ls and status.
func printStatuses(a *app, all []engine.Status) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tSTATE\tFPS\tBITRATE\tREADERS\tCODEC\tWHERE")
	for _, st := range all {
		fps, rate, readers := "-", "-", "-"
		if s := st.Stats; s != nil {
			fps = fmt.Sprintf("%.1f", s.FPS)
			rate = fmt.Sprintf("%.0f kbit/s", s.BitrateBps/1000)
			if st.Stream != nil && st.Stream.Output.Kind == spec.OutputServe {
				readers = fmt.Sprint(readersOf(s))
			}
		}
		state := string(st.State)
		if st.State == engine.StateRetrying {
			state = fmt.Sprintf("retrying (#%d in %s)", st.Attempt, st.RetryIn.Round(100*time.Millisecond))
		}
		codec := "relayed"
		switch {
		case st.Kind == engine.KindView:
			codec = st.Decoder + kindOfElement(st.Hardware)
		case st.Encoder != "":
			codec = st.Encoder + kindOfElement(st.HardwareEncoder())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", st.Name, st.Kind, state, fps, rate, readers, codec, where(st))
		if st.LastErr != nil && st.State != engine.StatePlaying {
			fmt.Fprintf(tw, "\t\t↳ %s\t\t\t\t\t\n", oneLine(st.LastErr.Message))
		}
	}
	tw.Flush()
}

func kindOfElement(hw bool) string {
	if hw {
		return " (hw)"
	}
	return ""
}

// where is a stream's output or a view's source, credentials masked.
func where(st engine.Status) string {
	switch {
	case st.View != nil:
		return spec.RedactURI(st.View.Source.URI)
	case st.URL != "":
		return st.URL
	case st.Stream != nil && st.Stream.Output.URI != "":
		return spec.RedactURI(st.Stream.Output.URI)
	case st.Stream != nil && st.Stream.Output.Kind == spec.OutputServe:
		return "mount /" + st.Stream.Output.Mount
	}
	return ""
}

func runStop(a *app, args []string) error {
	fs := newFlags(a, "stop")
	pos, err := parse(a, fs, args, "NAME...")
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("name the streams or views to stop (gstcast ls lists them)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, closeBackend, err := a.openBackend(ctx, daemonOnly, "")
	if err != nil {
		return err
	}
	defer closeBackend()
	var failed []string
	for _, name := range pos {
		if err := b.Remove(ctx, name); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %s", name, oneLine(err.Error())))
			continue
		}
		fmt.Fprintf(a.stdout, "stopped %s\n", name)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	return nil
}

func runLogs(a *app, args []string) error {
	fs := newFlags(a, "logs")
	follow := fs.Bool("f", false, "keep printing new lines until Ctrl-C")
	fs.BoolVar(follow, "follow", false, "same as -f")
	n := fs.Int("n", 100, "how many recent lines to print first")
	if _, err := parse(a, fs, args, "[-f] [-n LINES]"); err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	b, closeBackend, err := a.openBackend(ctx, daemonOnly, "")
	if err != nil {
		return err
	}
	defer closeBackend()
	lines, err := b.Logs(ctx, *n, *follow)
	if err != nil {
		return err
	}
	for l := range lines {
		var attrs []string
		for k, v := range l.Attrs {
			attrs = append(attrs, k+"="+v)
		}
		fmt.Fprintf(a.stdout, "%s %-5s %-12s %s %s\n", l.Time.Local().Format("2006-01-02 15:04:05"), l.Level, l.Source, l.Message, strings.Join(attrs, " "))
	}
	return nil
}

func runStatus(a *app, args []string) error {
	fs := newFlags(a, "status")
	if _, err := parse(a, fs, args, ""); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := control.Dial(ctx)
	if err != nil {
		fmt.Fprintf(a.stdout, "daemon:  %s\n", oneLine(err.Error()))
		printServiceStatus(a)
		return nil
	}
	defer c.Close()
	about, err := c.About(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "daemon:  %s (pid %d, user %s, gstcast %s, up %s)\n", about.Describe(), about.PID, about.User, about.Version,
		time.Since(about.Started).Round(time.Second))
	if about.Config != "" {
		fmt.Fprintf(a.stdout, "config:  %s\n", about.Config)
	}
	printServiceStatus(a)
	plugins, err := c.Plugins(ctx)
	if err == nil {
		var names []string
		for _, p := range plugins {
			state := "up"
			switch {
			case !p.Up:
				state = "down"
			case p.Info != nil && !p.Info.Supported:
				state = "not usable here"
			}
			names = append(names, fmt.Sprintf("%s (%s, %d restarts)", p.Name, state, p.Restarts))
		}
		fmt.Fprintf(a.stdout, "plugins: %s\n", strings.Join(names, ", "))
	}
	all, err := c.List(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(a.stdout, "nothing runs")
		return nil
	}
	fmt.Fprintln(a.stdout)
	printStatuses(a, all)
	return nil
}

// printServiceStatus says whether the service is installed; the service command fills it in.
var printServiceStatus = printServiceState
