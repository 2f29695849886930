package viewmodel

import (
	"errors"
	"image"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// step is one thing happening to the model at t0+at.
type step struct {
	at      time.Duration
	status  *Status
	stats   *Stats
	frame   *Frame
	err     error
	notify  string
	toggle  bool
	release bool
}

func frameAt(w, h int, captureAt time.Duration) *Frame {
	f := &Frame{Image: image.NewRGBA(image.Rect(0, 0, w, h))}
	if captureAt != 0 {
		f.CaptureUnixMs = t0.Add(captureAt).UnixMilli()
	}
	return f
}

// frames returns n frames at the given rate starting at start, each captured lat earlier
// (lat 0: frames without a capture stamp).
func frames(start time.Duration, n int, fps float64, lat time.Duration) []step {
	var s []step
	for i := range n {
		at := start + time.Duration(float64(i)*float64(time.Second)/fps)
		var stamp time.Duration // none
		if lat != 0 {
			stamp = at - lat
		}
		s = append(s, step{at: at, frame: frameAt(1280, 720, stamp)})
	}
	return s
}

func run(m *Model, steps []step) {
	for _, s := range steps {
		now := t0.Add(s.at)
		switch {
		case s.status != nil || s.stats != nil:
			m.Apply(Event{Status: s.status, Stats: s.stats}, now)
		case s.frame != nil:
			m.Frame(*s.frame, now)
		case s.err != nil:
			m.FrameError(s.err)
		case s.notify != "":
			m.Notify(s.notify, now)
		case s.toggle:
			m.ToggleOverlay()
		case s.release:
			m.Released()
		}
	}
}

func join(parts ...[]step) []step {
	var s []step
	for _, p := range parts {
		s = append(s, p...)
	}
	return s
}

var playing = &Stats{FPS: 30, BitrateBps: 2_000_000, Decoder: "avdec_h264"}

func TestView(t *testing.T) {
	const url = "rtsp://admin:hunter2@cam.local:8554/x"
	const shown = "rtsp://admin:***@cam.local:8554/x"
	cases := []struct {
		name  string
		steps []step
		at    time.Duration
		want  View
	}{
		{
			name: "new window connects",
			at:   time.Second,
			want: View{State: "Connecting to " + shown + "…"},
		},
		{
			name:  "playing without a frame yet",
			steps: []step{{at: 0, status: &Status{State: StatePlaying}}},
			at:    time.Second,
			want:  View{State: "Connected to " + shown + ", waiting for the first frame…"},
		},
		{
			name: "playing with overlay and latency",
			steps: join([]step{{status: &Status{State: StatePlaying}}, {stats: playing}},
				frames(100*time.Millisecond, 30, 30, 48*time.Millisecond)),
			at:   1100 * time.Millisecond,
			want: View{Picture: true, Overlay: "1280×720 · 30.0 fps · 2.0 Mbit/s · avdec_h264 (software) · latency 48 ms"},
		},
		{
			name: "hardware decoder, measured rate, no stamp",
			steps: join([]step{{stats: &Stats{Decoder: "nvh264dec", Hardware: true, BitrateBps: 850_400}}},
				frames(0, 11, 25, 0)),
			at:   410 * time.Millisecond,
			want: View{Picture: true, Overlay: "1280×720 · 25.0 fps · 850 kbit/s · nvh264dec (hardware)"},
		},
		{
			name:  "the frame's own size wins over the stats",
			steps: []step{{stats: &Stats{Width: 640, Height: 480}}, {frame: frameAt(320, 180, 0)}},
			want:  View{Picture: true, Overlay: "320×180"},
		},
		{
			name:  "overlay toggled off",
			steps: join(frames(0, 2, 30, 0), []step{{toggle: true}}),
			at:    40 * time.Millisecond,
			want:  View{Picture: true},
		},
		{
			name:  "overlay toggled twice",
			steps: join(frames(0, 1, 30, 0), []step{{toggle: true}, {toggle: true}}),
			want:  View{Picture: true, Overlay: "1280×720"},
		},
		{
			name:  "still live at the threshold",
			steps: join([]step{{stats: playing}}, frames(0, 30, 30, 0)),
			at:    2966 * time.Millisecond, // last frame at 966.7 ms
			want:  View{Picture: true, Overlay: "1280×720 · 30.0 fps · 2.0 Mbit/s · avdec_h264 (software)"},
		},
		{
			name:  "stalled hides the picture",
			steps: join([]step{{stats: playing}}, frames(0, 30, 30, 0)),
			at:    3067 * time.Millisecond,
			want:  View{State: "Stalled: no frame for 2.1 s"},
		},
		{
			name:  "slow stream gets three frame intervals",
			steps: frames(0, 3, 0.5, 0),
			at:    9 * time.Second,
			want:  View{Picture: true, Overlay: "1280×720 · 0.5 fps"},
		},
		{
			name:  "slow stream stalls after three frame intervals",
			steps: frames(0, 3, 0.5, 0),
			at:    10100 * time.Millisecond,
			want:  View{State: "Stalled: no frame for 6.1 s"},
		},
		{
			name: "source gone hides the picture at once",
			steps: join(frames(0, 10, 30, 0), []step{{at: 400 * time.Millisecond,
				status: &Status{State: StateReconnecting, Message: "connection refused", Attempt: 3, Backoff: 2 * time.Second}}}),
			at:   500 * time.Millisecond,
			want: View{State: "Source gone: connection refused; reconnecting in 2 s (attempt 3)"},
		},
		{
			name:  "reconnect countdown runs down",
			steps: []step{{at: 0, status: &Status{State: StateReconnecting, Attempt: 1, Backoff: 2 * time.Second}}},
			at:    1500 * time.Millisecond,
			want:  View{State: "Source gone; reconnecting in 1 s (attempt 1)"},
		},
		{
			name:  "reconnect due",
			steps: []step{{at: 0, status: &Status{State: StateReconnecting, Attempt: 2, Backoff: time.Second}}},
			at:    1500 * time.Millisecond,
			want:  View{State: "Source gone; reconnecting now (attempt 2)"},
		},
		{
			name: "retry connecting after a drop",
			steps: join(frames(0, 3, 30, 0), []step{
				{at: 200 * time.Millisecond, status: &Status{State: StateReconnecting, Attempt: 1, Backoff: time.Second}},
				{at: 1200 * time.Millisecond, status: &Status{State: StateConnecting}}}),
			at:   1300 * time.Millisecond,
			want: View{State: "Connecting to " + shown + "…"},
		},
		{
			name: "picture returns by itself",
			steps: join(frames(0, 3, 30, 0), []step{
				{at: 200 * time.Millisecond, status: &Status{State: StateReconnecting, Attempt: 1, Backoff: time.Second}},
				{at: 1200 * time.Millisecond, status: &Status{State: StateConnecting}}},
				frames(1500*time.Millisecond, 2, 30, 0)),
			at:   1600 * time.Millisecond,
			want: View{Picture: true, Overlay: "1280×720 · 30.0 fps"},
		},
		{
			name: "back to playing after the window gave its frame back",
			steps: join(frames(0, 3, 30, 0), []step{
				{at: 100 * time.Millisecond, status: &Status{State: StateReconnecting, Attempt: 1}},
				{at: 100 * time.Millisecond, release: true},
				{at: 300 * time.Millisecond, status: &Status{State: StatePlaying}}}),
			at:   400 * time.Millisecond,
			want: View{State: "Connected to " + shown + ", waiting for video…"},
		},
		{
			name:  "stalled after the window gave its frame back",
			steps: join(frames(0, 3, 30, 0), []step{{at: 2200 * time.Millisecond, release: true}}),
			at:    2300 * time.Millisecond,
			want:  View{State: "Stalled: no frame for 2.2 s"},
		},
		{
			name: "a frame in flight after the drop shows the drop once it stalls",
			steps: join([]step{{at: 0, status: &Status{State: StateReconnecting, Message: "eof", Attempt: 1, Backoff: 5 * time.Second}}},
				frames(10*time.Millisecond, 1, 30, 0)),
			at:   2100 * time.Millisecond,
			want: View{State: "Source gone: eof; reconnecting in 3 s (attempt 1)"},
		},
		{
			name:  "ended",
			steps: join(frames(0, 3, 30, 0), []step{{at: 100 * time.Millisecond, status: &Status{State: StateEnded, Message: "end of stream"}}}),
			at:    200 * time.Millisecond,
			want:  View{State: "Stream ended: end of stream"},
		},
		{
			name:  "error masks credentials in the message",
			steps: []step{{status: &Status{State: StateError, Message: `could not open "rtsp://bob:s3cret@10.0.0.2/live": 401`}}},
			want:  View{State: `Error: could not open "rtsp://bob:***@10.0.0.2/live": 401`},
		},
		{
			name:  "frame source error hides the picture",
			steps: join(frames(0, 3, 30, 0), []step{{err: errors.New("ring: header corrupt")}}),
			at:    100 * time.Millisecond,
			want:  View{State: "Error: ring: header corrupt"},
		},
		{
			name:  "frame source error while connecting",
			steps: []step{{err: errors.New("ring: no such region")}},
			want:  View{State: "Error: ring: no such region"},
		},
		{
			name: "the engine's reason wins over a frame source error",
			steps: []step{{err: errors.New("ring: writer gone")},
				{status: &Status{State: StateReconnecting, Message: "eof", Attempt: 1, Backoff: time.Second}}},
			want: View{State: "Source gone: eof; reconnecting in 1 s (attempt 1)"},
		},
		{
			name:  "a frame clears the frame source error",
			steps: join([]step{{err: errors.New("ring: header corrupt")}}, frames(0, 1, 30, 0)),
			want:  View{Picture: true, Overlay: "1280×720"},
		},
		{
			name:  "negative latency (clock skew) is left out",
			steps: frames(0, 1, 30, -time.Second),
			want:  View{Picture: true, Overlay: "1280×720"},
		},
		{
			name:  "notice shows, then goes",
			steps: []step{{at: 0, notify: "Saved snapshot to /tmp/a.png"}},
			at:    4 * time.Second,
			want:  View{State: "Connecting to " + shown + "…", Message: "Saved snapshot to /tmp/a.png"},
		},
		{
			name:  "notice expired",
			steps: []step{{at: 0, notify: "Saved snapshot to /tmp/a.png"}},
			at:    6 * time.Second,
			want:  View{State: "Connecting to " + shown + "…"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(Config{URL: url})
			run(m, c.steps)
			c.want.Title = shown + " – gstcast"
			if got := m.View(t0.Add(c.at)); got != c.want {
				t.Errorf("View:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestLatencyIsTheMedianOfRecentFrames(t *testing.T) {
	m := New(Config{})
	lat := []time.Duration{40, 41, 900, 42, 43} // one late frame
	for i, l := range lat {
		at := time.Duration(i) * 33 * time.Millisecond
		m.Frame(*frameAt(2, 2, at-l*time.Millisecond), t0.Add(at))
	}
	if got := m.View(t0.Add(140 * time.Millisecond)).Overlay; got != "2×2 · 30.3 fps · latency 42 ms" {
		t.Errorf("overlay %q", got)
	}
	// A frame without a capture stamp makes the latency unknown again.
	m.Frame(Frame{Image: image.NewRGBA(image.Rect(0, 0, 2, 2))}, t0.Add(165*time.Millisecond))
	if got := m.View(t0.Add(170 * time.Millisecond)).Overlay; got != "2×2 · 30.3 fps" {
		t.Errorf("overlay without stamp %q", got)
	}
}

func TestLongMessagesAreBounded(t *testing.T) {
	m := New(Config{})
	long := make([]byte, 500)
	for i := range long {
		long[i] = 'x'
	}
	m.Apply(Event{Status: &Status{State: StateError, Message: "line one\n" + string(long)}}, t0)
	got := []rune(m.View(t0).State)
	if len(got) != len("Error: ")+maxMessage || got[len(got)-1] != '…' || got[7+8] != ' ' {
		t.Errorf("state %q (%d runes)", string(got), len(got))
	}
}

func TestFit(t *testing.T) {
	cases := []struct {
		w, h         int
		boxW, boxH   float32
		x, y, fw, fh float32
	}{
		{1920, 1080, 640, 480, 0, 60, 640, 360}, // 16:9 in 4:3: letterbox
		{640, 480, 1280, 720, 160, 0, 960, 720}, // 4:3 in 16:9: pillarbox
		{1280, 720, 1280, 720, 0, 0, 1280, 720}, // exact
		{0, 0, 300, 200, 0, 0, 300, 200},        // unknown size fills
		{100, 100, 0, 0, 0, 0, 0, 0},            // no room
	}
	for _, c := range cases {
		x, y, fw, fh := Fit(c.w, c.h, c.boxW, c.boxH)
		if x != c.x || y != c.y || fw != c.fw || fh != c.fh {
			t.Errorf("Fit(%d×%d in %v×%v) = %v,%v %v×%v; want %v,%v %v×%v", c.w, c.h, c.boxW, c.boxH, x, y, fw, fh, c.x, c.y, c.fw, c.fh)
		}
	}
}

func TestPacked(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	if !Packed(img) {
		t.Error("NewRGBA not packed")
	}
	if Packed(img.SubImage(image.Rect(1, 0, 3, 2)).(*image.RGBA)) {
		t.Error("sub-image with offset and wide stride counted as packed")
	}
	if Packed(&image.RGBA{Pix: make([]byte, 40), Stride: 20, Rect: image.Rect(0, 0, 4, 2)}) {
		t.Error("padded rows counted as packed")
	}
	if Packed(nil) {
		t.Error("nil counted as packed")
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[State]string{StateConnecting: "connecting", StatePlaying: "playing",
		StateReconnecting: "reconnecting", StateEnded: "ended", StateError: "error", State(42): "unknown"} {
		if s.String() != want {
			t.Errorf("%d: %q", s, s.String())
		}
	}
}

func TestPlayingWithoutPictureSaysWhy(t *testing.T) {
	m := New(Config{URL: "rtp://@:5000"})
	now := time.Unix(100, 0)
	m.Apply(Event{Status: &Status{State: StatePlaying, Message: "data arrives but nothing decodes"}}, now)
	if v := m.View(now); v.Picture || !strings.Contains(v.State, "nothing decodes") {
		t.Fatalf("view %+v", v)
	}
}
