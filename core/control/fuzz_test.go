package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// Fuzz targets for what the control API reads from the network: request bodies (POST
// /streams, POST /views, POST /plan, PATCH), the bearer token header, and (on the client side)
// the server-sent event stream. Seeds are in testdata/fuzz; CI runs each briefly
// (installer/test.sh).

// A body is decoded or refused with a 4xx naming what is wrong; nothing panics, and what is
// accepted is a spec that validates.
func FuzzRequestBody(f *testing.F) {
	for _, s := range []string{
		`{"source": "test://smpte", "serve": "cam"}`,
		`{"name": "out", "source": "v4l2:///dev/video0", "to": "rtp://10.0.0.5:5000", "bitrate": 4000}`,
		`{"stream": {"source": {"kind": "test"}, "output": {"kind": "serve", "mount": "x"}}}`,
		`{"source": "rtsp://u:p@cam/x", "serve": "relay", "read": "alice", "keyframe": 30, "hardware": "auto"}`,
		`{"source": "rtsp://127.0.0.1:8554/cam", "latency_ms": 20, "transport": "tcp"}`,
		`{"source": 5}`, `{"source": "test://"`, `[]`, `null`, `{"a":1}{"b":2}`, "",
	} {
		f.Add([]byte(s))
	}
	srv := &Server{RTSP: spec.RTSPServer{Address: "127.0.0.1", Port: 8554}}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/v1/streams", bytes.NewReader(body))
		req.Body = http.MaxBytesReader(httptest.NewRecorder(), req.Body, MaxBody)
		w, err := srv.streamWork(req)
		if err != nil {
			if st := statusOf(err); st != http.StatusBadRequest {
				t.Fatalf("%q: status %d for %v", body, st, err)
			}
			if wireOf(err).Error == "" {
				t.Fatalf("%q: an error without a message", body)
			}
		} else if w.Stream == nil {
			t.Fatalf("%q: accepted without a stream", body)
		} else if b := new(StreamBody); json.Unmarshal(body, b) == nil && b.Stream == nil {
			// the short form goes through the one parser, whose specs validate
			if err := w.Stream.Validate(); err != nil {
				t.Fatalf("%q: short form accepted into an invalid spec: %v", body, err)
			}
		}
		var vb ViewBody
		vreq := httptest.NewRequest("POST", "/v1/views", bytes.NewReader(body))
		if err := decode(vreq, &vb); err != nil && statusOf(err) != http.StatusBadRequest {
			t.Fatalf("%q: view body: status %d for %v", body, statusOf(err), err)
		}
	})
}

// A merge patch of any shape applies to a spec document without panicking, and patching with
// the document itself changes nothing.
func FuzzMergePatch(f *testing.F) {
	for _, s := range []string{`{"encoding": {"bitrate_kbps": 4000}}`, `{"output": null}`, `{"a": {"b": {"c": [1, 2]}}}`, `{}`, `{"source": "x"}`} {
		f.Add([]byte(s))
	}
	base := map[string]any{"source": map[string]any{"kind": "test", "width": 320.0}, "encoding": map[string]any{"bitrate_kbps": 2000.0}}
	f.Fuzz(func(t *testing.T, patch []byte) {
		var p map[string]any
		if json.Unmarshal(patch, &p) != nil {
			return
		}
		doc := map[string]any{}
		b, _ := json.Marshal(base)
		_ = json.Unmarshal(b, &doc)
		out := mergePatch(doc, p)
		if _, err := json.Marshal(out); err != nil {
			t.Fatalf("%q: the patched document does not encode: %v", patch, err)
		}
		again := mergePatch(out, out)
		x, _ := json.Marshal(out)
		y, _ := json.Marshal(again)
		if !bytes.Equal(x, y) {
			t.Fatalf("%q: patching with itself changed %s into %s", patch, x, y)
		}
	})
}

// Only "Bearer " and the exact token (spaces around it aside) pass.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer t0ken", "Bearer  t0ken ", "bearer t0ken", "Bearer", "Basic dDA=", "Bearer t0ke", "Bearer t0ken\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest("GET", "/v1/streams", nil)
		r.Header.Set("Authorization", header)
		got := tokenOK(r, "t0ken")
		want := strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") &&
			strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")) == "t0ken"
		if got != want {
			t.Fatalf("%q: tokenOK %v, want %v", header, got, want)
		}
	})
}

// The client's event reader takes any byte stream: events come out until the end or an
// error, data lines are joined, nothing panics and nothing grows without bound.
func FuzzSSEReader(f *testing.F) {
	for _, s := range []string{
		"event: snapshot\ndata: {\"type\":\"snapshot\"}\n\n",
		": ping\n\nevent: state\ndata: a\ndata: b\n\n",
		"data: no event name\r\n\r\n", "event: x\n", "\n\n\n", "data:" + strings.Repeat("z", 70000) + "\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		r := newSSEReader(bytes.NewReader(stream))
		total := 0
		for n := 0; ; n++ {
			ev, data, err := r.next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, errSSETooLarge) {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			total += len(ev) + len(data)
			if total > len(stream) || n > len(stream) {
				t.Fatalf("read %d bytes in %d events from %d", total, n, len(stream))
			}
			if strings.ContainsAny(ev, "\r\n") {
				t.Fatalf("event name %q", ev)
			}
		}
	})
}

// An event over the limit is refused, not buffered.
func TestSSEReaderLimit(t *testing.T) {
	big := "event: x\ndata: " + strings.Repeat("a", maxSSEEvent) + "\n\n"
	if _, _, err := newSSEReader(strings.NewReader(big)).next(); !errors.Is(err, errSSETooLarge) {
		t.Fatalf("an event over %d bytes: %v", maxSSEEvent, err)
	}
	ev, data, err := newSSEReader(strings.NewReader("event: y\ndata: 1\ndata: 2\n\n")).next()
	if err != nil || ev != "y" || string(data) != "1\n2" {
		t.Fatalf("%q %q %v", ev, data, err)
	}
}
