//go:build !nogui

package viewer

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// smokeEnv makes the test binary open a real window instead of running tests: GLFW must run on
// the process's main goroutine, which only TestMain has.
const smokeEnv = "GSTCAST_VIEWER_SMOKE"

func TestMain(m *testing.M) {
	if os.Getenv(smokeEnv) == "1" {
		os.Exit(smokeWindow())
	}
	os.Exit(m.Run())
}

// TestRealWindow opens a viewer with Fyne's real (OpenGL) driver in a child process and checks
// that the frame reaches the screen and every frame goes back to the source on close.
func TestRealWindow(t *testing.T) {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && os.Getenv("DISPLAY") == "" {
		t.Skip("no X display (DISPLAY is unset), so no real window: run the tests under " +
			"dbus-run-session -- xvfb-run -a to include this one")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(), smokeEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "smoke: ok") {
		t.Fatalf("real window: %v\n%s", err, out)
	}
}

func TestRunWithoutDisplay(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("DISPLAY matters only to X11 desktops")
	}
	t.Setenv("DISPLAY", "")
	err := Run(context.Background(), Options{URL: testURL, Frames: newFakeSource()})
	if err == nil || !strings.Contains(err.Error(), "DISPLAY is not set") {
		t.Fatalf("Run without a display: %v", err)
	}
}

var teal = color.RGBA{R: 0x10, G: 0x90, B: 0x80, A: 0xff}

// smokeWindow runs in the child process; it prints "smoke: ok" or why not.
func smokeWindow() int {
	src := newFakeSource()
	frame := image.NewRGBA(image.Rect(0, 0, 320, 180))
	for i := 0; i < len(frame.Pix); i += 4 {
		frame.Pix[i], frame.Pix[i+1], frame.Pix[i+2], frame.Pix[i+3] = teal.R, teal.G, teal.B, teal.A
	}
	src.next = func(uint64) *image.RGBA { return frame }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	verdict := make(chan string, 1)
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	err := run(ctx, Options{URL: testURL, Frames: src, Log: log}, func(v *Viewer) {
		go func() {
			defer fyne.Do(v.Close)
			verdict <- checkOnScreen(v, src)
		}()
	})
	result := <-verdict
	got, held, maxHeld, faults := src.stats()
	switch {
	case err != nil:
		result = "Run: " + err.Error()
	case held != 0 || maxHeld > 2 || len(faults) > 0:
		result = fmt.Sprintf("after %d frames: %d held, at most %d at once, faults %v", got, held, maxHeld, faults)
	}
	fmt.Println("smoke:", result)
	if result != "ok" {
		return 1
	}
	return 0
}

// checkOnScreen waits for frames to flow, then grabs the window from the X server. (Fyne's
// Canvas.Capture reads the GL front buffer, which comes back empty under Xvfb.)
func checkOnScreen(v *Viewer, src *fakeSource) string {
	deadline := time.Now().Add(30 * time.Second)
	for got, _, _, _ := src.stats(); got < 10; got, _, _, _ = src.stats() {
		if time.Now().After(deadline) {
			return fmt.Sprintf("only %d frames taken in 30 s", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a few refreshes
	grab, err := exec.LookPath("import")
	if err != nil {
		fmt.Fprintln(os.Stderr, "smoke: ImageMagick's import is missing: the picture is not checked")
		return "ok"
	}
	// The whole screen: import cannot find a window by a non-ASCII title. The picture fills
	// the 960×540 window, so most of that area must be the frame's colour.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, grab, "-window", "root", "png:-").Output()
	if err != nil {
		return fmt.Sprintf("grab the screen: %v", err)
	}
	shot, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return fmt.Sprintf("decode the screen grab: %v", err)
	}
	b, n := shot.Bounds(), 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(color.RGBAModel.Convert(shot.At(x, y)).(color.RGBA), teal) {
				n++
			}
		}
	}
	if n < 960*540*9/10 {
		return fmt.Sprintf("only %d pixels of the frame's colour on screen", n)
	}
	return "ok"
}

// near allows for rounding in the X server's colour depth.
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return x-y < 4 || y-x < 4 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}
