package spec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// testDefaults is what a bare test:// source fills in.
func testSource(pattern string) Source {
	return Source{Kind: SourceTest, Pattern: pattern, Width: DefaultWidth, Height: DefaultHeight, FPSNum: DefaultFPS, FPSDen: 1}
}

func TestParseSourceGood(t *testing.T) {
	with := func(s Source, f func(*Source)) Source { f(&s); return s }
	rtp := Source{Kind: SourceRTP, Port: 5600, PayloadType: 96, Codec: "h264", LatencyMS: 50}
	rtsp := Source{Kind: SourceRTSP, LatencyMS: 50}
	for _, tc := range []struct {
		in   string
		want Source
	}{
		// test
		{"test://", testSource("smpte")},
		{"test:", testSource("smpte")},
		{"test://smpte", testSource("smpte")},
		{"test://ball/", testSource("ball")},
		{"test:ball", testSource("ball")},
		{"TEST://Ball", testSource("ball")},
		{"test://checkers-8", testSource("checkers-8")},
		{"test://smpte-rp-219", testSource("smpte-rp-219")},
		{"test://chroma-zone-plate", testSource("chroma-zone-plate")},
		{"  test://snow  ", testSource("snow")},
		{"test://ball?width=640&height=480&fps=25", with(testSource("ball"), func(s *Source) { s.Width, s.Height, s.FPSNum = 640, 480, 25 })},
		{"test://?fps=30000/1001", with(testSource("smpte"), func(s *Source) { s.FPSNum, s.FPSDen = 30000, 1001 })},
		{"test://?framerate=60/2", with(testSource("smpte"), func(s *Source) { s.FPSNum, s.FPSDen = 30, 1 })},
		{"test://?fps=240", with(testSource("smpte"), func(s *Source) { s.FPSNum = 240 })},
		{"test://?fps=1", with(testSource("smpte"), func(s *Source) { s.FPSNum = 1 })},
		{"test://?width=16&height=8192", with(testSource("smpte"), func(s *Source) { s.Width, s.Height = 16, 8192 })},
		{"test://?width=640", with(testSource("smpte"), func(s *Source) { s.Width = 640 })},
		{"test://ball?stamp=1", with(testSource("ball"), func(s *Source) { s.Stamp = true })},
		{"test://ball?stamp=true", with(testSource("ball"), func(s *Source) { s.Stamp = true })},
		{"test://ball?stamp", with(testSource("ball"), func(s *Source) { s.Stamp = true })},
		{"test://ball?stamp=0", testSource("ball")},
		{"test://ball?stamp=FALSE", testSource("ball")},
		{"test://?format=nv12", with(testSource("smpte"), func(s *Source) { s.Format = "NV12" })},
		{"test://?format=bgrx", with(testSource("smpte"), func(s *Source) { s.Format = "BGRx" })},
		{"test://?Width=320&HEIGHT=240&", with(testSource("smpte"), func(s *Source) { s.Width, s.Height = 320, 240 })},
		{"test://?width=0640", with(testSource("smpte"), func(s *Source) { s.Width = 640 })},

		// v4l2
		{"v4l2:///dev/video0", Source{Kind: SourceV4L2, Device: "/dev/video0"}},
		{"v4l2:/dev/video2", Source{Kind: SourceV4L2, Device: "/dev/video2"}},
		{"V4L2:///dev/v4l/by-id/usb-Cam_123-video-index0", Source{Kind: SourceV4L2, Device: "/dev/v4l/by-id/usb-Cam_123-video-index0"}},
		{"v4l2:///dev/video0?width=1920&height=1080&fps=30&format=mjpeg",
			Source{Kind: SourceV4L2, Device: "/dev/video0", Width: 1920, Height: 1080, FPSNum: 30, FPSDen: 1, Format: "MJPG"}},
		{"v4l2:///dev/video0?format=JPEG", Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "MJPG"}},
		{"v4l2:///dev/video0?format=yuy2", Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "YUY2"}},
		{"v4l2:///dev/video0?format=yuyv", Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "YUY2"}},
		{"v4l2:///dev/video0?format=h264", Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "H264"}},
		{"v4l2:///dev/video0?format=gray8", Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "GRAY8"}},
		{"v4l2:///dev/video0?framerate=15/1", Source{Kind: SourceV4L2, Device: "/dev/video0", FPSNum: 15, FPSDen: 1}},

		// file
		{"file:///home/me/video.mp4", Source{Kind: SourceFile, Path: "/home/me/video.mp4"}},
		{"file:/home/me/video.mp4", Source{Kind: SourceFile, Path: "/home/me/video.mp4"}},
		{"file://localhost/srv/a.mkv", Source{Kind: SourceFile, Path: "/srv/a.mkv"}},
		{"file:///home/me/my%20video%231.mp4", Source{Kind: SourceFile, Path: "/home/me/my video#1.mp4"}},
		{"file:///home/me/my video.mp4", Source{Kind: SourceFile, Path: "/home/me/my video.mp4"}},
		{"file:///home/me/v.mp4?loop=1", Source{Kind: SourceFile, Path: "/home/me/v.mp4", Loop: true}},
		{"file:///home/me/v.mp4?loop", Source{Kind: SourceFile, Path: "/home/me/v.mp4", Loop: true}},
		{"file:///home/me/v.mp4?loop=no", Source{Kind: SourceFile, Path: "/home/me/v.mp4"}},
		{"file:///home/%C3%BC.mp4", Source{Kind: SourceFile, Path: "/home/ü.mp4"}},

		// rtp
		{"rtp://@:5600", rtp},
		{"rtp://:5600", rtp},
		{"rtp://0.0.0.0:5600", rtp},
		{"rtp://@:5600/", rtp},
		{"rtp://239.1.2.3:5600", with(rtp, func(s *Source) { s.Address = "239.1.2.3" })},
		{"rtp://@239.1.2.3:5600", with(rtp, func(s *Source) { s.Address = "239.1.2.3" })},
		{"rtp://[::1]:5600", with(rtp, func(s *Source) { s.Address = "::1" })},
		{"rtp://[ff02::1%25eth0]:5600", with(rtp, func(s *Source) { s.Address = "ff02::1%eth0" })},
		{"rtp://[::]:5600", with(rtp, func(s *Source) { s.Address = "::" })},
		{"rtp://@:1", with(rtp, func(s *Source) { s.Port = 1 })},
		{"rtp://@:65535", with(rtp, func(s *Source) { s.Port = 65535 })},
		{"rtp://@:5600?pt=97&codec=H264&latency=200", with(rtp, func(s *Source) { s.PayloadType, s.LatencyMS = 97, 200 })},
		{"rtp://@:5600?pt=0&latency=0", with(rtp, func(s *Source) { s.PayloadType, s.LatencyMS = 0, 0 })},
		{"rtp://@:5600?pt=127&latency=10000", with(rtp, func(s *Source) { s.PayloadType, s.LatencyMS = 127, 10000 })},

		// rtsp
		{"rtsp://cam.local/live", with(rtsp, func(s *Source) { s.URL = "rtsp://cam.local/live" })},
		{"rtsp://192.168.1.10", with(rtsp, func(s *Source) { s.URL = "rtsp://192.168.1.10" })},
		{"rtsp://user:pass@host:8554/path", with(rtsp, func(s *Source) {
			s.URL, s.User, s.Password = "rtsp://host:8554/path", "user", "pass"
		})},
		{"RTSPS://admin:s3cr%40t%3A@cam:322/stream1", with(rtsp, func(s *Source) {
			s.URL, s.User, s.Password = "rtsps://cam:322/stream1", "admin", "s3cr@t:"
		})},
		{"rtsp://admin:p@ss@cam/x", with(rtsp, func(s *Source) { s.URL, s.User, s.Password = "rtsp://cam/x", "admin", "p@ss" })},
		{"rtsp://admin@cam/x", with(rtsp, func(s *Source) { s.URL, s.User = "rtsp://cam/x", "admin" })},
		{"rtsp://admin:@cam/x", with(rtsp, func(s *Source) { s.URL, s.User = "rtsp://cam/x", "admin" })},
		{"rtsp://@cam/x", with(rtsp, func(s *Source) { s.URL = "rtsp://cam/x" })},
		{"rtsp://cam/x?transport=TCP&latency=200", with(rtsp, func(s *Source) {
			s.URL, s.Transport, s.LatencyMS = "rtsp://cam/x", "tcp", 200
		})},
		{"rtsp://cam/x?channel=1&transport=udp&subtype=0", with(rtsp, func(s *Source) {
			s.URL, s.Transport = "rtsp://cam/x?channel=1&subtype=0", "udp"
		})},
		{"rtsp://cam/x?token=a%2Bb&latency=0", with(rtsp, func(s *Source) { s.URL, s.LatencyMS = "rtsp://cam/x?token=a%2Bb", 0 })},
		{"rtsp://[fe80::1%25eth0]:554/x", with(rtsp, func(s *Source) { s.URL = "rtsp://[fe80::1%25eth0]:554/x" })},
		{"rtsp://cam/stream@main", with(rtsp, func(s *Source) { s.URL = "rtsp://cam/stream@main" })},
		{"rtsp://my_cam.lan./x", with(rtsp, func(s *Source) { s.URL = "rtsp://my_cam.lan./x" })},
	} {
		got, err := ParseSource(tc.in)
		if err != nil {
			t.Errorf("ParseSource(%q): %v", tc.in, err)
			continue
		}
		tc.want.URI = strings.TrimSpace(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseSource(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseSource(%q) gave a source that fails Validate: %v", tc.in, err)
		}
	}
}

