package sdp

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/spec"
)

func TestParseOwnOutput(t *testing.T) {
	for _, to := range []string{"rtp://127.0.0.1:5004", "rtp://239.1.2.3:6000?pt=97"} {
		out, err := spec.ParseOutput(to)
		if err != nil {
			t.Fatal(err)
		}
		text, err := ForOutput(out, "cam")
		if err != nil {
			t.Fatal(err)
		}
		src, err := ParseRTPSource(text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", to, err, text)
		}
		if src.Port != out.Port || src.PayloadType != out.PayloadType || src.Codec != "h264" {
			t.Errorf("%s: %+v", to, src)
		}
		if strings.HasPrefix(out.Host, "239.") != (src.Address == out.Host) {
			t.Errorf("%s: address %q", to, src.Address)
		}
	}
}

func TestParseFFmpegStyle(t *testing.T) {
	text := "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
		"m=audio 5002 RTP/AVP 97\r\na=rtpmap:97 opus/48000/2\r\n" +
		"m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
	src, err := ParseRTPSource(text)
	if err != nil || src.Port != 5000 || src.PayloadType != 96 || src.Address != "" {
		t.Fatalf("%+v, %v", src, err)
	}
}

func TestParseBad(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"v=0\n", "no video"},
		{"m=video 5000 RTP/AVP 96\na=rtpmap:96 VP8/90000\n", "not H.264"},
		{"m=video x RTP/AVP 96\n", "not a port"},
		{"m=video 5000 UDP/TLS/RTP/SAVPF 96\na=rtpmap:96 H264/90000\n", "RTP/AVP"},
	} {
		if _, err := ParseRTPSource(tc.text); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.text, err, tc.want)
		}
	}
}

func FuzzParseRTPSource(f *testing.F) {
	f.Add("m=video 5000 RTP/AVP 96\na=rtpmap:96 H264/90000\n")
	f.Fuzz(func(t *testing.T, text string) {
		src, err := ParseRTPSource(text)
		if err == nil {
			if err := src.Validate(); err != nil {
				t.Fatalf("accepted %q into an invalid source: %v", text, err)
			}
		}
	})
}
