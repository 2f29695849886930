package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginhost"
	"github.com/gstcast/gstcast/core/sdp"
	"github.com/gstcast/gstcast/core/session"
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
	b, closeBackend, err := a.openBackend(ctx, anyEngine, f.plugin)
	if err != nil {
		return err
	}
	defer closeBackend()
	plan, err := b.Plan(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, plan.Launch)
	fmt.Fprintf(a.stderr, "# plugin %s, encoder %s\n", plan.Plugin, describeEncoder(plan.Encoder, plan.Encoders))
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
	controls := fs.Bool("controls", false, "also list each camera's settings (V4L2 controls, Argus settings): set them with ?ctrl.NAME=VALUE")
	if _, err := parse(a, fs, args, "[--follow] [--controls]"); err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	b, closeBackend, err := a.openBackend(ctx, anyEngine, *plugin)
	if err != nil {
		return err
	}
	defer closeBackend()
	ch, err := b.Devices(ctx, *follow)
	if err != nil {
		return err
	}
	total, snapshot := 0, false
	for ev := range ch {
		switch ev.Type {
		case pluginapi.DeviceSnapshot, pluginapi.DeviceAdded:
			total++
			if ev.Type == pluginapi.DeviceAdded {
				fmt.Fprint(a.stdout, "added: ")
			}
			printDevice(a, ev.Plugin, ev.Device, *controls)
		case pluginapi.DeviceRemoved:
			fmt.Fprintf(a.stdout, "removed: %s (%s)\n", ev.Device.Name, ev.Device.ID)
		case pluginapi.DeviceSnapshotDone:
			snapshot = true
			if ev.Err != "" {
				return fmt.Errorf("%s (see the log above)", ev.Err)
			}
			if total == 0 {
				fmt.Fprintln(a.stdout, "no cameras found")
			}
			if *follow {
				fmt.Fprintln(a.stdout, "watching for cameras; press Ctrl-C to stop")
			}
		}
	}
	if !snapshot && ctx.Err() == nil {
		return fmt.Errorf("the plugins stopped before they finished listing devices (see the log above)")
	}
	return nil
}

func printDevice(a *app, plugin string, d pluginapi.Device, controls bool) {
	fmt.Fprintf(a.stdout, "%s  %s  (%s, plugin %s)\n", d.ID, d.Name, d.API, plugin)
	if d.URI != "" {
		fmt.Fprintf(a.stdout, "    source: %s\n", d.URI)
	}
	for _, f := range d.Formats {
		var rates []string
		for _, r := range f.Framerates {
			if r.Den == 1 {
				rates = append(rates, fmt.Sprint(r.Num))
			} else {
				rates = append(rates, fmt.Sprintf("%d/%d", r.Num, r.Den))
			}
		}
		mode := ""
		if f.Mode != "" {
			mode = "  (sensor mode " + f.Mode + ": ?mode=" + f.Mode + ")"
		}
		fmt.Fprintf(a.stdout, "    %-5s %dx%d  fps %s%s\n", f.Format, f.Width, f.Height, strings.Join(rates, ","), mode)
	}
	if !controls {
		return
	}
	if len(d.Controls) == 0 {
		fmt.Fprintln(a.stdout, "    controls: none listed")
		return
	}
	fmt.Fprintln(a.stdout, "    controls (set with ?ctrl.NAME=VALUE):")
	for _, c := range d.Controls {
		fmt.Fprintf(a.stdout, "      %s\n", describeControl(c))
	}
}

// describeControl reads like v4l2-ctl --list-ctrls-menus:
// exposure_time_absolute (int) 3..2047 step 1 default 250 value 156 [inactive]  "Exposure Time, Absolute"
func describeControl(c pluginapi.Control) string {
	s := fmt.Sprintf("%s (%s)", c.Name, c.Type)
	if c.Min != "" || c.Max != "" {
		s += " " + c.Min + ".." + c.Max
	}
	if c.Step != "" && c.Step != "0" && c.Step != "1" {
		s += " step " + c.Step
	}
	if c.Unit != "" {
		s += " " + c.Unit
	}
	if c.Default != "" {
		s += " default " + c.Default
	}
	if c.Value != "" {
		s += " value " + c.Value
	}
	if len(c.Flags) > 0 {
		s += " [" + strings.Join(c.Flags, ", ") + "]"
	}
	if c.Label != "" && c.Label != c.Name {
		s += fmt.Sprintf("  %q", c.Label)
	}
	if len(c.Menu) > 0 {
		var items []string
		for _, m := range c.Menu {
			items = append(items, m.Value+"="+m.Name)
		}
		s += "\n        " + strings.Join(items, ", ")
	}
	return s
}

func runPlugins(a *app, args []string) error {
	fs := newFlags(a, "plugins")
	probe := fs.Bool("probe", false, "also test-encode with each encoder and show which one would be used")
	if _, err := parse(a, fs, args, "[--probe]"); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var b control.Backend
	if c, err := control.Dial(ctx); err == nil && !a.standalone {
		defer c.Close()
		a.log.Info("using " + describe(ctx, c))
		b = c
	} else {
		ss, err := session.Open(ctx, session.Options{Log: a.log, AllowNone: true})
		if err != nil {
			return err
		}
		defer ss.Close()
		b = control.NewLocal(ss.Engine, control.About{})
	}
	plugins, err := b.Plugins(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tPLATFORM\tPRIORITY\tUSABLE\tDETAILS")
	var infos []*pluginapi.Info
	for _, p := range plugins {
		info := p.Info
		if info == nil {
			fmt.Fprintf(tw, "%s\t?\t?\t\tno\t%s\n", p.Name, oneLine(p.Err))
			continue
		}
		infos = append(infos, info)
		usable, details := "yes", "sources: "+strings.Join(info.SourceKinds, ", ")+"; GStreamer "+info.GStreamerVersion
		if info.Reason != "" {
			details += "; " + oneLine(info.Reason)
		}
		if !info.Supported {
			usable, details = "no", oneLine(info.Reason)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s/%s\t%d\t%s\t%s\n", info.Name, info.Version, info.OS, info.Arch, info.Priority, usable, details)
	}
	tw.Flush()
	if len(plugins) == 0 {
		fmt.Fprintf(a.stdout, "no plugins found in %s\n", strings.Join(pluginhost.SearchDirs(), ", "))
	}
	// Which plugin each source goes to: the highest priority among the usable plugins that take
	// it, the first found among equals (docs/PLUGINS.md).
	if choices := engine.Choices(infos); len(choices) > 0 {
		fmt.Fprintln(a.stdout, "\nsources go to (highest priority first, then the first found):")
		for _, c := range choices {
			line := fmt.Sprintf("  %-10s %s", c.Kind+"://", c.Plugin)
			if len(c.Also) > 0 {
				line += " (also taken by " + strings.Join(c.Also, ", ") + ")"
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
	if !*probe {
		return nil
	}
	results, err := b.Probe(ctx, "", "", spec.HWAuto)
	if err != nil {
		return err
	}
	for _, r := range results {
		if r.Err != "" {
			return fmt.Errorf("%s: probe: %s", r.Plugin, r.Err)
		}
		fmt.Fprintf(a.stdout, "\n%s encoders, in order of preference:\n", r.Plugin)
		for _, e := range r.Capabilities.Encoders {
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
