package standins

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// launch runs gst-launch-1.0 with the stand-ins and returns its output and whether it ended well.
func launch(t *testing.T, env []string, pipeline string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "gst-launch-1.0", append([]string{"-q"}, strings.Fields(pipeline)...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s: timed out:\n%s", pipeline, out)
	}
	return string(out), err == nil
}

// The stand-ins run the platforms' pipelines, with the real caps features between them, and fail
// where the real elements fail.
func TestStandInsBehaveLikeTheRealElements(t *testing.T) {
	if _, err := exec.LookPath("gst-launch-1.0"); err != nil {
		t.Fatal("gst-launch-1.0 is not installed: run installer/setup-debian.sh")
	}
	env := Env(t, "")
	h264 := "videotestsrc num-buffers=10 ! video/x-raw,width=320,height=240 ! x264enc ! video/x-h264,profile=high ! h264parse"
	for _, c := range []struct {
		name, pipeline string
		ok             bool
		says           string
	}{
		// Jetson: NVMM from the sensor to the encoder, nvvidconv where system memory is.
		{"argus to nvv4l2h264enc", "nvarguscamerasrc sensor-id=0 sensor-mode=2 wbmode=daylight gainrange=\"1 8\" num-buffers=10 ! " +
			"video/x-raw(memory:NVMM),format=NV12,width=1920,height=1080,framerate=30/1 ! nvv4l2h264enc bitrate=8000000 control-rate=constant_bitrate " +
			"iframeinterval=30 idrinterval=30 insert-sps-pps=true insert-vui=true preset-level=UltraFastPreset maxperf-enable=true profile=High ! " +
			"video/x-h264,stream-format=byte-stream,alignment=au,profile=high ! h264parse ! fakesink", true, "GST_ARGUS: 1920 x 1080 FR = 29.999999 fps"},
		{"system memory to nvvidconv to nvv4l2h265enc", "videotestsrc num-buffers=10 ! video/x-raw,format=I420,width=320,height=240 ! nvvidconv ! " +
			"video/x-raw(memory:NVMM),format=NV12 ! nvv4l2h265enc bitrate=1000000 ! h265parse ! fakesink", true, ""},
		{"nvv4l2decoder to nvvidconv RGBA", h264 + " ! nvv4l2decoder enable-max-performance=true ! nvvidconv ! video/x-raw,format=RGBA ! fakesink", true, ""},
		{"NVMM into x264enc", "nvarguscamerasrc num-buffers=5 ! video/x-raw(memory:NVMM),format=NV12 ! x264enc ! fakesink", false, "can't handle caps video/x-raw(memory:NVMM)"},
		{"system memory into nvv4l2h264enc", "videotestsrc num-buffers=5 ! video/x-raw,format=NV12 ! nvv4l2h264enc ! fakesink", false, ""},
		{"NVMM into videoconvert", h264 + " ! nvv4l2decoder ! videoconvert ! video/x-raw,format=RGBA ! fakesink", false, "can't handle caps"},
		{"wrong property", "nvarguscamerasrc sensorid=0 ! fakesink", false, `no property "sensorid" in element "nvarguscamerasrc"`},
		{"omx elements are gone", "videotestsrc num-buffers=1 ! omxh264enc ! fakesink", false, "no element \"omxh264enc\""},
		{"second sensor absent", "nvarguscamerasrc sensor-id=1 num-buffers=1 ! fakesink", false, "Invalid camera index 1"},
		{"sensor mode out of range", "nvarguscamerasrc sensor-mode=9 num-buffers=1 ! fakesink", false, "Invalid sensor mode 9"},
		{"exposure range outside the sensor's", "nvarguscamerasrc exposuretimerange=\"10 20\" num-buffers=1 ! fakesink", false, "rejected a range"},
		// Raspberry Pi
		{"libcamera to v4l2h264enc with level caps", "libcamerasrc camera-name=/base/soc/i2c0mux/i2c@1/imx708@1a ! video/x-raw,width=1280,height=720,framerate=30/1 ! " +
			"v4l2convert ! video/x-raw,format=I420 ! v4l2h264enc extra-controls=controls,video_bitrate=2048000,h264_i_frame_period=60,repeat_sequence_header=1 ! " +
			"video/x-h264,level=(string)4.1,profile=high ! h264parse ! identity eos-after=10 ! fakesink", true, ""},
		{"no such libcamera camera", "libcamerasrc camera-name=/base/nope ! fakesink", false, "Could not find a camera named '/base/nope'"},
		{"v4l2h264dec with dmabuf io-modes", h264 + " ! v4l2h264dec capture-io-mode=dmabuf ! v4l2convert output-io-mode=dmabuf-import capture-io-mode=dmabuf ! " +
			"videoconvert ! video/x-raw,format=RGBA ! fakesink", true, ""},
		{"v4l2h264enc device is read-only", "videotestsrc num-buffers=1 ! v4l2h264enc device=/dev/video11 ! fakesink", true, "is not writable"},
		// Windows
		// gst-launch's parser takes '\' as an escape: written twice. The path is compared without case.
		{"mfvideosrc by path, raw", `mfvideosrc device-path=\\\\?\\USB#VID_046D&PID_082D&MI_00#7&2A1B3C4D&0&0000#{E5323777-F976-4F5B-9B55-B94699C46E44}\\GLOBAL ` +
			"num-buffers=10 ! video/x-raw,width=1280,height=720,framerate=30/1 ! videoconvert ! video/x-raw,format=NV12 ! " +
			"mfh264enc bitrate=2048 gop-size=60 low-latency=true bframes=0 rc-mode=cbr ! video/x-h264,profile=high ! fakesink", true, ""},
		{"mfvideosrc MJPEG", "mfvideosrc device-index=0 num-buffers=10 ! image/jpeg,width=1920,height=1080,framerate=30/1 ! jpegdec ! videoconvert ! " +
			"video/x-raw,format=NV12 ! mfh264enc ! fakesink", true, ""},
		{"mfvideosrc mode the camera lacks", "mfvideosrc device-index=0 num-buffers=1 ! video/x-raw,width=1920,height=1080 ! fakesink", false, "Couldn't negotiate"},
		{"mfvideosrc no such camera", "mfvideosrc device-index=7 num-buffers=1 ! fakesink", false, "Couldn't open device"},
		{"d3d11 decode to RGBA", h264 + " ! d3d11h264dec ! d3d11convert ! video/x-raw(memory:D3D11Memory),format=RGBA ! d3d11download ! " +
			"videoconvert ! video/x-raw,format=RGBA ! fakesink", true, ""},
		{"D3D11 memory into videoconvert", h264 + " ! d3d11h264dec ! video/x-raw(memory:D3D11Memory) ! videoconvert ! video/x-raw,format=RGBA ! fakesink", false, "can't handle caps"},
		{"screen capture region", "d3d11screencapturesrc monitor-index=1 show-cursor=true crop-x=100 crop-y=50 crop-width=640 crop-height=480 num-buffers=5 ! " +
			"video/x-raw(memory:D3D11Memory),format=BGRA,framerate=30/1 ! d3d11download ! video/x-raw,format=BGRA,width=640,height=480 ! fakesink", true, ""},
		{"no such monitor", "d3d11screencapturesrc monitor-index=5 num-buffers=1 ! fakesink", false, "Failed to find monitor with index 5"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, ok := launch(t, env, c.pipeline)
			if ok != c.ok || !strings.Contains(out, c.says) {
				t.Errorf("%s\nok=%v (want %v), output lacks %q:\n%s", c.pipeline, ok, c.ok, c.says, out)
			}
		})
	}
}

