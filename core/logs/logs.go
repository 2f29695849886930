// Package logs is the daemon's log: one slog.Logger whose records go to the console (when there
// is one), to a size-rotated file (lumberjack), to the system's logger (the journal or the
// Windows Event Log, through the service), and to a ring of recent lines that the control API
// serves (`gstcast logs -f`, the desktop app's log panel). Plugin lines arrive through
// pluginhost's bridge with a "plugin" attribute and are tagged with the plugin's name.
package logs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gopkg.in/natefinch/lumberjack.v2"

	"github.com/gstcast/gstcast/core/control"
)

// Options say where lines go.
type Options struct {
	// Level is what the file, the system log and the ring keep (default info).
	Level slog.Leveler
	// ConsoleLevel is what the console shows (default Level): a terminal wants warnings, the
	// file wants the whole story.
	ConsoleLevel slog.Leveler
	// Console receives text lines (stderr of `gstcast serve`); nil for none (a service).
	Console io.Writer
	// File is the rotated log file; "" for none. It rotates at MaxSizeMB and keeps MaxFiles.
	File      string
	MaxSizeMB int
	MaxFiles  int
	// System is an extra handler (the service's system logger), or nil.
	System slog.Handler
	// Keep is how many recent lines the ring holds (default 2000).
	Keep int
}

// Logs is a running log.
type Logs struct {
	level slog.Leveler
	file  *lumberjack.Logger
	outs  []slog.Handler

	mu   sync.Mutex
	ring []control.LogLine
	next int
	full bool
	subs map[chan control.LogLine]struct{}
}

// New opens the log.
func New(o Options) (*Logs, error) {
	if o.Level == nil {
		o.Level = slog.LevelInfo
	}
	if o.Keep <= 0 {
		o.Keep = 2000
	}
	l := &Logs{level: o.Level, ring: make([]control.LogLine, o.Keep), subs: map[chan control.LogLine]struct{}{}}
	hopts := &slog.HandlerOptions{Level: o.Level}
	if o.Console != nil {
		cl := o.ConsoleLevel
		if cl == nil {
			cl = o.Level
		}
		l.outs = append(l.outs, slog.NewTextHandler(o.Console, &slog.HandlerOptions{Level: cl}))
	}
	if o.File != "" {
		if err := os.MkdirAll(filepath.Dir(o.File), 0o755); err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
		f, err := os.OpenFile(o.File, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
		if err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
		f.Close()
		l.file = &lumberjack.Logger{Filename: o.File, MaxSize: max(1, o.MaxSizeMB), MaxBackups: max(1, o.MaxFiles)}
		l.outs = append(l.outs, slog.NewTextHandler(l.file, hopts))
	}
	if o.System != nil {
		l.outs = append(l.outs, o.System)
	}
	return l, nil
}

// Logger is the daemon's logger.
func (l *Logs) Logger() *slog.Logger { return slog.New(&handler{l: l, outs: l.outs}) }

// Close flushes and closes the file.
func (l *Logs) Close() error {
	l.mu.Lock()
	for ch := range l.subs {
		close(ch)
		delete(l.subs, ch)
	}
	l.mu.Unlock()
	if l.file != nil {
		return l.file.Close()
	}
	return nil
}

func (l *Logs) add(line control.LogLine) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring[l.next] = line
	l.next = (l.next + 1) % len(l.ring)
	if l.next == 0 {
		l.full = true
	}
	for ch := range l.subs {
		select {
		case ch <- line:
		default: // a follower that does not read loses lines, never the daemon its speed
		}
	}
}

// recent returns the last n lines, oldest first.
func (l *Logs) recentLocked(n int) []control.LogLine {
	size := l.next
	if l.full {
		size = len(l.ring)
	}
	n = min(n, size)
	out := make([]control.LogLine, 0, n)
	for i := size - n; i < size; i++ {
		idx := i
		if l.full {
			idx = (l.next + i) % len(l.ring)
		}
		out = append(out, l.ring[idx])
	}
	return out
}

// Lines sends the last lines and, with follow, new ones until ctx ends.
func (l *Logs) Lines(ctx context.Context, last int, follow bool) (<-chan control.LogLine, error) {
	out := make(chan control.LogLine, 256)
	l.mu.Lock()
	backlog := l.recentLocked(last)
	var live chan control.LogLine
	if follow {
		live = make(chan control.LogLine, 256)
		l.subs[live] = struct{}{}
	}
	l.mu.Unlock()
	go func() {
		defer close(out)
		defer func() {
			if live != nil {
				l.mu.Lock()
				if _, ok := l.subs[live]; ok {
					delete(l.subs, live)
					close(live)
				}
				l.mu.Unlock()
			}
		}()
		for _, line := range backlog {
			select {
			case out <- line:
			case <-ctx.Done():
				return
			}
		}
		if live == nil {
			return
		}
		for {
			select {
			case line, ok := <-live:
				if !ok {
					return
				}
				select {
				case out <- line:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// handler fans a record out to every output and into the ring.
type handler struct {
	l     *Logs
	outs  []slog.Handler
	attrs []slog.Attr
	group string
}

func (h *handler) Enabled(ctx context.Context, lvl slog.Level) bool {
	if lvl >= h.l.level.Level() {
		return true
	}
	for _, o := range h.outs {
		if o.Enabled(ctx, lvl) {
			return true
		}
	}
	return false
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	for _, o := range h.outs {
		if o.Enabled(ctx, r.Level) {
			_ = o.Handle(ctx, r.Clone())
		}
	}
	if r.Level < h.l.level.Level() {
		return nil // only a console at a lower level wanted it
	}
	line := control.LogLine{Time: r.Time, Level: r.Level.String(), Source: "gstcast", Message: r.Message}
	if line.Time.IsZero() {
		line.Time = time.Now()
	}
	add := func(a slog.Attr) bool {
		if a.Key == "plugin" {
			line.Source = a.Value.String()
			return true
		}
		if line.Attrs == nil {
			line.Attrs = map[string]string{}
		}
		key := a.Key
		if h.group != "" {
			key = h.group + "." + key
		}
		line.Attrs[key] = a.Value.String()
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	h.l.add(line)
	return nil
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	outs := make([]slog.Handler, len(h.outs))
	for i, o := range h.outs {
		outs[i] = o.WithAttrs(as)
	}
	return &handler{l: h.l, outs: outs, attrs: append(append([]slog.Attr(nil), h.attrs...), as...), group: h.group}
}

func (h *handler) WithGroup(name string) slog.Handler {
	outs := make([]slog.Handler, len(h.outs))
	for i, o := range h.outs {
		outs[i] = o.WithGroup(name)
	}
	g := name
	if h.group != "" {
		g = h.group + "." + name
	}
	return &handler{l: h.l, outs: outs, attrs: h.attrs, group: g}
}
