package sdp

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

// An rtp?mux=ts output is described as MP2T on its static payload type, not as H.264.
func TestForOutputMPEGTS(t *testing.T) {
	out, err := spec.ParseOutput("rtp://127.0.0.1:5000?mux=ts")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ForOutput(out, "ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"m=video 5000 RTP/AVP 33\r\n", "a=rtpmap:33 MP2T/90000\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("SDP lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "H264") {
		t.Errorf("SDP of a TS stream names H264:\n%s", got)
	}
}
