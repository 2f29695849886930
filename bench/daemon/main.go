// Command daemon benchmarks the gstcast daemon (docs/BENCHMARKS.md, "Daemon"): its idle memory
// (host and plugin), how fast its control API answers with and without 200 RTSP readers
// connected, and how long a hot reload that changes one mount takes, against adding the same
// mount fresh (the baseline: a reload should cost no more than the start it implies).
//
//	go build -o /tmp/rtspload ./bench/rtspload && installer/build.sh
//	go run ./bench/daemon -bin bin -rtspload /tmp/rtspload -rounds 3
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gstcast/gstcast/core/control"
	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

func main() {
	bin := flag.String("bin", "bin", "folder with gstcast and its plugins")
	load := flag.String("rtspload", "", "the bench/rtspload binary (readers for the loaded API figure)")
	rounds := flag.Int("rounds", 3, "rounds; medians are printed")
	readers := flag.Int("readers", 200, "RTSP readers connected during the loaded API figure")
	requests := flag.Int("requests", 300, "API requests per figure")
	flag.Parse()
	var idleEmpty, idleMount, apiIdle50, apiIdle99, apiLoad50, apiLoad99, reload, putReload, add []float64
	for r := 0; r < *rounds; r++ {
		fmt.Fprintf(os.Stderr, "round %d/%d\n", r+1, *rounds)
		d, err := start(*bin, "")
		must(err)
		time.Sleep(3 * time.Second)
		idleEmpty = append(idleEmpty, d.rssMB())
		d.stop()

		port := freePort()
		cfg := fmt.Sprintf("rtsp: {address: 127.0.0.1, port: %d}\nmounts:\n  - {name: a, source: 'test://smpte?width=1280&height=720&fps=30'}\n  - {name: b, source: 'test://ball?width=640&height=360'}\n", port)
		d, err = start(*bin, cfg)
		must(err)
		d.waitPlaying("a", "b")
		time.Sleep(3 * time.Second)
		idleMount = append(idleMount, d.rssMB())
		p50, p99 := d.apiLatency(*requests)
		apiIdle50, apiIdle99 = append(apiIdle50, p50), append(apiIdle99, p99)
		if *load != "" {
			l := exec.Command(*load, "-n", strconv.Itoa(*readers), "-duration", "30s", "-transport", "tcp",
				fmt.Sprintf("rtsp://127.0.0.1:%d/a", port))
			l.Stdout, l.Stderr = nil, nil
			must(l.Start())
			time.Sleep(8 * time.Second) // every reader set up and playing
			p50, p99 = d.apiLatency(*requests)
			apiLoad50, apiLoad99 = append(apiLoad50, p50), append(apiLoad99, p99)
			_ = l.Process.Kill()
			_ = l.Wait()
			time.Sleep(2 * time.Second)
		}
		// Hot reload that changes mount b, as an editor writes the file.
		changed := strings.Replace(cfg, "test://ball?width=640&height=360", "test://snow?width=640&height=360", 1)
		reload = append(reload, d.timeReload(func() { must(os.WriteFile(d.cfgPath, []byte(changed), 0o600)) }, "b", "snow"))
		putReload = append(putReload, d.timeReload(func() {
			_, err := d.c.PutConfig(context.Background(), cfg)
			must(err)
		}, "b", "ball"))
		// Baseline: the same mount added fresh.
		s, err := spec.Request{Source: "test://ball?width=640&height=360", Serve: "c"}.Spec(spec.RTSPServer{})
		must(err)
		t0 := time.Now()
		_, err = d.c.Add(context.Background(), engine.Work{Name: "c", Stream: &s})
		must(err)
		add = append(add, ms(time.Since(t0)))
		d.stop()
	}
	fmt.Println("| figure | median | runs |")
	fmt.Println("| --- | --- | --- |")
	row := func(name string, v []float64, unit string) {
		if len(v) == 0 {
			return
		}
		fmt.Printf("| %s | %.1f %s | %s |\n", name, median(v), unit, join(v))
	}
	row("idle RSS, host + plugin, no mounts", idleEmpty, "MB")
	row("idle RSS, host + plugin, two test mounts", idleMount, "MB")
	row("API GET /v1/streams p50, no readers", apiIdle50, "ms")
	row("API GET /v1/streams p99, no readers", apiIdle99, "ms")
	row(fmt.Sprintf("API GET /v1/streams p50, %d TCP readers", *readers), apiLoad50, "ms")
	row(fmt.Sprintf("API GET /v1/streams p99, %d TCP readers", *readers), apiLoad99, "ms")
	row("hot reload (file written → changed mount playing)", reload, "ms")
	row("PUT /v1/config (→ changed mount playing)", putReload, "ms")
	row("baseline: POST of the same mount (→ playing)", add, "ms")
	if len(apiLoad50) > 0 {
		fmt.Printf("\nAPI p50 / p99 with %d readers: %.2fx / %.2fx the idle figures; reload %.2fx the fresh start.\n",
			*readers, median(apiLoad50)/median(apiIdle50), median(apiLoad99)/median(apiIdle99), median(reload)/median(add))
	}
}

