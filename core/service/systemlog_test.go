package service

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/logs"
)

// fakeLogger records what kardianos's system logger would be given.
type fakeLogger struct{ lines []string }

func (f *fakeLogger) add(level string, v ...any) error {
	f.lines = append(f.lines, level+" "+fmt.Sprint(v...))
	return nil
}
func (f *fakeLogger) Error(v ...any) error   { return f.add("E", v...) }
func (f *fakeLogger) Warning(v ...any) error { return f.add("W", v...) }
func (f *fakeLogger) Info(v ...any) error    { return f.add("I", v...) }
func (f *fakeLogger) Errorf(format string, a ...any) error {
	return f.add("E", fmt.Sprintf(format, a...))
}
func (f *fakeLogger) Warningf(format string, a ...any) error {
	return f.add("W", fmt.Sprintf(format, a...))
}
func (f *fakeLogger) Infof(format string, a ...any) error {
	return f.add("I", fmt.Sprintf(format, a...))
}

func TestSystemHandler(t *testing.T) {
	f := &fakeLogger{}
	log := slog.New(NewSystemHandler(f, slog.LevelInfo))
	log.Debug("hidden")
	log.Info("gstcast daemon running", "api", "/run/gstcast/api.sock", "entries", 2)
	log.With("plugin", "linux-v4l2").Warn("retrying", "err", "device busy")
	log.WithGroup("rtsp").With("port", 8554).Error("bind", "addr", "")
	want := []string{
		"I gstcast daemon running api=/run/gstcast/api.sock entries=2",
		`W linux-v4l2: retrying err="device busy"`,
		`E bind rtsp.port=8554 rtsp.addr=""`,
	}
	if strings.Join(f.lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(f.lines, "\n"), strings.Join(want, "\n"))
	}
}

// Through the daemon's log (core/logs), as the service uses it: plugin lines keep their name.
func TestSystemHandlerBehindTheDaemonLog(t *testing.T) {
	f := &fakeLogger{}
	l, err := logs.New(logs.Options{System: NewSystemHandler(f, nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Logger().With("plugin", "linux-v4l2").Info("stream playing", "encoder", "x264enc")
	if len(f.lines) != 1 || f.lines[0] != "I linux-v4l2: stream playing encoder=x264enc" {
		t.Errorf("system log got %q", f.lines)
	}
}
