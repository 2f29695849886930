package sdp

import (
	"bufio"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/gstcast/gstcast/core/spec"
)

// ParseRTPSource reads an SDP description of an H.264 RTP stream (what `gstcast sdp`, ffmpeg or
// a camera write) into the rtp source that receives it: the video port and payload type, and the
// multicast group when the connection address is one. Only what a receiver needs is read; the
// first video media section is used.
func ParseRTPSource(text string) (spec.Source, error) {
	src := spec.Source{Kind: spec.SourceRTP, Codec: spec.DefaultCodec, LatencyMS: spec.DefaultLatencyMS}
	var conn string
	inVideo, sawVideo := false, false
	pts := map[int]bool{}
	codecs := map[int]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if len(line) < 2 || line[1] != '=' {
			continue
		}
		key, val := line[0], line[2:]
		switch key {
		case 'm':
			f := strings.Fields(val)
			inVideo = len(f) >= 4 && f[0] == "video" && !sawVideo
			if !inVideo {
				continue
			}
			sawVideo = true
			port, err := strconv.Atoi(strings.SplitN(f[1], "/", 2)[0])
			if err != nil || port < 1 || port > 65535 {
				return src, fmt.Errorf("sdp line %d: %q is not a port", n, f[1])
			}
			src.Port = port
			if !strings.HasPrefix(f[2], "RTP/AVP") {
				return src, fmt.Errorf("sdp line %d: transport %s is not RTP/AVP", n, f[2])
			}
			for _, p := range f[3:] {
				if pt, err := strconv.Atoi(p); err == nil {
					pts[pt] = true
					if src.PayloadType == 0 {
						src.PayloadType = pt
					}
				}
			}
		case 'c':
			if !sawVideo || inVideo { // session-level, or the video section's own
				if f := strings.Fields(val); len(f) == 3 {
					conn = strings.SplitN(f[2], "/", 2)[0]
				}
			}
		case 'a':
			if !inVideo || !strings.HasPrefix(val, "rtpmap:") {
				continue
			}
			f := strings.Fields(strings.TrimPrefix(val, "rtpmap:"))
			if len(f) == 2 {
				if pt, err := strconv.Atoi(f[0]); err == nil {
					codecs[pt] = strings.ToUpper(strings.SplitN(f[1], "/", 2)[0])
				}
			}
		}
	}
	if !sawVideo {
		return src, fmt.Errorf("sdp: no video media line (m=video PORT RTP/AVP PT)")
	}
	// The first H.264 payload type of the video section.
	chosen := -1
	for pt := range pts {
		if codecs[pt] == "H264" && (chosen < 0 || pt < chosen) {
			chosen = pt
		}
	}
	if chosen < 0 {
		var got []string
		for _, c := range codecs {
			got = append(got, c)
		}
		return src, fmt.Errorf("sdp: the video is not H.264 (rtpmap says %v); gstcast receives H.264", got)
	}
	src.PayloadType = chosen
	if a, err := netip.ParseAddr(conn); err == nil && a.IsMulticast() {
		src.Address = a.String()
	}
	src.URI = fmt.Sprintf("rtp://%s:%d?pt=%d", bracket(src.Address), src.Port, src.PayloadType)
	return src, src.Validate()
}

func bracket(a string) string {
	if a == "" {
		return "@"
	}
	if strings.Contains(a, ":") {
		return "@[" + a + "]"
	}
	return "@" + a
}
