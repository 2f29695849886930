package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Server-sent events (the WHATWG EventSource format): "event: TYPE", "data: JSON", a blank line.
// Any HTTP client reads them, curl included (curl -N --unix-socket … /v1/events).

type sseWriter struct {
	w http.ResponseWriter
	f http.Flusher
}

func newSSE(w http.ResponseWriter) *sseWriter {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	s := &sseWriter{w: w, f: f}
	s.flush()
	return s
}

func (s *sseWriter) flush() {
	if s.f != nil {
		s.f.Flush()
	}
}

// send writes one event; false when the client has gone.
func (s *sseWriter) send(event string, v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	if _, err := fmt.Fprintf(s.w, "event: %s\ndata: %s\n\n", event, b); err != nil {
		return false
	}
	s.flush()
	return true
}

func (s *sseWriter) comment(text string) bool {
	if _, err := fmt.Fprintf(s.w, ": %s\n\n", text); err != nil {
		return false
	}
	s.flush()
	return true
}

// maxSSEEvent bounds one event a client reads (a snapshot of hundreds of streams is a few
// hundred kB), so that whatever answers at the daemon's address cannot make it buffer without end.
const maxSSEEvent = 16 << 20

// errSSETooLarge is an event over maxSSEEvent.
var errSSETooLarge = errors.New("server-sent event over 16 MiB")

// sseReader reads events from a stream.
type sseReader struct{ r *bufio.Reader }

func newSSEReader(r io.Reader) *sseReader { return &sseReader{r: bufio.NewReaderSize(r, 64<<10)} }

// line reads one line of at most max bytes, without its end: CRLF, LF or a lone CR, as the
// event-stream format has it.
func (s *sseReader) line(max int) (string, error) {
	var b []byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return "", err
		}
		switch c {
		case '\n':
			return string(b), nil
		case '\r':
			if next, err := s.r.Peek(1); err == nil && next[0] == '\n' {
				_, _ = s.r.ReadByte()
			}
			return string(b), nil
		}
		if len(b) >= max {
			return "", errSSETooLarge
		}
		b = append(b, c)
	}
}

// next returns the next event's type and data; io.EOF at the end of the stream.
func (s *sseReader) next() (event string, data []byte, err error) {
	var buf []byte
	for {
		line, err := s.line(maxSSEEvent - len(buf))
		if err != nil {
			return "", nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if event != "" || buf != nil {
				return event, buf, nil
			}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			d := strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")
			if buf != nil {
				buf = append(buf, '\n')
			}
			buf = append(buf, d...)
		}
	}
}
