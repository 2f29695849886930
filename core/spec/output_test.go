package spec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseOutputGood(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Output
	}{
		{"rtp://192.168.1.20:5600", Output{Host: "192.168.1.20", Port: 5600}},
		{"RTP://192.168.1.20:5600/", Output{Host: "192.168.1.20", Port: 5600}},
		{" rtp://127.0.0.1:1\n", Output{Host: "127.0.0.1", Port: 1}},
		{"rtp://239.1.2.3:5004?ttl=4", Output{Host: "239.1.2.3", Port: 5004, TTL: 4}},
		{"rtp://[::1]:5600", Output{Host: "::1", Port: 5600}},
		{"rtp://[ff02::1%25eth0]:5600?ttl=1", Output{Host: "ff02::1%eth0", Port: 5600, TTL: 1}},
		{"rtp://receiver.lan:65535", Output{Host: "receiver.lan", Port: 65535}},
		{"rtp://localhost:5600?pt=97", Output{Host: "localhost", Port: 5600, PayloadType: 97}},
		{"rtp://my_receiver:5600?pt=0&ttl=255", Output{Host: "my_receiver", Port: 5600, PayloadType: 0, TTL: 255}},
		{"rtp://Receiver.LAN.:5600?PT=127", Output{Host: "Receiver.LAN.", Port: 5600, PayloadType: 127}},
	} {
		got, err := ParseOutput(tc.in)
		if err != nil {
			t.Errorf("ParseOutput(%q): %v", tc.in, err)
			continue
		}
		tc.want.Kind = OutputRTP
		tc.want.URI = strings.TrimSpace(tc.in)
		if !strings.Contains(strings.ToLower(tc.in), "pt=") {
			tc.want.PayloadType = DefaultPayloadType
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseOutput(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseOutput(%q) gave an output that fails Validate: %v", tc.in, err)
		}
	}
}

func TestParseOutputBad(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{"empty"}},
		{"192.168.1.20:5600", []string{"scheme", "missing", "rtp://"}},
		{"tcp://192.168.1.20:5600", []string{"scheme", `"tcp"`, "rtp"}},
		{"rtsp://user:hunter22@host/", []string{"path", "required"}},
		{"rtsp://user:hunter22@host/x?latency=5", []string{"latency"}},
		{"rtsp://user:hunter22@host/x?transport=sctp", []string{"transport"}},
		{"rtp:host:5600", []string{"host", "required"}},
		{"rtp://", []string{"host", "required"}},
		{"rtp://:5600", []string{"host", "required"}},
		{"rtp://@:5600", []string{"user info"}},
		{"rtp://user:hunter22@host:5600", []string{"user info"}},
		{"rtp://0.0.0.0:5600", []string{"host", `"0.0.0.0"`, "unspecified"}},
		{"rtp://[::]:5600", []string{"host", `"::"`, "unspecified"}},
		{"rtp://host", []string{"port", "required"}},
		{"rtp://host:", []string{"port", "empty"}},
		{"rtp://host:0", []string{"port", "0", "1..65535"}},
		{"rtp://host:70000", []string{"port", "70000"}},
		{"rtp://host:http", []string{"port", `"http"`}},
		{"rtp://ho st:5600", []string{"host", `"ho st"`}},
		{"rtp://host!:5600", []string{"host", `"host!"`, `"!"`}},
		{"rtp://a..b:5600", []string{"host", `"a..b"`}},
		{"rtp://-a.b:5600", []string{"host", `"-a.b"`}},
		{"rtp://" + strings.Repeat("a", 64) + ".lan:5600", []string{"host"}},
		{"rtp://1.2.3.256:5600", []string{"host", `"1.2.3.256"`, "IPv4"}},
		{"rtp://fe80::1:5600", []string{"host", "brackets"}},
		{"rtp://[fe80::1:5600", []string{"host", "']'"}},
		{"rtp://[10.0.0.1]:5600", []string{"host", "IPv6"}},
		{"rtp://host:5600/path", []string{"path", `"/path"`}},
		{"rtp://host:5600#x", []string{"fragment"}},
		{"rtp://host:5600?ttl=0", []string{"ttl", "0", "1..255"}},
		{"rtp://host:5600?ttl=256", []string{"ttl", "256"}},
		{"rtp://host:5600?ttl=many", []string{"ttl", `"many"`}},
		{"rtp://host:5600?pt=128", []string{"pt", "128", "0..127"}},
		{"rtp://host:5600?pt=", []string{"pt", "needs a value"}},
		{"rtp://host:5600?pt=96&pt=97", []string{"pt", "more than once"}},
		{"rtp://host:5600?tll=4", []string{`query parameter "tll"`, "pt, ttl"}},
		{"rtp://host:5600?latency=50", []string{`query parameter "latency"`}},
	} {
		_, err := ParseOutput(tc.in)
		if err == nil {
			t.Errorf("ParseOutput(%q) = nil error, want one mentioning %q", tc.in, tc.want)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.What != "output" {
			t.Errorf("ParseOutput(%q): error %#v is not an output *Error", tc.in, err)
		}
		msg := err.Error()
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("ParseOutput(%q): %q does not mention %q", tc.in, msg, w)
			}
		}
		if strings.Contains(msg, "hunter22") {
			t.Errorf("ParseOutput(%q): %q leaks the password", tc.in, msg)
		}
	}
}

