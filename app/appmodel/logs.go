package appmodel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
)

// LogText is one log line as the log panel shows it: "15:04:05 WARN  linux-v4l2  message k=v".
func LogText(l control.LogLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-5s %s  %s", l.Time.Local().Format("15:04:05"), strings.ToUpper(l.Level), l.Source, l.Message)
	keys := make([]string, 0, len(l.Attrs))
	for k := range l.Attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := l.Attrs[k]
		if strings.ContainsAny(v, " \t\"") {
			v = fmt.Sprintf("%q", v)
		}
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// LogLines keeps the last lines the log panel shows.
type LogLines struct {
	Max   int
	lines []string
}

// Add appends a line, dropping the oldest past Max.
func (l *LogLines) Add(line string) {
	l.lines = append(l.lines, line)
	if max := l.Max; max > 0 && len(l.lines) > max {
		l.lines = append(l.lines[:0], l.lines[len(l.lines)-max:]...)
	}
}

// Text is every line kept, oldest first.
func (l *LogLines) Text() string { return strings.Join(l.lines, "\n") }

// Len is how many lines are kept.
func (l *LogLines) Len() int { return len(l.lines) }

// PluginRow is one plugin as the Plugins tab lists it.
type PluginRow struct {
	Name, Version, State, Note string
}

// PluginRows are the plugins as the engine lists them.
func PluginRows(ps []engine.PluginStatus) []PluginRow {
	var out []PluginRow
	for _, p := range ps {
		r := PluginRow{Name: p.Name, Version: none, State: "not running"}
		if p.Up {
			r.State = "running"
			if p.Restarts > 0 {
				r.State = fmt.Sprintf("running (restarted %d×)", p.Restarts)
			}
		}
		if i := p.Info; i != nil {
			r.Version = i.Version
			switch {
			case !i.Supported:
				r.Note = "does not work here: " + i.Reason
			case i.GStreamerVersion != "":
				r.Note = "GStreamer " + i.GStreamerVersion
				if i.Reason != "" {
					r.Note += "; " + i.Reason
				}
			default:
				r.Note = i.Reason
			}
		}
		if p.Err != "" {
			r.Note = firstLine(p.Err)
		}
		if r.Name == "" {
			r.Name = p.Path
		}
		out = append(out, r)
	}
	return out
}
