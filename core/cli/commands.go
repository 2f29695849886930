package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginhost"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/spec"
)

func runPipeline(a *app, args []string) error {
	fs := newFlags(a, "pipeline")
	var f streamFlags
	f.register(fs)
	pos, err := parse(a, fs, args, "SOURCE [--to rtp://HOST:PORT] [flags]")
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("need exactly one SOURCE")
	}
	s, err := f.spec(pos[0])
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	host, eng, err := startHost(ctx, a, f.plugin)
	if err != nil {
		return err
	}
	defer host.Close()
	plan, plugin, err := eng.Plan(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, plan.Launch)
	fmt.Fprintf(a.stderr, "# plugin %s, encoder %s\n", plugin, describeEncoder(*plan))
	return nil
}

func runSDP(a *app, args []string) error {
	fs := newFlags(a, "sdp")
	to := fs.String("to", "", "the RTP output: rtp://HOST:PORT[?pt=96]")
	name := fs.String("name", "", "session name")
	pos, err := parse(a, fs, args, "--to rtp://HOST:PORT")
	if err != nil {
		return err
	}
	if *to == "" && len(pos) == 1 {
		*to = pos[0]
	}
	if *to == "" {
		return usagef("need --to rtp://HOST:PORT")
	}
	out, err := spec.ParseOutput(*to)
	if err != nil {
		return err
	}
	desc, err := sdp.ForOutput(out, *name)
	if err != nil {
		return err
	}
	fmt.Fprint(a.stdout, desc)
	return nil
}

func runDevices(a *app, args []string) error {
	fs := newFlags(a, "devices")
	follow := fs.Bool("follow", false, "keep running and report cameras as they are plugged in or out")
	plugin := fs.String("plugin", "", "ask only this plugin")
	if _, err := parse(a, fs, args, "[--follow]"); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	host, _, err := startHost(ctx, a, *plugin)
	if err != nil {
		return err
	}
	defer host.Close()
	total := 0
	for _, p := range host.Plugins() {
		if info := p.Info(); info == nil || !info.Supported {
			continue
		}
		pl, err := p.Platform(ctx)
		if err != nil {
			return err
		}
		ch, err := pl.Devices(ctx, *follow)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		snapshot := false
		for ev := range ch {
			switch ev.Type {
			case pluginapi.DeviceSnapshot, pluginapi.DeviceAdded:
				total++
				if ev.Type == pluginapi.DeviceAdded {
					fmt.Fprint(a.stdout, "added: ")
				}
				printDevice(a, p.Name, ev.Device)
			case pluginapi.DeviceRemoved:
				fmt.Fprintf(a.stdout, "removed: %s (%s)\n", ev.Device.Name, ev.Device.ID)
			case pluginapi.DeviceSnapshotDone:
				snapshot = true
				if total == 0 {
					fmt.Fprintln(a.stdout, "no cameras found")
				}
				if *follow {
					fmt.Fprintln(a.stdout, "watching for cameras; press Ctrl-C to stop")
				}
			}
		}
		if !snapshot && ctx.Err() == nil {
			return fmt.Errorf("plugin %s stopped before it finished listing devices (see the log above)", p.Name)
		}
	}
	return nil
}

func printDevice(a *app, plugin string, d pluginapi.Device) {
	fmt.Fprintf(a.stdout, "%s  %s  (%s, plugin %s)\n", d.ID, d.Name, d.API, plugin)
	for _, f := range d.Formats {
		var rates []string
		for _, r := range f.Framerates {
			if r.Den == 1 {
				rates = append(rates, fmt.Sprint(r.Num))
			} else {
				rates = append(rates, fmt.Sprintf("%d/%d", r.Num, r.Den))
			}
		}
		fmt.Fprintf(a.stdout, "    %-5s %dx%d  fps %s\n", f.Format, f.Width, f.Height, strings.Join(rates, ","))
	}
}

func runPlugins(a *app, args []string) error {
	fs := newFlags(a, "plugins")
	probe := fs.Bool("probe", false, "also test-encode with each encoder and show which one would be used")
	if _, err := parse(a, fs, args, "[--probe]"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	h, err := pluginhost.Start(ctx, a.log, pluginhost.Options{})
	if err != nil {
		return err
	}
	defer h.Close()
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tPLATFORM\tUSABLE\tDETAILS")
	for _, p := range h.Plugins() {
		info := p.Info()
		usable, details := "yes", "sources: "+strings.Join(info.SourceKinds, ", ")+"; GStreamer "+info.GStreamerVersion
		if !info.Supported {
			usable, details = "no", info.Reason
		}
		fmt.Fprintf(tw, "%s\t%s\t%s/%s\t%s\t%s\n", info.Name, info.Version, info.OS, info.Arch, usable, details)
	}
	for _, f := range h.Failed() {
		fmt.Fprintf(tw, "%s\t?\t?\tno\t%s\n", f.Name, oneLine(f.Err.Error()))
	}
	tw.Flush()
	if len(h.Plugins())+len(h.Failed()) == 0 {
		fmt.Fprintf(a.stdout, "no plugins found in %s\n", strings.Join(pluginhost.SearchDirs(), ", "))
	}
	if !*probe {
		return nil
	}
	for _, p := range h.Plugins() {
		if !p.Info().Supported {
			continue
		}
		pl, err := p.Platform(ctx)
		if err != nil {
			return err
		}
		caps, err := pl.Probe(ctx, "", spec.HWAuto)
		if err != nil {
			return fmt.Errorf("%s: probe: %w", p.Name, err)
		}
		fmt.Fprintf(a.stdout, "\n%s encoders, in order of preference:\n", p.Name)
		for _, e := range caps.Encoders {
			mark := " "
			if e.Chosen {
				mark = "*"
			}
			kind := "software"
			if e.Hardware {
				kind = "hardware"
			}
			fmt.Fprintf(a.stdout, " %s %-14s %-8s %s\n", mark, e.Element, kind, oneLine(e.Reason))
		}
	}
	return nil
}