func TestParseOutputUnknownScheme(t *testing.T) {
	for _, in := range []string{"tcp://h:1", "rtsps://h/x", "rist://h:9000", "test://ball"} {
		if _, err := ParseOutput(in); !errors.Is(err, ErrUnknownScheme) {
			t.Errorf("ParseOutput(%q) = %v, want ErrUnknownScheme", in, err)
		}
	}
	if _, err := ParseOutput("rtp://h:0"); errors.Is(err, ErrUnknownScheme) {
		t.Errorf("a bad rtp output is not an unknown scheme: %v", err)
	}
}

func TestOutputValidateHandBuilt(t *testing.T) {
	for _, tc := range []struct {
		out  Output
		want string
	}{
		{Output{Kind: OutputRTP, Host: "10.0.0.2", Port: 5600}, ""},
		{Output{Kind: OutputRTP, Host: "fe80::1", Port: 5600, TTL: 0, PayloadType: 96}, ""},
		{Output{}, "kind"},
		{Output{Kind: "rist", Host: "h", Port: 1}, `"rist"`},
		{Output{Kind: OutputRTP, Port: 5600}, "host"},
		{Output{Kind: OutputRTP, Host: "h", Port: 0}, "port"},
		{Output{Kind: OutputRTP, Host: "h:1", Port: 1}, "host"},
		{Output{Kind: OutputRTP, Host: "h", Port: 1, TTL: 300}, "ttl"},
		{Output{Kind: OutputRTP, Host: "h", Port: 1, PayloadType: -1}, "payload type"},
	} {
		err := tc.out.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", tc.out, err)
		case tc.want != "" && err == nil:
			t.Errorf("%+v: no error, want one mentioning %q", tc.out, tc.want)
		case err != nil && !strings.Contains(err.Error(), tc.want):
			t.Errorf("%+v: %q does not mention %q", tc.out, err, tc.want)
		}
	}
}

func TestParsePublishOutput(t *testing.T) {
	got, err := ParseOutput("rtsp://bob:s%40cret@cam.example:8554/live/cam1?transport=tcp")
	if err != nil {
		t.Fatal(err)
	}
	want := Output{Kind: OutputPublish, URI: "rtsp://bob:s%40cret@cam.example:8554/live/cam1?transport=tcp",
		URL: "rtsp://cam.example:8554/live/cam1", User: "bob", Password: "s@cret", Transport: "tcp"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	if r := RedactURI(got.URI); strings.Contains(r, "s%40cret") {
		t.Fatalf("redacted %q", r)
	}
}

func TestServeOutputValidate(t *testing.T) {
	ok := Output{Kind: OutputServe, Mount: "site/cam-1", Readers: []string{"alice"},
		Server: RTSPServer{Address: "127.0.0.1", Port: 8554, Users: []User{{"alice", "pw"}}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mut  func(o *Output)
		want string
	}{
		{func(o *Output) { o.Mount = "" }, "mount"},
		{func(o *Output) { o.Mount = "a/../b" }, "mount"},
		{func(o *Output) { o.Mount = "a b" }, "mount"},
		{func(o *Output) { o.Readers = []string{"mallory"} }, "mallory"},
		{func(o *Output) { o.Server.Address = "example.com" }, "rtsp address"},
		{func(o *Output) { o.Server.Port = 70000 }, "rtsp port"},
		{func(o *Output) { o.Server.TLSCert = "x" }, "tls"},
		{func(o *Output) { o.Server.Auth = []string{"ntlm"} }, "auth"},
		{func(o *Output) { o.Server.Users = append(o.Server.Users, User{"alice", "x"}) }, "twice"},
		{func(o *Output) { o.Server.Users = []User{{"a:b", "x"}}; o.Readers = nil }, "user name"},
		{func(o *Output) { o.Server.MulticastRange = "10.0.0.1-10.0.0.2" }, "multicast"},
		{func(o *Output) { o.Host = "h" }, "host"},
	} {
		o := ok
		o.Server.Users = append([]User(nil), ok.Server.Users...)
		tc.mut(&o)
		err := o.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", o, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("error leaks a password: %v", err)
		}
	}
	if got := ok.ServeURL("127.0.0.1", 8554); got != "rtsp://127.0.0.1:8554/site/cam-1" {
		t.Errorf("ServeURL = %q", got)
	}
}

func TestPublishSourceNeedsServe(t *testing.T) {
	s := StreamSpec{Source: Source{Kind: SourcePublish}, Output: Output{Kind: OutputRTP, Host: "h", Port: 5000}}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "serve") {
		t.Fatalf("got %v", err)
	}
	s.Output = Output{Kind: OutputServe, Mount: "in", Publishers: []string{"*"}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.Source = Source{Kind: SourceTest}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "publishers") {
		t.Fatalf("got %v", err)
	}
}

func TestViewSpecValidate(t *testing.T) {
	ok := ViewSpec{Source: Source{Kind: SourceRTP, Port: 5000, Codec: "h264", LatencyMS: 50, PayloadType: 96}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, v := range []ViewSpec{
		{},
		{Source: Source{Kind: SourceTest}},
		{Source: ok.Source, Decoder: "bad name!"},
		{Source: ok.Source, Hardware: "gpu"},
	} {
		if err := v.Validate(); err == nil {
			t.Errorf("%+v: no error", v)
		}
	}
}
