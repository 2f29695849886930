package e2e_test

// The platform plugins end to end, here, where there is no Jetson, Raspberry Pi or Windows: the
// real plugin processes (built by installer/build.sh) run their real pipelines against stand-in
// elements registered under the real names (core/internal/standins), served by the plugins' RTSP
// server and read by ffprobe and gst-launch-1.0 rtspsrc; views are opened through the plugin
// contract and their frames read from the frame ring, as a viewer window reads them.

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/framering"
	"github.com/gstcast/gstcast/core/internal/standins"
	"github.com/gstcast/gstcast/core/internal/testbin"
	"github.com/gstcast/gstcast/core/pipeline"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/pluginhost"
	"github.com/gstcast/gstcast/core/spec"
)

// platformEnv is pluginEnv with the stand-ins of a board ("" has every hardware encoder).
func platformEnv(t *testing.T, board string) []string {
	return append(pluginEnv(t), standins.Env(t, board)...)
}

// serveWith runs `gstcast stream SOURCE --serve NAME` on one plugin and returns the process and
// the mount's URL once it streams.
func serveWith(t *testing.T, env []string, plugin, source string, extra ...string) (*testbin.Proc, string) {
	t.Helper()
	port := freeTCPPort(t)
	args := append([]string{"--standalone", "stream", source, "--serve", "cam", "--rtsp-address", "127.0.0.1",
		"--rtsp-port", fmt.Sprint(port), "--plugin", plugin}, extra...)
	p := testbin.Start(t, env, testbin.Gstcast(t), args...)
	p.WaitOutput(t, "press Ctrl-C to stop", 90*time.Second)
	return p, fmt.Sprintf("rtsp://127.0.0.1:%d/cam", port)
}

