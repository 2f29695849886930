package sdp

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func TestForOutput(t *testing.T) {
	got, err := ForOutput(spec.Output{Kind: spec.OutputRTP, Host: "127.0.0.1", Port: 5004, PayloadType: 97}, "cam\nx")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"c=IN IP4 127.0.0.1\r\n", "m=video 5004 RTP/AVP 97\r\n", "a=rtpmap:97 H264/90000\r\n", "s=camx\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	got, _ = ForOutput(spec.Output{Kind: spec.OutputRTP, Host: "239.1.2.3", Port: 5000, TTL: 4}, "")
	if !strings.Contains(got, "c=IN IP4 239.1.2.3/4\r\n") || !strings.Contains(got, "RTP/AVP 96") {
		t.Errorf("multicast:\n%s", got)
	}
	got, _ = ForOutput(spec.Output{Kind: spec.OutputRTP, Host: "::1", Port: 5000}, "")
	if !strings.Contains(got, "c=IN IP6 ::1\r\n") {
		t.Errorf("ipv6:\n%s", got)
	}
	if _, err := ForOutput(spec.Output{}, ""); err == nil {
		t.Error("no error for a non-rtp output")
	}
}
