package pluginkit

import (
	"testing"
)

func TestParseCaps(t *testing.T) {
	caps := "video/x-raw, format=(string)YUY2, width=(int)1280, height=(int)720, pixel-aspect-ratio=(fraction)1/1, framerate=(fraction){ 10/1, 15/2 }; " +
		"image/jpeg, width=(int)1920, height=(int)1080, framerate=(fraction)30/1; " +
		"video/x-h264, stream-format=(string)byte-stream, width=(int)640, height=(int)480, framerate=(fraction)[ 1/1, 30/1 ]; " +
		"video/x-raw(memory:NVMM), format=(string)NV12, width=(int)3840, height=(int)2160, framerate=(fraction)30/1; " +
		"video/x-raw, format=(string){ NV12, I420 }, width=(int)[ 16, 4096 ], height=(int)[ 16, 4096 ]; audio/x-raw, rate=(int)48000"
	got := ParseCaps(caps)
	if len(got) != 4 {
		t.Fatalf("got %d formats: %+v", len(got), got)
	}
	if got[0].Format != "YUY2" || got[0].Width != 1280 || len(got[0].Framerates) != 2 || got[0].Framerates[1].Den != 2 {
		t.Errorf("raw: %+v", got[0])
	}
	if got[1].Format != "MJPG" || got[1].Framerates[0].Num != 30 {
		t.Errorf("jpeg: %+v", got[1])
	}
	if got[2].Format != "H264" || got[2].Framerates != nil {
		t.Errorf("h264 with a rate range: %+v", got[2])
	}
	if got[3].Format != "NV12" || got[3].Width != 3840 {
		t.Errorf("NVMM: %+v", got[3])
	}
}

func FuzzParseCaps(f *testing.F) {
	for _, s := range []string{
		"video/x-raw, format=(string)YUY2, width=(int)640, height=(int)480, framerate=(fraction){ 30/1, 15/1 }",
		"image/jpeg, width=(int)1920, height=(int)1080, framerate=(fraction)30/1; video/x-raw(memory:NVMM)",
		`video/x-raw, format="{", width=(int)[1,2]`, "", ";;;", "video/x-raw, width=(int)-5, height=(int)99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, vf := range ParseCaps(s) {
			if vf.Format == "" || vf.Width <= 0 || vf.Height <= 0 {
				t.Fatalf("invalid format from %q: %+v", s, vf)
			}
			for _, r := range vf.Framerates {
				if r.Num <= 0 || r.Den <= 0 {
					t.Fatalf("invalid rate from %q: %+v", s, r)
				}
			}
		}
	})
}
