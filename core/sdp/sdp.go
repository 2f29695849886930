// Package sdp writes the SDP description of an RTP output, which is what ffplay, ffprobe and VLC
// need to open a bare RTP stream (RFC 4566, with the H.264 payload format of RFC 6184).
package sdp

import (
	"fmt"
	"net"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// ForOutput describes the H.264 RTP stream gstcast sends to out. A receiver opens it on the
// machine the stream is sent to: the connection line names the destination address.
func ForOutput(out spec.Output, name string) (string, error) {
	if out.Kind != spec.OutputRTP {
		return "", fmt.Errorf("sdp: only rtp:// outputs have an SDP file")
	}
	pt := out.PayloadType
	if pt == 0 {
		pt = spec.DefaultPayloadType
	}
	if name == "" {
		name = "gstcast"
	}
	addr := out.Host
	family := "IP4"
	if ip := net.ParseIP(out.Host); ip != nil {
		if ip.To4() == nil {
			family = "IP6"
		}
		if ip.IsMulticast() && family == "IP4" {
			ttl := out.TTL
			if ttl == 0 {
				ttl = 1
			}
			addr = fmt.Sprintf("%s/%d", out.Host, ttl)
		}
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	var b strings.Builder
	b.WriteString("v=0\r\n")
	fmt.Fprintf(&b, "o=- 0 0 IN %s %s\r\n", family, out.Host)
	fmt.Fprintf(&b, "s=%s\r\n", name)
	fmt.Fprintf(&b, "c=IN %s %s\r\n", family, addr)
	b.WriteString("t=0 0\r\n")
	fmt.Fprintf(&b, "m=video %d RTP/AVP %d\r\n", out.Port, pt)
	if out.Mux == spec.MuxTS {
		// MPEG-TS in RTP (RFC 2250); clients need no SDP for it, but one does no harm.
		fmt.Fprintf(&b, "a=rtpmap:%d MP2T/90000\r\n", pt)
	} else {
		fmt.Fprintf(&b, "a=rtpmap:%d H264/90000\r\n", pt)
		fmt.Fprintf(&b, "a=fmtp:%d packetization-mode=1\r\n", pt)
	}
	b.WriteString("a=recvonly\r\n")
	return b.String(), nil
}
