package framestamp

import (
	"errors"
	"math/rand"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	w, h := 320, 240
	stride := 324
	luma := make([]byte, stride*h)
	for i := range luma {
		luma[i] = 128
	}
	at := time.UnixMilli(1764150000123)
	Paint(luma, stride, w, h, at)
	got, err := ReadLuma(luma, stride, w, h)
	if err != nil || !got.Equal(at) {
		t.Fatalf("ReadLuma = %v, %v; want %v", got, err, at)
	}
}

func TestSurvivesNoise(t *testing.T) {
	w, h := 256, 256
	luma := make([]byte, w*h)
	at := time.UnixMilli(1700000000999)
	Paint(luma, w, w, h, at)
	r := rand.New(rand.NewSource(1))
	for i := range luma { // ±40 of noise, as a low-bitrate encode might add
		v := int(luma[i]) + r.Intn(81) - 40
		luma[i] = byte(min(max(v, 0), 255))
	}
	if got, err := ReadLuma(luma, w, w, h); err != nil || !got.Equal(at) {
		t.Fatalf("noisy ReadLuma = %v, %v", got, err)
	}
}

func TestUnstampedAndCorrupt(t *testing.T) {
	w, h := 200, 200
	luma := make([]byte, w*h)
	if _, err := ReadLuma(luma, w, w, h); !errors.Is(err, ErrNoStamp) {
		t.Fatalf("blank frame: %v", err)
	}
	Paint(luma, w, w, h, time.UnixMilli(42))
	// Flip one time bit: the checksum must catch it.
	for y := 16; y < 32; y++ {
		for x := 16 * 3; x < 16*4; x++ {
			luma[y*w+x] = 255 - luma[y*w+x]
		}
	}
	if _, err := ReadLuma(luma, w, w, h); !errors.Is(err, ErrNoStamp) {
		t.Fatalf("corrupt stamp accepted: %v", err)
	}
	// Too small to carry a stamp: painting is a no-op, reading says so.
	small := make([]byte, 64*64)
	Paint(small, 64, 64, 64, time.Now())
	if _, err := ReadLuma(small, 64, 64, 64); !errors.Is(err, ErrNoStamp) {
		t.Fatal("small frame")
	}
}

func TestRGBA(t *testing.T) {
	w, h := 160, 140
	luma := make([]byte, w*h)
	at := time.UnixMilli(1764150000500)
	Paint(luma, w, w, h, at)
	pix := make([]byte, w*h*4)
	for i, v := range luma {
		pix[i*4], pix[i*4+1], pix[i*4+2], pix[i*4+3] = v, v, v, 255
	}
	if got, err := ReadRGBA(pix, w*4, w, h); err != nil || !got.Equal(at) {
		t.Fatalf("ReadRGBA = %v, %v", got, err)
	}
}
