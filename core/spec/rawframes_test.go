package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRawFrameSources(t *testing.T) {
	fd := func(path string, format string, w, h, num, den int) Source {
		return Source{Kind: SourceFD, Path: path, Format: format, Width: w, Height: h, FPSNum: num, FPSDen: den}
	}
	for _, tc := range []struct {
		in   string
		want Source
	}{
		{"fd://0?format=BGR&width=640&height=480&fps=30", fd(StdinPath, "BGR", 640, 480, 30, 1)},
		{"fd://0?format=bgr&width=640&height=480", fd(StdinPath, "BGR", 640, 480, 30, 1)},
		{"fd:///tmp/frames.fifo?format=I420&width=1280&height=720&framerate=30000/1001", fd("/tmp/frames.fifo", "I420", 1280, 720, 30000, 1001)},
		{"fd:///tmp/my%20frames?format=rgba&width=320&height=240&fps=5", fd("/tmp/my frames", "RGBA", 320, 240, 5, 1)},
		{"shm:///tmp/cam.sock?format=BGRx&width=640&height=480&fps=60",
			Source{Kind: SourceSHM, Path: "/tmp/cam.sock", Format: "BGRx", Width: 640, Height: 480, FPSNum: 60, FPSDen: 1}},
	} {
		got, err := ParseSource(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		tc.want.URI = tc.in
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%q: Validate: %v", tc.in, err)
		}
	}
}

func TestParseRawFrameSourcesBad(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"fd://0", "format: required"},
		{"fd://0?format=BGR&height=480", "width: required"},
		{"fd://0?format=BGR&width=640", "height: required"},
		{"fd://1?format=BGR&width=640&height=480", `fd: "1": only fd://0`},
		{"fd://?format=BGR&width=640&height=480", "path: required"},
		{"fd://0/x?format=BGR&width=640&height=480", `path: "/x" is not allowed`},
		{"fd://0?format=MJPG&width=640&height=480", `"MJPG" is not a raw frame format`},
		{"fd://0?format=BGR&width=641&height=480", "width: 641 is odd"},
		{"fd://0?format=BGR&width=640&height=480&fps=0", "fps"},
		{"fd://0?format=BGR&width=640&height=480&loop=1", `query parameter "loop": unknown`},
		{"shm://host/tmp/x?format=BGR&width=640&height=480", "shm sockets are local"},
		{"shm://?format=BGR&width=640&height=480", "socket-path of the shmsink"},
		{"shm://u@/tmp/x?format=BGR&width=640&height=480", "user info"},
	} {
		_, err := ParseSource(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
	// Hand-built: fields of other kinds are refused, the required ones checked.
	for _, s := range []Source{
		{Kind: SourceFD, Path: "/tmp/f", Format: "BGR", Width: 640, Height: 480, Port: 5000},
		{Kind: SourceSHM, Path: "relative", Format: "BGR", Width: 640, Height: 480},
		{Kind: SourceFD, Path: "/tmp/f", Format: "H264", Width: 640, Height: 480},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v: Validate passed", s)
		}
	}
}

// TestRawFrameBytes checks the sizes against GStreamer's layout (gst-inspect/GstVideoInfo for
// these sizes: 640x480 BGR is 921600, 642x480 pads each row to 1928 bytes).
func TestRawFrameBytes(t *testing.T) {
	for _, tc := range []struct {
		format string
		w, h   int
		want   int
	}{
		{"BGR", 640, 480, 921600}, {"BGR", 642, 480, 1928 * 480}, {"RGBA", 640, 480, 1228800},
		{"I420", 640, 480, 460800}, {"I420", 322, 240, 324*240 + 2*164*120}, {"NV12", 640, 480, 460800},
		{"GRAY8", 640, 480, 307200}, {"YUY2", 640, 480, 614400}, {"H264", 640, 480, 0},
	} {
		if got := RawFrameBytes(tc.format, tc.w, tc.h); got != tc.want {
			t.Errorf("%s %dx%d: %d bytes, want %d", tc.format, tc.w, tc.h, got, tc.want)
		}
	}
}
