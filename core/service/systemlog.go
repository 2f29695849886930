package service

import (
	"context"
	"log/slog"
	"strconv"
	"strings"

	kservice "github.com/kardianos/service"
)

// SystemHandler writes slog records to kardianos's system logger: syslog, which lands in the
// journal on a systemd machine, or the Windows Event Log. Errors and warnings keep their
// priority, everything else is information. A record with a "plugin" attribute (the lines
// pluginhost bridges from plugin processes) is prefixed with the plugin's name.
type SystemHandler struct {
	l     kservice.Logger
	level slog.Leveler
	attrs []groupAttr // from WithAttrs, each with the group it was added under
	group string      // "a.b." under WithGroup("a").WithGroup("b")
}

type groupAttr struct {
	prefix string
	attr   slog.Attr
}

// NewSystemHandler adapts l; records below level are dropped (nil: none are).
func NewSystemHandler(l kservice.Logger, level slog.Leveler) *SystemHandler {
	return &SystemHandler{l: l, level: level}
}

// Enabled reports whether records of lvl are written.
func (h *SystemHandler) Enabled(_ context.Context, lvl slog.Level) bool {
	return h.level == nil || lvl >= h.level.Level()
}

// Handle writes one record as "[plugin: ]message key=value ...".
func (h *SystemHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	plugin := ""
	add := func(prefix string, a slog.Attr) {
		if a.Key == "plugin" && prefix == "" {
			plugin = a.Value.String()
			return
		}
		writeAttr(&b, prefix, a)
	}
	for _, ga := range h.attrs {
		add(ga.prefix, ga.attr)
	}
	r.Attrs(func(a slog.Attr) bool { add(h.group, a); return true })
	msg := r.Message + b.String()
	if plugin != "" {
		msg = plugin + ": " + msg
	}
	switch {
	case r.Level >= slog.LevelError:
		return h.l.Error(msg)
	case r.Level >= slog.LevelWarn:
		return h.l.Warning(msg)
	}
	return h.l.Info(msg)
}

func writeAttr(b *strings.Builder, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			writeAttr(b, p, g)
		}
		return
	}
	if a.Key == "" {
		return
	}
	s := v.String()
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		s = strconv.Quote(s)
	}
	b.WriteString(" " + prefix + a.Key + "=" + s)
}

// WithAttrs returns a handler that adds as to every record.
func (h *SystemHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append([]groupAttr(nil), h.attrs...)
	for _, a := range as {
		c.attrs = append(c.attrs, groupAttr{h.group, a})
	}
	return &c
}

// WithGroup returns a handler that puts later attributes under name.
func (h *SystemHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.group = h.group + name + "."
	return &c
}