func runGstcast(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, code := testbin.Run(t, 120*time.Second, env, testbin.Gstcast(t), args...)
	if code != 0 {
		t.Fatalf("gstcast %s: exit %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

func wantIn(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// viewer starts one plugin process the way the host does (pluginhost), with env in the
// environment it inherits, and returns its Platform.
func viewer(t *testing.T, env []string, plugin string) pluginapi.Platform {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	h, err := pluginhost.Start(ctx, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		pluginhost.Options{Dirs: []string{testbin.Dir(t)}, Only: []string{plugin}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	p, err := h.Get(plugin)
	if err != nil {
		t.Fatalf("%v (failed: %v)", err, h.Failed())
	}
	pl, err := p.Platform(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// view opens url in a view of the plugin, checks the decoder it chose, and reads frames of the
// given size from its frame ring.
func view(t *testing.T, pl pluginapi.Platform, url, decoder string, w, h int) *pluginapi.ViewStarted {
	t.Helper()
	ctx := context.Background()
	src, err := spec.ParseSource(url)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := pl.StartView(ctx, &spec.ViewSpec{Name: "v", Source: src})
	if err != nil {
		t.Fatalf("StartView %s: %v", url, err)
	}
	defer pl.Stop(ctx, vs.ID)
	if vs.Decoder != decoder {
		t.Errorf("view decoder %s, want %s (%+v)\n%s", vs.Decoder, decoder, vs.Decoders, vs.Launch)
	}
	deadline := time.Now().Add(30 * time.Second)
	var r *framering.Reader
	for r == nil && time.Now().Before(deadline) {
		if r, err = framering.Open(vs.Ring); err != nil {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if r == nil {
		t.Fatalf("open ring %s: %v", vs.Ring, err)
	}
	defer r.Close()
	frames := 0
	for frames < 10 && time.Now().Before(deadline) {
		f, ok, err := r.Acquire()
		if err != nil {
			t.Fatalf("ring: %v", err)
		}
		if !ok {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if f.Width != w || f.Height != h || f.Format != framering.FormatRGBA {
			t.Fatalf("frame %dx%d %v, want %dx%d RGBA", f.Width, f.Height, f.Format, w, h)
		}
		frames++
	}
	if frames < 10 {
		t.Fatalf("%d frames from %s in the ring (decoder %s)\n%s", frames, url, vs.Decoder, vs.Launch)
	}
	return vs
}

// Jetson: an Argus sensor's NVMM frames go straight into nvv4l2h264enc, readers get H.264 over
// RTSP, nvv4l2decoder views it; sensors, modes and Argus settings are listed and checked.
func TestJetsonEndToEnd(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0")
	env := platformEnv(t, "")
	out := runGstcast(t, env, "plugins")
	wantIn(t, "gstcast plugins", out, "jetson-nvargus", "running anyway (stand-in elements)", "argus://   jetson-nvargus")

	out = runGstcast(t, env, "--standalone", "devices", "--controls", "--plugin", "jetson-nvargus")
	wantIn(t, "gstcast devices", out, "source: argus://0", "NV12  1920x1080  fps 30  (sensor mode 2: ?mode=2)",
		"exposuretimerange (range) 13000..683709000 ns", "gainrange (range) 1..10.625", "wbmode (enum)", "5=daylight", "saturation (float) 0..2")
	if strings.Contains(out, "argus://1") {
		t.Errorf("a second sensor was listed:\n%s", out)
	}

	p, url := serveWith(t, env, "jetson-nvargus", "argus://0?mode=2&width=1920&height=1080&fps=30&ctrl.wbmode=daylight&ctrl.gainrange=1%208")
	wantIn(t, "stream", p.Output(), "encoder:  nvv4l2h264enc (hardware)",
		"nvarguscamerasrc sensor-id=0 sensor-mode=2 wbmode=5 'gainrange=\"1 8\"' ! 'video/x-raw(memory:NVMM),format=NV12,width=1920,height=1080,framerate=30/1' ! nvv4l2h264enc")
	mustPlay(t, "tcp", url, "h264,1920,1080")
	gstRead(t, url, 10)
	view(t, viewer(t, env, "jetson-nvargus"), url, "nvv4l2decoder", 1920, 1080)

	// Settings the sensor does not take, and a sensor that is not there, are refused up front.
	for src, want := range map[string]string{
		"argus://0?ctrl.gainrange=1%2020": "gainrange=20 is above its maximum 10.625",
		"argus://0?ctrl.exposure=100":     `no control "exposure"`,
		"argus://1":                       `camera "1": no such argus camera (there are: argus://0`,
	} {
		o, code := testbin.Run(t, 60*time.Second, env, testbin.Gstcast(t), "--standalone", "pipeline", src, "--plugin", "jetson-nvargus")
		if code == 0 || !strings.Contains(o, want) {
			t.Errorf("%s: exit %d, want %q:\n%s", src, code, want, o)
		}
	}
}

// An Orin Nano has no NVENC: the probe finds nvv4l2h264enc cannot open its device, and x264enc
// encodes after nvvidconv to system memory; the output says so.
func TestJetsonOrinNanoFallsBackToX264(t *testing.T) {
	testbin.Need(t, "ffprobe")
	env := platformEnv(t, standins.OrinNano)
	p, url := serveWith(t, env, "jetson-nvargus", "argus://0?width=1280&height=720&fps=30")
	wantIn(t, "stream", p.Output(), "encoder:  x264enc (software); skipped nvv4l2h264enc: ",
		"Could not open device '/dev/v4l2-nvenc'", "nvvidconv ! video/x-raw,format=I420 ! x264enc")
	mustPlay(t, "tcp", url, "h264,1280,720")
	out := runGstcast(t, env, "plugins", "--probe")
	wantIn(t, "gstcast plugins --probe", out, "* x264enc", "nvv4l2h264enc")
}

// Raspberry Pi: a libcamera CSI camera through v4l2convert and v4l2h264enc (bitrate and keyframe
// period in extra-controls, level 4.1 caps), viewed through v4l2h264dec's dmabuf I/O.
func TestRaspberryPiEndToEnd(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0")
	env := platformEnv(t, "")
	out := runGstcast(t, env, "--standalone", "devices", "--plugin", "rpi-v4l2m2m")
	wantIn(t, "gstcast devices", out, "source: libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a", "NV12  2304x1296")
	p, url := serveWith(t, env, "rpi-v4l2m2m", "libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a?width=1280&height=720&fps=30", "--bitrate", "3000")
	wantIn(t, "stream", p.Output(), "encoder:  v4l2h264enc (hardware)", "v4l2convert",
		"extra-controls=\"controls,video_bitrate=3000000,h264_i_frame_period=60,repeat_sequence_header=1\"", "level=(string)4.1")
	mustPlay(t, "tcp", url, "h264,1280,720")
	gstRead(t, url, 10)
	vs := view(t, viewer(t, env, "rpi-v4l2m2m"), url, "v4l2h264dec", 1280, 720)
	wantIn(t, "view pipeline", vs.Launch, "v4l2h264dec capture-io-mode=4 ! v4l2convert output-io-mode=5 capture-io-mode=4")

	o, code := testbin.Run(t, 60*time.Second, env, testbin.Gstcast(t), "--standalone", "pipeline", "libcamera:///base/nope", "--plugin", "rpi-v4l2m2m")
	if code == 0 || !strings.Contains(o, "no such libcamera camera") {
		t.Errorf("missing camera: exit %d:\n%s", code, o)
	}
}

// A Pi 5 has no H.264 codec nodes: x264enc encodes and avdec_h264 decodes, and the output says so.
func TestRaspberryPi5FallsBackToSoftware(t *testing.T) {
	testbin.Need(t, "ffprobe")
	env := platformEnv(t, standins.Pi5)
	p, url := serveWith(t, env, "rpi-v4l2m2m", "libcamera://?width=640&height=480&fps=30")
	wantIn(t, "stream", p.Output(), "encoder:  x264enc (software); skipped v4l2h264enc: not installed", "videoconvert ! video/x-raw,format=I420 ! x264enc")
	mustPlay(t, "tcp", url, "h264,640,480")
	view(t, viewer(t, env, "rpi-v4l2m2m"), url, "avdec_h264", 640, 480)
}

// Windows (on Linux, GSTCAST_PLUGIN_ANY_OS=1): Media Foundation cameras found by the device
// monitor and opened by device path, MJPEG ones decoded first, mfh264enc chosen after the
// encoders that are not there, d3d11h264dec for views, d3d11screencapturesrc for the screen.
func TestWindowsEndToEnd(t *testing.T) {
	testbin.Need(t, "ffprobe", "gst-launch-1.0")
	env := platformEnv(t, "")
	out := runGstcast(t, env, "--standalone", "devices", "--plugin", "windows-mf")
	c920 := `\\?\usb#vid_046d&pid_082d&mi_00#7&2a1b3c4d&0&0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\global`
	wantIn(t, "gstcast devices", out, "HD Pro Webcam C920", "Integrated Camera", "source: "+spec.MFDeviceURI(c920), "MJPG  1920x1080  fps 30")

	// By device path, written as gstcast devices prints it (in any case: Windows paths are not case-sensitive).
	upper := "mf://" + strings.ToUpper(spec.MFDeviceURI(c920)[len("mf://"):])
	runGstcast(t, env, "--standalone", "pipeline", upper+"?width=1280&height=720&fps=30", "--plugin", "windows-mf")
	p, url := serveWith(t, env, "windows-mf", spec.MFDeviceURI(c920)+"?width=1280&height=720&fps=30")
	wantIn(t, "stream", p.Output(), "encoder:  mfh264enc (hardware); skipped nvh264enc: not installed; qsvh264enc: not installed",
		"mfvideosrc 'device-path=", "mfh264enc bitrate=2048 gop-size=60 low-latency=true bframes=0")
	mustPlay(t, "tcp", url, "h264,1280,720")
	gstRead(t, url, 10)
	view(t, viewer(t, env, "windows-mf"), url, "d3d11h264dec", 1280, 720)

	// An MJPEG mode, by index: mfvideosrc device-index=1 ! image/jpeg ! jpegdec (no hardware JPEG decoder here).
	p, url = serveWith(t, env, "windows-mf", "mf://1?format=mjpeg&width=1280&height=720&fps=30")
	wantIn(t, "stream", p.Output(), "mfvideosrc device-index=1 ! image/jpeg,width=1280,height=720,framerate=30/1 ! jpegdec")
	mustPlay(t, "tcp", url, "h264,1280,720")

	o, code := testbin.Run(t, 60*time.Second, env, testbin.Gstcast(t), "--standalone", "pipeline", "mf://7", "--plugin", "windows-mf")
	if code == 0 || !strings.Contains(o, "there are 2 Media Foundation cameras") {
		t.Errorf("camera 7: exit %d:\n%s", code, o)
	}

	// The screen: the profile's d3d11screencapturesrc chain, as a screen:// source will build it.
	win := pipeline.WindowsMF()
	chain, err := win.Screen.Chain(pipeline.ScreenOptions{Monitor: 0, Cursor: true, X: 0, Y: 0, Width: 1280, Height: 720, FPSNum: 30})
	if err != nil {
		t.Fatal(err)
	}
	chain[0].Props = append(chain[0].Props, pipeline.Prop{Name: "num-buffers", Value: "30"})
	g := pipeline.Graph{Elements: append(chain, pipeline.EncodeChain(win.Encoders[2], win, spec.Encoding{}.WithDefaults())...)}
	line := g.LaunchLine() + " ! h264parse ! fakesink"
	o, code = testbin.Run(t, 60*time.Second, env, "sh", "-c", line)
	if code != 0 {
		t.Errorf("%s: exit %d:\n%s", line, code, o)
	}
}

// Several plugins take v4l2:// here once the stand-ins make the board plugins supported: the
// rule picks the highest priority, the first found among equals; without the stand-ins only
// linux-v4l2 works, and takes it.
func TestPluginChoiceIsShown(t *testing.T) {
	out := runGstcast(t, platformEnv(t, ""), "plugins")
	wantIn(t, "gstcast plugins (stand-ins)", out, "PRIORITY", "v4l2://    jetson-nvargus (also taken by linux-v4l2, rpi-v4l2m2m)",
		"libcamera:// rpi-v4l2m2m", "mf://      windows-mf")
	out = runGstcast(t, pluginEnv(t), "plugins")
	wantIn(t, "gstcast plugins", out, "v4l2://    linux-v4l2", "not a Raspberry Pi")
	if strings.Contains(out, "rpi-v4l2m2m)") || strings.Contains(out, "argus://") {
		t.Errorf("board plugins claimed this machine:\n%s", out)
	}
}
