package viewmodel

import (
	"fmt"
	"strings"
	"time"
)

// View is what the window shows at one moment. It is comparable, so that the window is touched
// only when something changed.
type View struct {
	Title string
	// Picture says whether the video is shown. It is false whenever the newest frame is not
	// current (stalled, source gone, error): the window never shows a frozen frame as live.
	Picture bool
	// State explains the missing picture ("Connecting to rtsp://host/x…"); empty with Picture.
	State string
	// Overlay is the statistics line over the picture; empty when hidden or without picture.
	Overlay string
	// Message is a passing notice such as where a snapshot went; empty when none.
	Message string
}

// View computes what to show at now.
func (m *Model) View(now time.Time) View {
	v := View{Title: m.url + " – gstcast"}
	v.State = m.hiddenBecause(now)
	v.Picture = v.State == ""
	if v.Picture && !m.overlayOff {
		v.Overlay = m.overlay()
	}
	if m.notice != "" && now.Before(m.noticeTill) {
		v.Message = m.notice
	}
	return v
}

// hiddenBecause says why the picture is not shown, or "" when it is.
func (m *Model) hiddenBecause(now time.Time) string {
	// A status that arrived after the newest frame explains why no frame is current. A frame
	// arriving after it means the source is back (or the frame was already in flight: then the
	// stall check below hides it again soon).
	statusNewer := m.status.State != StatePlaying && (!m.haveFrame || !m.lastFrameAt.After(m.statusAt))
	bad := m.status.State == StateReconnecting || m.status.State == StateEnded || m.status.State == StateError
	switch {
	case statusNewer && bad:
		return m.statusText(now)
	case m.frameErr != "":
		return "Error: " + message(m.frameErr)
	case statusNewer:
		return m.statusText(now) // connecting
	case !m.haveFrame && m.status.Message != "":
		// The engine says why no picture comes although the source plays (e.g. it sends data
		// that does not decode: another codec or payload type).
		return "Connected to " + m.url + ": " + message(m.status.Message)
	case !m.haveFrame:
		return "Connected to " + m.url + ", waiting for the first frame…"
	}
	idle := now.Sub(m.lastFrameAt)
	switch {
	case idle > m.stallAfter() && bad:
		return m.statusText(now)
	case idle > m.stallAfter():
		return fmt.Sprintf("Stalled: no frame for %.1f s", idle.Seconds())
	case !m.holding:
		return "Connected to " + m.url + ", waiting for video…"
	}
	return ""
}

func (m *Model) statusText(now time.Time) string {
	s := m.status
	msg := message(s.Message)
	switch s.State {
	case StateReconnecting:
		var b strings.Builder
		b.WriteString("Source gone")
		if msg != "" {
			b.WriteString(": " + msg)
		}
		if left := s.Backoff - now.Sub(m.statusAt); left > 0 {
			fmt.Fprintf(&b, "; reconnecting in %d s", wholeSeconds(left))
		} else {
			b.WriteString("; reconnecting now")
		}
		if s.Attempt > 0 {
			fmt.Fprintf(&b, " (attempt %d)", s.Attempt)
		}
		return b.String()
	case StateEnded:
		if msg != "" {
			return "Stream ended: " + msg
		}
		return "Stream ended"
	case StateError:
		if msg != "" {
			return "Error: " + msg
		}
		return "Error"
	}
	return "Connecting to " + m.url + "…"
}

// stallAfter is the configured threshold, stretched for streams too slow to meet it.
func (m *Model) stallAfter() time.Duration {
	d := m.cfg.StallAfter
	if fps := m.fps(); fps > 0 {
		d = max(d, time.Duration(3*float64(time.Second)/fps))
	}
	return d
}

func (m *Model) fps() float64 {
	if m.stats.FPS > 0 {
		return m.stats.FPS
	}
	return m.rate.fps()
}

// overlay is e.g. "1280×720 · 30.0 fps · 2.0 Mbit/s · avdec_h264 (software) · latency 48 ms",
// leaving out what is unknown.
func (m *Model) overlay() string {
	var parts []string
	w, h := m.frameW, m.frameH
	if w == 0 || h == 0 {
		w, h = m.stats.Width, m.stats.Height
	}
	if w > 0 && h > 0 {
		parts = append(parts, fmt.Sprintf("%d×%d", w, h))
	}
	if fps := m.fps(); fps > 0 {
		parts = append(parts, fmt.Sprintf("%.1f fps", fps))
	}
	if m.stats.BitrateBps > 0 {
		parts = append(parts, formatBitrate(m.stats.BitrateBps))
	}
	if m.stats.Decoder != "" {
		parts = append(parts, formatDecoder(m.stats.Decoder, m.stats.Hardware))
	}
	// A negative latency means the two clocks disagree by more than the latency: say nothing
	// rather than something false.
	if ms, ok := m.latency.median(); ok && m.stamped && ms >= 0 {
		parts = append(parts, fmt.Sprintf("latency %d ms", ms))
	}
	return strings.Join(parts, " · ")
}
