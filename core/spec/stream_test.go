package spec

import (
	"errors"
	"strings"
	"testing"
)

func TestStreamSpecValidate(t *testing.T) {
	src := func(s string) Source {
		v, err := ParseSource(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	out := func(s string) Output {
		v, err := ParseOutput(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	good := StreamSpec{Name: "cam1", Source: src("test://ball"), Output: out("rtp://10.0.0.2:5600")}
	for _, tc := range []struct {
		name string
		edit func(*StreamSpec)
		want []string // nil = valid
	}{
		{"good", func(*StreamSpec) {}, nil},
		{"unnamed", func(s *StreamSpec) { s.Name = "" }, nil},
		{"rtp relay", func(s *StreamSpec) { s.Source = src("rtp://@:5600"); s.Output = out("rtp://10.0.0.2:5600") }, nil},
		{"rtp other port", func(s *StreamSpec) { s.Source = src("rtp://@:5600"); s.Output = out("rtp://127.0.0.1:5602") }, nil},
		{"no source", func(s *StreamSpec) { s.Source = Source{} }, []string{`bad stream "cam1"`, "source", "not set"}},
		{"no output", func(s *StreamSpec) { s.Output = Output{} }, []string{`bad stream "cam1"`, "output", "not set"}},
		{"no output unnamed", func(s *StreamSpec) { s.Name = ""; s.Output = Output{} }, []string{"bad stream: output: not set"}},
		{"bad source", func(s *StreamSpec) { s.Source.Width = 5 }, []string{"bad source", "width"}},
		{"bad output", func(s *StreamSpec) { s.Output.Port = 0 }, []string{"bad output", "port"}},
		{"bad encoding", func(s *StreamSpec) { s.Encoding.BitrateKbps = 1 }, []string{"bad encoding", "bitrate"}},
		{"control in name", func(s *StreamSpec) { s.Name = "a\nb" }, []string{"name", "control"}},
		{"long name", func(s *StreamSpec) { s.Name = strings.Repeat("x", 65) }, []string{"name", "longer"}},
		{"loop localhost", func(s *StreamSpec) { s.Source = src("rtp://@:5600"); s.Output = out("rtp://localhost:5600") },
			[]string{"output", "5600", "feed itself"}},
		{"loop loopback", func(s *StreamSpec) { s.Source = src("rtp://@:5600"); s.Output = out("rtp://127.0.0.1:5600") },
			[]string{"output", "feed itself"}},
		{"loop ipv6", func(s *StreamSpec) { s.Source = src("rtp://[::1]:5600"); s.Output = out("rtp://[::1]:5600") },
			[]string{"output", "feed itself"}},
		{"loop group", func(s *StreamSpec) { s.Source = src("rtp://239.1.2.3:5600"); s.Output = out("rtp://239.1.2.3:5600") },
			[]string{"output", "feed itself"}},
	} {
		s := good
		tc.edit(&s)
		err := s.Validate()
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %T is not *Error", tc.name, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not mention %q", tc.name, err, w)
			}
		}
	}
}
