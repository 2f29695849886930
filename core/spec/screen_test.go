package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseScreenSources(t *testing.T) {
	scr := func(f func(*Source)) Source {
		s := Source{Kind: SourceScreen, FPSNum: 30, FPSDen: 1}
		if f != nil {
			f(&s)
		}
		return s
	}
	for _, tc := range []struct {
		in   string
		want Source
	}{
		{"screen://", scr(nil)},
		{"screen:", scr(nil)},
		{"screen://?display=:99", scr(func(s *Source) { s.Display = ":99" })},
		{"screen://?display=:99.1&screen=1&cursor=1&fps=15", scr(func(s *Source) { s.Display, s.ScreenNum, s.Cursor, s.FPSNum = ":99.1", 1, true, 15 })},
		{"screen://?x=10&y=20&width=320&height=240", scr(func(s *Source) { s.X, s.Y, s.Width, s.Height = 10, 20, 320, 240 })},
		{"screen://1?capture=D3D11", scr(func(s *Source) { s.Device, s.Capture = "1", "d3d11" })},
		{"screen://00", scr(func(s *Source) { s.Device = "0" })},
		{"screen://?display=localhost:10.0&capture=x11", scr(func(s *Source) { s.Display, s.Capture = "localhost:10.0", "x11" })},
		{"screen://?display=127.0.0.1:0", scr(func(s *Source) { s.Display = "127.0.0.1:0" })},
	} {
		got, err := ParseSource(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		tc.want.URI = tc.in
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%q: Validate: %v", tc.in, err)
		}
	}
}

func TestParseScreenSourcesBad(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"screen://:99", "the X display goes in ?display=:99"},
		{"screen://?display=99", `display: "99" is not an X display name`},
		{"screen://?display=:x", "not an X display name"},
		{"screen://?width=320", "needs both width and height"},
		{"screen://?x=5", "give its width and height too"},
		{"screen://?width=321&height=240", "odd"},
		{"screen://?capture=wayland", `"wayland" is not a capture API`},
		{"screen://?cursor=maybe", "not a boolean"},
		{"screen://?screen=64", "out of range"},
		{"screen://64", "out of range"},
		{"screen://0/x", "path"},
		{"screen://?format=BGR", `query parameter "format": unknown`},
	} {
		_, err := ParseSource(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
	if err := (Source{Kind: SourceTest, Pattern: "ball", Display: ":0"}).Validate(); err == nil {
		t.Error("a display on a test source passed Validate")
	}
}
