package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
)

func runSessions(a *app, args []string) error {
	fs := newFlags(a, "sessions")
	asJSON := fs.Bool("json", false, "print the sessions as JSON")
	pos, err := parse(a, fs, args, "NAME [--json]")
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one served stream (gstcast ls lists them)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, closeBackend, err := a.openBackend(ctx, daemonOnly, "")
	if err != nil {
		return err
	}
	defer closeBackend()
	ss, err := b.Sessions(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ss)
	}
	if len(ss) == 0 {
		fmt.Fprintf(a.stdout, "%s has no RTSP readers or publishers now\n", pos[0])
		return nil
	}
	printSessions(a, ss, time.Now())
	return nil
}

// printSessions is the table of gstcast sessions.
func printSessions(a *app, ss []pluginapi.Session, now time.Time) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SESSION\tROLE\tCLIENT\tUSER\tTRANSPORT\tFOR\tBYTES\tLOSS\tJITTER")
	for _, s := range ss {
		role := "reader"
		if s.Publisher {
			role = "publisher"
		}
		user := s.User
		if user == "" {
			user = "-"
		}
		loss, jitter := "-", "-"
		if s.Report {
			loss = fmt.Sprintf("%.1f%% (%d)", s.FractionLost*100, s.PacketsLost)
			jitter = fmt.Sprintf("%.1f ms", s.JitterMS)
		}
		since := "-"
		if !s.Since.IsZero() {
			since = now.Sub(s.Since).Round(time.Second).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, role, s.Address, user, s.Transport, since,
			fmt.Sprintf("%s, %d pkts", byteCount(s.Bytes), s.Packets), loss, jitter)
	}
	tw.Flush()
}

func byteCount(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func runKick(a *app, args []string) error {
	fs := newFlags(a, "kick")
	pos, err := parse(a, fs, args, "NAME SESSION...")
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("name a served stream and the sessions to kick (gstcast sessions NAME lists them)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, closeBackend, err := a.openBackend(ctx, daemonOnly, "")
	if err != nil {
		return err
	}
	defer closeBackend()
	for _, id := range pos[1:] {
		if err := b.Kick(ctx, pos[0], id); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "kicked %s from %s\n", id, pos[0])
	}
	return nil
}