type daemon struct {
	cmd     *exec.Cmd
	dir     string
	cfgPath string
	c       *control.Client
}

func start(bin, cfg string) (*daemon, error) {
	dir, _ := os.MkdirTemp("", "gcb")
	d := &daemon{dir: dir}
	args := []string{"serve", "--log-file", "-"}
	if cfg != "" {
		d.cfgPath = filepath.Join(dir, "gstcast.yaml")
		if err := os.WriteFile(d.cfgPath, []byte(cfg), 0o600); err != nil {
			return nil, err
		}
		args = append(args, d.cfgPath)
	} else {
		d.cfgPath = filepath.Join(dir, "empty.yaml")
		_ = os.WriteFile(d.cfgPath, nil, 0o600)
		args = append(args, d.cfgPath)
	}
	abs, _ := filepath.Abs(bin)
	d.cmd = exec.Command(filepath.Join(abs, "gstcast"), args...)
	d.cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+dir, "XDG_CONFIG_HOME="+dir, "XDG_CACHE_HOME="+dir, "GSTCAST_PLUGIN_PATH="+abs)
	d.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, "gstcast", "api.sock")
	deadline := time.Now().Add(60 * time.Second)
	for {
		c := control.NewClient(control.Endpoint{Network: "unix", Address: sock}, "")
		if _, err := c.About(context.Background()); err == nil {
			d.c = c
			return d, nil
		}
		if time.Now().After(deadline) {
			d.stop()
			return nil, fmt.Errorf("daemon did not answer at %s", sock)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (d *daemon) stop() {
	_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	os.RemoveAll(d.dir)
}

func (d *daemon) waitPlaying(names ...string) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		all, err := d.c.List(context.Background())
		ok := err == nil
		for _, n := range names {
			found := false
			for _, st := range all {
				if st.Name == n && st.State == engine.StatePlaying && st.Stats != nil && st.Stats.Frames > 0 {
					found = true
				}
			}
			ok = ok && found
		}
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	must(fmt.Errorf("%v not playing", names))
}

// rssMB is the resident memory of the daemon and its plugin processes.
func (d *daemon) rssMB() float64 {
	total := 0.0
	for _, pid := range append([]int{d.cmd.Process.Pid}, children(d.cmd.Process.Pid)...) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				total += float64(kb) / 1024
			}
		}
	}
	return total
}

// children are pid's descendants. A Go program starts children from any of its threads, and
// /proc lists a child under the thread that forked it: read every thread's list.
func children(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			n, _ := strconv.Atoi(f)
			out = append(out, n)
			out = append(out, children(n)...)
		}
	}
	return out
}

func (d *daemon) apiLatency(n int) (p50, p99 float64) {
	var v []float64
	for i := 0; i < n; i++ {
		t0 := time.Now()
		if _, err := d.c.List(context.Background()); err != nil {
			must(err)
		}
		v = append(v, ms(time.Since(t0)))
	}
	sort.Float64s(v)
	return v[len(v)/2], v[len(v)*99/100]
}

// timeReload runs change and waits until mount name plays a source with pattern.
func (d *daemon) timeReload(change func(), name, pattern string) float64 {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	events, err := d.c.Watch(ctx)
	must(err)
	<-events // snapshot
	t0 := time.Now()
	change()
	for ev := range events {
		if st := ev.Status; st != nil && ev.Name == name && st.State == engine.StatePlaying && st.Stream != nil && st.Stream.Source.Pattern == pattern {
			return ms(time.Since(t0))
		}
	}
	must(fmt.Errorf("reload of %s never played", name))
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func join(v []float64) string {
	var s []string
	for _, x := range v {
		s = append(s, strconv.FormatFloat(x, 'f', 1, 64))
	}
	return strings.Join(s, ", ")
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/daemon:", err)
		os.Exit(1)
	}
}