func TestParseSourceBad(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // substrings of the message: the bad part and value
	}{
		{"", []string{"empty"}},
		{"   ", []string{"empty"}},
		{"/dev/video0", []string{"scheme", "v4l2:///dev/video0"}},
		{"/home/me/v.mp4", []string{"scheme", "file:///home/me/v.mp4"}},
		{"video.mp4", []string{"scheme", "missing"}},
		{"192.168.1.1:5600", []string{"scheme", "missing"}},
		{"http://example.com/v.mp4", []string{"scheme", `"http"`, "unknown scheme", "rtsp"}},
		{"tcp://@:5600", []string{"scheme", `"tcp"`}},
		{"test://ball#frag", []string{"fragment", "#frag"}},

		// test
		{"test://bal", []string{"pattern", `"bal"`, "smpte"}},
		{"test://Bal", []string{"pattern", `"Bal"`}},
		{"test://ball/x", []string{"path", `"/x"`}},
		{"test://u:pw1234@ball", []string{"user info"}},
		{"test://?widht=640", []string{`query parameter "widht"`, "unknown", "width"}},
		{"test://?width=abc", []string{"width", `"abc"`, "whole number"}},
		{"test://?width=-640", []string{"width", `"-640"`}},
		{"test://?width=+640", []string{"width", `" 640"`}}, // + is a space in a query
		{"test://?width=641", []string{"width", "641", "odd"}},
		{"test://?width=8", []string{"width", "8", "16..8192"}},
		{"test://?height=8194", []string{"height", "8194"}},
		{"test://?height=99999999999999999999", []string{"height", "99999999999999999999", "out of range"}},
		{"test://?width=", []string{"width", "needs a value"}},
		{"test://?width", []string{"width", "needs a value"}},
		{"test://?width=640&width=320", []string{"width", "more than once"}},
		{"test://?fps=30&framerate=25", []string{"framerate", `"fps"`, "both"}},
		{"test://?fps=0", []string{"fps", "positive"}},
		{"test://?fps=241", []string{"fps", "241/1", "1..240"}},
		{"test://?fps=1/2", []string{"fps", "1/2"}},
		{"test://?fps=30/0", []string{"fps", `"30/0"`}},
		{"test://?fps=29.97", []string{"fps", `"29.97"`, "30000/1001"}},
		{"test://?fps=30/", []string{"fps", `"30/"`}},
		{"test://?fps=/30", []string{"fps", `"/30"`}},
		{"test://?fps=a/b", []string{"fps", `"a/b"`}},
		{"test://?fps=1000000000/1", []string{"fps"}},
		{"test://?format=MJPG", []string{"format", `"MJPG"`, "compressed"}},
		{"test://?format=h264", []string{"format", `"H264"`, "compressed"}},
		{"test://?format=rgba", []string{"format", `"rgba"`, "YUY2"}},
		{"test://?stamp=maybe", []string{"stamp", `"maybe"`, "boolean"}},
		{"test://?=5", []string{"query", `"=5"`, "no name"}},
		{"test://?width=6%4", []string{"width", "percent"}},
		{"test://?wi%zzdth=6", []string{"query", "percent"}},
		{"test://?loop=1", []string{`query parameter "loop"`}},
		{"test://?pattern=ball", []string{`query parameter "pattern"`}},

		// v4l2
		{"v4l2:///dev/vid eo0", []string{"device", `"/dev/vid eo0"`, "space"}},
		{"v4l2://dev/video0", []string{"host", `"dev"`, "v4l2:///dev/video0"}},
		{"v4l2://video0", []string{"host", `"video0"`}},
		{"v4l2://", []string{"device", "required"}},
		{"v4l2:", []string{"device", "required"}},
		{"v4l2:video0", []string{"device", `"video0"`, "absolute"}},
		{"v4l2:///home/video0", []string{"device", `"/home/video0"`, "/dev"}},
		{"v4l2:///dev/../etc/passwd", []string{"device", `"/dev/../etc/passwd"`, "clean"}},
		{"v4l2:///dev/video0/", []string{"device", "clean"}},
		{"v4l2:///dev/video%zz", []string{"device", "percent"}},
		{"v4l2:///dev/video%000", []string{"device", "control"}},
		{"v4l2:///dev/video0?format=XVID", []string{"format", `"XVID"`}},
		{"v4l2:///dev/video0?stamp=1", []string{`query parameter "stamp"`}},
		{"v4l2:///dev/video0?fps=500", []string{"fps", "500"}},
		{"v4l2://u:pw1234@/dev/video0", []string{"user info"}},

		// file
		{"file:video.mp4", []string{"path", `"video.mp4"`, "file path must be absolute"}},
		{"file:./video.mp4", []string{"path", `"./video.mp4"`, "absolute"}},
		{"file://video.mp4", []string{"host", `"video.mp4"`, "file path must be absolute"}},
		{"file://server/share/v.mp4", []string{"host", `"server"`}},
		{"file://", []string{"path", "required"}},
		{"file:///", []string{"path", `"/"`, "directory"}},
		{"file:///srv/videos/", []string{"path", "directory"}},
		{"file:///srv/a%00b.mp4", []string{"path", "control"}},
		{"file:///srv/a%2.mp4", []string{"path", "percent"}},
		{"file:///srv/a.mp4?loop=2", []string{"loop", `"2"`}},
		{"file:///srv/a.mp4?lop=1", []string{`query parameter "lop"`, "loop"}},
		{"file:///srv/a.mp4?width=640", []string{`query parameter "width"`}},
		{"file://u:pw1234@/srv/a.mp4", []string{"user info"}},

		// rtp
		{"rtp://", []string{"port", "required"}},
		{"rtp:5600", []string{"port", "required"}},
		{"rtp://@", []string{"port", "required"}},
		{"rtp://239.1.2.3", []string{"port", "required"}},
		{"rtp://@:", []string{"port", "empty"}},
		{"rtp://@:0", []string{"port", "0", "1..65535"}},
		{"rtp://@:65536", []string{"port", "65536"}},
		{"rtp://@:56x0", []string{"port", `"56x0"`}},
		{"rtp://@:-1", []string{"port", `"-1"`}},
		{"rtp://cam.local:5600", []string{"host", `"cam.local"`, "IP address"}},
		{"rtp://300.1.2.3:5600", []string{"host", `"300.1.2.3"`}},
		{"rtp://::1:5600", []string{"host", "brackets"}},
		{"rtp://[::1:5600", []string{"host", "']'"}},
		{"rtp://[1.2.3.4]:5600", []string{"host", `"[1.2.3.4]"`, "IPv6"}},
		{"rtp://[::1]x:5600", []string{"host", `"x:5600"`}},
		{"rtp://[fe80::1%25e$h0]:5600", []string{"host", "zone"}},
		{"rtp://10.0.0.1@239.1.2.3:5600", []string{"user info", "source-specific"}},
		{"rtp://user:pw1234@:5600", []string{"user info"}},
		{"rtp://@:5600/stream", []string{"path", `"/stream"`}},
		{"rtp://@:5600?pt=128", []string{"pt", "128", "0..127"}},
		{"rtp://@:5600?pt=x", []string{"pt", `"x"`}},
		{"rtp://@:5600?codec=vp8", []string{"codec", `"vp8"`, "h264, h265"}},
		{"rtp://@:5600?codec=vp8", []string{"codec", `"vp8"`}},
		{"rtp://@:5600?latency=10001", []string{"latency", "10001", "0..10000"}},
		{"rtp://@:5600?latency=-5", []string{"latency", `"-5"`}},
		{"rtp://@:5600?ttl=4", []string{`query parameter "ttl"`, "pt, codec, latency"}},
		{"rtp://@:5600?transport=tcp", []string{`query parameter "transport"`}},

		// rtsp
		{"rtsp://", []string{"host", "required"}},
		{"rtsp:cam", []string{"host", "required"}},
		{"rtsp:///path", []string{"host", "required"}},
		{"rtsp://user:hunter22@/path", []string{"host", "required"}},
		{"rtsp://0.0.0.0/x", []string{"host", "unspecified"}},
		{"rtsp://cam:99999/x", []string{"port", "99999"}},
		{"rtsp://cam:abc/x", []string{"port", `"abc"`}},
		{"rtsp://ca m/x", []string{"host", `"ca m"`}},
		{"rtsp://cam$/x", []string{"host", `"cam$"`, `"$"`}},
		{"rtsp://-cam/x", []string{"host", `"-cam"`}},
		{"rtsp://1.2.3/x", []string{"host", `"1.2.3"`, "IPv4"}},
		{"rtsp://caméra/x", []string{"host", `"é"`}},
		{"rtsp://cam/x y", []string{"path", `"/x y"`, "space"}},
		{"rtsp://cam/x?a=b c", []string{"query", "space"}},
		{"rtsp://cam/x#frag", []string{"fragment"}},
		{"rtsp://cam/x?transport=http", []string{"transport", `"http"`, "tcp"}},
		{"rtsp://cam/x?transport=tcp&transport=udp", []string{"transport", "more than once"}},
		{"rtsp://cam/x?latency=fast", []string{"latency", `"fast"`}},
		{"rtsp://cam/x?latency=20000", []string{"latency", "20000"}},
		{"rtsp://us%zzer:hunter22@cam/x", []string{"user", "percent"}},
		{"rtsp://user:hun%zzter22@cam/x", []string{"password", "percent"}},
		{"rtsp://user:hunter%0022@cam/x", []string{"password", "control"}},
		{"rtsp://user:hunter22@cam:port/x", []string{"port", `"port"`}},
		{"rtsp://user:hunter22@ca m/x", []string{"host", `"ca m"`}},
		{"rtsp://user:hunter22@cam/x?transport=sctp", []string{"transport", `"sctp"`}},
		{"rtsp://user:hunter22@cam/x#f", []string{"fragment"}},
		{"rtsp://user:hun/ter22@cam/x", []string{"user info", "percent-encode"}},
		{"rtsp://user:hun?ter22@cam/x", []string{"user info", "percent-encode"}},
		{"rtsp://user:hun#ter22@cam/x", []string{"user info", "percent-encode"}},
		{"rtsp:user:hunter22@cam/x", []string{"user info", "//"}},
		{"rtsp:/user:hunter22@cam/x", []string{"user info", "//"}},
		{"test:x:hunter22@ball", []string{"user info"}},
		{"file:/a:hunter22@b.mp4", []string{"user info"}},
		{"ftp://user:hunter22@cam/x", []string{"scheme", `"ftp"`}},
	} {
		_, err := ParseSource(tc.in)
		if err == nil {
			t.Errorf("ParseSource(%q) = nil error, want one mentioning %q", tc.in, tc.want)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("ParseSource(%q): error %T is not *Error", tc.in, err)
		} else if e.What != "source" {
			t.Errorf("ParseSource(%q): What = %q, want source", tc.in, e.What)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "bad source") {
			t.Errorf("ParseSource(%q): %q does not start with %q", tc.in, msg, "bad source")
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("ParseSource(%q): %q does not mention %q", tc.in, msg, w)
			}
		}
		// The test inputs spell passwords as pw1234 or hunter22 (or pieces of it).
		for _, secret := range []string{"pw1234", "hunter22", "hunter", "ter22", "%0022"} {
			if strings.Contains(msg, secret) {
				t.Errorf("ParseSource(%q): %q leaks the password", tc.in, msg)
			}
		}
	}
}