// The boards without a hardware encoder: an Orin Nano's encoder cannot open its device; a Pi 5
// has no V4L2 codec or converter elements at all.
func TestBoardsWithoutEncoders(t *testing.T) {
	enc := "videotestsrc num-buffers=5 ! video/x-raw,format=I420,width=320,height=240 ! nvvidconv ! video/x-raw(memory:NVMM),format=NV12 ! nvv4l2h264enc ! fakesink"
	out, ok := launch(t, Env(t, OrinNano), enc)
	if ok || !strings.Contains(out, "Could not open device '/dev/v4l2-nvenc'") {
		t.Errorf("Orin Nano encoder: ok=%v\n%s", ok, out)
	}
	if out, ok := launch(t, Env(t, OrinNano), "nvarguscamerasrc num-buffers=5 ! nvvidconv ! video/x-raw,format=I420 ! x264enc ! fakesink"); !ok {
		t.Errorf("Orin Nano camera with x264enc:\n%s", out)
	}
	pi5 := Env(t, Pi5)
	for _, e := range []string{"v4l2h264enc", "v4l2h264dec", "v4l2convert"} {
		if out, ok := launch(t, pi5, "videotestsrc num-buffers=1 ! "+e+" ! fakesink"); ok || !strings.Contains(out, `no element "`+e+`"`) {
			t.Errorf("Pi 5 %s: ok=%v\n%s", e, ok, out)
		}
	}
	if out, ok := launch(t, pi5, "libcamerasrc ! video/x-raw,width=640,height=480 ! videoconvert ! x264enc ! identity eos-after=5 ! fakesink"); !ok {
		t.Errorf("Pi 5 camera with x264enc:\n%s", out)
	}
	// The registry notices the board changing (the plugin declares the dependency).
	reg := filepath.Join(t.TempDir(), "registry.bin")
	both := func(board string) []string {
		return []string{"GST_PLUGIN_PATH=" + Dir(t), "GST_REGISTRY=" + reg, "GSTCAST_STANDIN_BOARD=" + board}
	}
	if _, ok := launch(t, both(""), "videotestsrc num-buffers=1 ! v4l2convert ! fakesink"); !ok {
		t.Error("v4l2convert missing on a Pi 4")
	}
	if _, ok := launch(t, both(Pi5), "videotestsrc num-buffers=1 ! v4l2convert ! fakesink"); ok {
		t.Error("a cached registry kept v4l2convert on a Pi 5")
	}
}

// The real property types: what the profiles set parses, a wrong type does not.
func TestPropertyTypes(t *testing.T) {
	env := Env(t, "")
	cmd := exec.Command("gst-inspect-1.0", "nvv4l2h264enc")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gst-inspect-1.0 nvv4l2h264enc: %v\n%s", err, out)
	}
	for _, want := range []string{"video/x-raw(memory:NVMM)", "Enum \"GstV4l2VideoEncRateControlType\"", "(1): constant_bitrate",
		"maxperf-enable", "Unsigned Integer. Range: 0 - 4294967295 Default: 4000000", "Enum \"GstV4L2VideoEncHwPreset\"", "(1): UltraFastPreset"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("gst-inspect-1.0 nvv4l2h264enc lacks %q", want)
		}
	}
	if out, ok := launch(t, env, "videotestsrc num-buffers=1 ! nvvidconv ! video/x-raw(memory:NVMM) ! nvv4l2h264enc bitrate=fast ! fakesink"); ok {
		t.Errorf("bitrate=fast was taken:\n%s", out)
	}
}
