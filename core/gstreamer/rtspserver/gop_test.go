package rtspserver

import (
	"bytes"
	"testing"
)

// nalus splits an Annex B byte stream at its start codes (00 00 01, with any leading zeros
// taken as part of the start code), independently of gop.c.
func nalus(b []byte) [][]byte {
	var out [][]byte
	start := -1
	for i := 0; i+3 <= len(b); i++ {
		if b[i] == 0 && b[i+1] == 0 && b[i+2] == 1 {
			if start >= 0 {
				out = append(out, bytes.TrimRight(b[start:i], "\x00"))
			}
			start = i + 3
			i += 2
		}
	}
	if start >= 0 {
		out = append(out, b[start:])
	}
	return out
}

var (
	sps = []byte{0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x47, 0xfe, 0xc8}
	pps = []byte{0x68, 0xce, 0x3c, 0x80}
	idr = []byte{0x65, 0x88, 0x84, 0x00, 0x33, 0xff}
	sc  = []byte{0, 0, 0, 1}
)

func annexB(nals ...[]byte) []byte {
	var b []byte
	for _, n := range nals {
		b = append(append(b, sc...), n...)
	}
	return b
}

// The preroll buffer of a keyframe is its SPS and PPS alone: no slice a reader could show.
func TestConfigOnly(t *testing.T) {
	h264 := "video/x-h264,stream-format=byte-stream,alignment=au"
	au := annexB([]byte{0x09, 0xf0}, sps, pps, idr) // AUD, SPS, PPS, IDR slice
	if got, want := configOnly(au, h264), annexB(sps, pps); !bytes.Equal(got, want) {
		t.Errorf("H.264 keyframe: % x, want % x", got, want)
	}
	if got := configOnly(annexB(idr), h264); got != nil {
		t.Errorf("a keyframe without SPS/PPS: % x, want nothing", got)
	}
	vps, hsps, hpps, hidr := []byte{0x40, 0x01, 0x0c}, []byte{0x42, 0x01, 0x01}, []byte{0x44, 0x01, 0xc1}, []byte{0x26, 0x01, 0xaf}
	if got, want := configOnly(annexB(vps, hsps, hpps, hidr), "video/x-h265,stream-format=byte-stream"), annexB(vps, hsps, hpps); !bytes.Equal(got, want) {
		t.Errorf("H.265 keyframe: % x, want % x", got, want)
	}
	if got := configOnly(au, "video/x-vp8"); got != nil {
		t.Errorf("another codec: % x, want nothing (the keyframe itself prerolls)", got)
	}
}

// gc_config_only reads a publisher's bytes in C: whatever they are, it stays inside them and
// returns only configuration NAL units that were in the input.
func FuzzConfigOnly(f *testing.F) {
	f.Add(annexB([]byte{0x09, 0xf0}, sps, pps, idr), false)
	f.Add([]byte{0, 0, 1}, false)
	f.Add([]byte{0, 0, 0, 1, 0x67}, false)
	f.Add([]byte{0, 0, 1, 0, 0, 1, 0x68, 0, 0}, false)
	f.Add(annexB([]byte{0x40, 0x01}, []byte{0x42}, []byte{0x26, 1}), true)
	f.Fuzz(func(t *testing.T, au []byte, h265 bool) {
		caps := "video/x-h264,stream-format=byte-stream,alignment=au"
		if h265 {
			caps = "video/x-h265,stream-format=byte-stream,alignment=au"
		}
		got := configOnly(au, caps)
		if got == nil {
			return
		}
		in := nalus(au)
		for _, n := range nalus(got) {
			if len(n) == 0 {
				t.Fatalf("an empty NAL unit in % x (from % x)", got, au)
			}
			typ := n[0] & 0x1f
			ok := typ == 7 || typ == 8
			if h265 {
				typ = (n[0] >> 1) & 0x3f
				ok = typ >= 32 && typ <= 34
			}
			if !ok {
				t.Fatalf("NAL type %d is not configuration: % x (from % x)", typ, got, au)
			}
			found := false
			for _, m := range in {
				if bytes.HasPrefix(m, bytes.TrimRight(n, "\x00")) {
					found = true
				}
			}
			if !found {
				t.Fatalf("NAL unit % x was not in the input % x", n, au)
			}
		}
	})
}
