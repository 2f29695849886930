package session_test

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/session"
	"github.com/gstcast/gstcast/core/spec"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}

// A session runs the real plugin, streams through the engine, and Close stops the stream and
// then the plugin process: nothing is left running.
func TestOpenStreamClose(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ss, err := session.Open(ctx, session.Options{Dirs: []string{testbin.Dir(t)}})
	if err != nil {
		t.Fatal(err)
	}
	plugins := ss.Engine.Plugins()
	if len(plugins) == 0 || !plugins[0].Up || plugins[0].PID == 0 {
		t.Fatalf("plugins %+v", plugins)
	}
	pid := plugins[0].PID
	src, _ := spec.ParseSource("test://ball?width=320&height=240&fps=30")
	out, _ := spec.ParseOutput("rtp://127.0.0.1:" + strconv.Itoa(testbin.FreeUDPPort(t)))
	s := spec.StreamSpec{Source: src, Output: out, Encoding: spec.Encoding{}.WithDefaults()}
	st, err := ss.Engine.Add(ctx, engine.Work{Name: "t", Stream: &s})
	if err != nil || st.State != engine.StatePlaying || st.Encoder == "" {
		t.Fatalf("add: %+v %v", st, err)
	}
	ss.Close()
	if len(ss.Engine.List()) != 0 {
		t.Fatalf("left after close: %+v", ss.Engine.List())
	}
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("plugin process %d still runs after Close", pid)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := ss.Engine.Add(ctx, engine.Work{Stream: &s}); err == nil {
		t.Fatal("a closed session's engine took new work")
	}
}

// With no plugin anywhere, Open says where it looked.
func TestOpenWithoutPlugins(t *testing.T) {
	_, err := session.Open(context.Background(), session.Options{Dirs: []string{t.TempDir()}})
	if err == nil {
		t.Fatal("opened without plugins")
	}
	t.Log(err)
}
