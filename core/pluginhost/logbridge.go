package pluginhost

import (
	"context"
	"io"
	"log"
	"log/slog"

	"github.com/hashicorp/go-hclog"
)

// slogHCLog is an hclog.Logger that writes into an slog.Logger. go-plugin parses each plugin's
// JSON stderr lines and logs them through it with the plugin's own level, so plugin logs land in
// the host's log re-levelled and tagged with the plugin's name.
type slogHCLog struct {
	l    *slog.Logger
	name string
	args []any
}

func newHCLog(l *slog.Logger, name string) hclog.Logger {
	return &slogHCLog{l: l, name: name}
}

func (h *slogHCLog) Log(level hclog.Level, msg string, args ...interface{}) {
	var lv slog.Level
	switch level {
	case hclog.Trace, hclog.Debug:
		lv = slog.LevelDebug
	case hclog.Warn:
		lv = slog.LevelWarn
	case hclog.Error:
		lv = slog.LevelError
	default:
		lv = slog.LevelInfo
	}
	all := append([]any{"plugin", h.name}, h.args...)
	all = append(all, args...)
	h.l.Log(context.Background(), lv, msg, all...)
}

func (h *slogHCLog) Trace(msg string, args ...interface{}) { h.Log(hclog.Trace, msg, args...) }
func (h *slogHCLog) Debug(msg string, args ...interface{}) { h.Log(hclog.Debug, msg, args...) }
func (h *slogHCLog) Info(msg string, args ...interface{})  { h.Log(hclog.Info, msg, args...) }
func (h *slogHCLog) Warn(msg string, args ...interface{})  { h.Log(hclog.Warn, msg, args...) }
func (h *slogHCLog) Error(msg string, args ...interface{}) { h.Log(hclog.Error, msg, args...) }

func (h *slogHCLog) enabled(lv slog.Level) bool { return h.l.Enabled(context.Background(), lv) }
func (h *slogHCLog) IsTrace() bool              { return h.enabled(slog.LevelDebug) }
func (h *slogHCLog) IsDebug() bool              { return h.enabled(slog.LevelDebug) }
func (h *slogHCLog) IsInfo() bool               { return h.enabled(slog.LevelInfo) }
func (h *slogHCLog) IsWarn() bool               { return h.enabled(slog.LevelWarn) }
func (h *slogHCLog) IsError() bool              { return h.enabled(slog.LevelError) }
func (h *slogHCLog) ImpliedArgs() []interface{} { return h.args }
func (h *slogHCLog) With(args ...interface{}) hclog.Logger {
	return &slogHCLog{l: h.l, name: h.name, args: append(append([]any{}, h.args...), args...)}
}
func (h *slogHCLog) Name() string { return h.name }
func (h *slogHCLog) Named(name string) hclog.Logger {
	n := name
	if h.name != "" {
		n = h.name + "." + name
	}
	return &slogHCLog{l: h.l, name: n, args: h.args}
}
func (h *slogHCLog) ResetNamed(name string) hclog.Logger {
	return &slogHCLog{l: h.l, name: name, args: h.args}
}
func (h *slogHCLog) SetLevel(hclog.Level) {}
func (h *slogHCLog) GetLevel() hclog.Level {
	switch {
	case h.IsDebug():
		return hclog.Debug
	case h.IsInfo():
		return hclog.Info
	case h.IsWarn():
		return hclog.Warn
	}
	return hclog.Error
}
func (h *slogHCLog) StandardLogger(*hclog.StandardLoggerOptions) *log.Logger {
	return log.New(h.StandardWriter(nil), "", 0)
}
func (h *slogHCLog) StandardWriter(*hclog.StandardLoggerOptions) io.Writer {
	return writerFunc(func(p []byte) (int, error) { h.Info(string(p)); return len(p), nil })
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