func TestParseSourceUnknownScheme(t *testing.T) {
	for _, in := range []string{"http://x/y", "rist://host:9000", "tcp://@:5600", "ndi://cam"} {
		_, err := ParseSource(in)
		if !errors.Is(err, ErrUnknownScheme) {
			t.Errorf("ParseSource(%q) = %v, want ErrUnknownScheme", in, err)
		}
	}
	// Malformed URIs of known schemes are not "unknown scheme".
	for _, in := range []string{"test://nope", "rtp://@:0", "", "video.mp4"} {
		if _, err := ParseSource(in); errors.Is(err, ErrUnknownScheme) {
			t.Errorf("ParseSource(%q) = %v, must not be ErrUnknownScheme", in, err)
		}
	}
}

func TestParseSourceErrorShowsRedactedURI(t *testing.T) {
	_, err := ParseSource("rtsp://admin:hunter22@cam:99999/live")
	want := `bad source "rtsp://admin:***@cam:99999/live": port: 99999 is out of range 1..65535`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	var e *Error
	if !errors.As(err, &e) || strings.Contains(e.URI, "hunter22") {
		t.Fatalf("Error.URI must hold the redacted URI: %+v", e)
	}
}

func TestSourceValidateHandBuilt(t *testing.T) {
	for _, tc := range []struct {
		src  Source
		want string // "" = valid
	}{
		{Source{Kind: SourceTest}, ""},
		{Source{Kind: SourceTest, Pattern: "ball", Width: 640, Height: 480, FPSNum: 30000, FPSDen: 1001}, ""},
		{Source{Kind: SourceV4L2, Device: "/dev/video0", Format: "MJPG"}, ""},
		{Source{Kind: SourceFile, Path: "/a.mp4", Loop: true}, ""},
		{Source{Kind: SourceRTP, Port: 5600}, ""},
		{Source{Kind: SourceRTSP, URL: "rtsp://cam/x", User: "u", Password: "p"}, ""},
		{Source{}, "kind"},
		{Source{Kind: "ndi"}, `"ndi"`},
		{Source{Kind: SourceTest, Pattern: "nope"}, "pattern"},
		{Source{Kind: SourceTest, Format: "MJPG"}, "compressed"},
		{Source{Kind: SourceTest, Format: "nv12"}, "format"},
		{Source{Kind: SourceTest, Width: 641}, "width"},
		{Source{Kind: SourceTest, FPSNum: 30}, "fps"},
		{Source{Kind: SourceTest, Port: 5600}, "port"},
		{Source{Kind: SourceV4L2}, "device"},
		{Source{Kind: SourceV4L2, Device: "/dev/video0", Stamp: true}, "stamp"},
		{Source{Kind: SourceFile, Path: "a.mp4"}, "absolute"},
		{Source{Kind: SourceRTP}, "port"},
		{Source{Kind: SourceRTP, Port: 5600, Address: "cam"}, "address"},
		{Source{Kind: SourceRTP, Port: 5600, PayloadType: 200}, "payload type"},
		{Source{Kind: SourceRTP, Port: 5600, Codec: "vp8"}, "codec"},
		{Source{Kind: SourceRTP, Port: 5600, LatencyMS: -1}, "latency"},
		{Source{Kind: SourceRTP, Port: 5600, Width: 640}, "width"},
		{Source{Kind: SourceRTSP}, "url"},
		{Source{Kind: SourceRTSP, URL: "rtsp://u:hunter22@cam/x"}, "credentials"},
		{Source{Kind: SourceRTSP, URL: "http://cam/x"}, "url"},
		{Source{Kind: SourceRTSP, URL: "rtsp:///x"}, "host"},
		{Source{Kind: SourceRTSP, URL: "rtsp://cam/x", Transport: "sctp"}, "transport"},
		{Source{Kind: SourceRTSP, URL: "rtsp://cam/x", Port: 1}, "port"},
	} {
		err := tc.src.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.src, err)
		case tc.want != "" && err == nil:
			t.Errorf("%+v: no error, want one mentioning %q", tc.src, tc.want)
		case err != nil && !strings.Contains(err.Error(), tc.want):
			t.Errorf("%+v: %q does not mention %q", tc.src, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "hunter22"):
			t.Errorf("%+v: %q leaks the password", tc.src, err)
		}
	}
}
