package logs

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A line reaches the console, the file and the ring; plugin lines carry the plugin's name;
// followers get new lines after the backlog.
func TestLinesGoEverywhere(t *testing.T) {
	var console bytes.Buffer
	file := filepath.Join(t.TempDir(), "log", "gstcast.log")
	l, err := New(Options{Console: &console, File: file, Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	log := l.Logger()
	log.Info("one")
	log.With("plugin", "linux-v4l2").Warn("two", "stream", "cam")
	log.Debug("hidden") // below the level
	log.Info("three")
	log.Info("four")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ch, _ := l.Lines(ctx, 10, true)
	var got []string
	for i := 0; i < 3; i++ {
		line := <-ch
		got = append(got, line.Source+":"+line.Message)
		if line.Message == "two" && line.Attrs["stream"] != "cam" {
			t.Errorf("attrs %+v", line.Attrs)
		}
	}
	if strings.Join(got, " ") != "linux-v4l2:two gstcast:three gstcast:four" {
		t.Fatalf("backlog %v (the ring keeps 3)", got)
	}
	log.Info("five")
	if line := <-ch; line.Message != "five" {
		t.Fatalf("follow: %+v", line)
	}
	b, _ := os.ReadFile(file)
	for _, want := range []string{"msg=one", "plugin=linux-v4l2", "msg=five"} {
		if !strings.Contains(string(b), want) || !strings.Contains(console.String(), want) {
			t.Errorf("file or console lacks %q:\n%s\n%s", want, b, console.String())
		}
	}
	if strings.Contains(console.String(), "hidden") {
		t.Error("debug line below the level was written")
	}
}
