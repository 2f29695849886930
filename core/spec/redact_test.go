package spec

import "testing"

func TestRedactURI(t *testing.T) {
	for in, want := range map[string]string{
		"rtsp://admin:hunter22@cam:554/live":    "rtsp://admin:***@cam:554/live",
		"rtsp://admin:p@ss@cam/live":            "rtsp://admin:***@cam/live",
		"rtsp://admin:a%2Fb@cam/live?x=1":       "rtsp://admin:***@cam/live?x=1",
		"rtsp://admin:@cam/live":                "rtsp://admin:***@cam/live",
		"rtsp://:secret@cam/live":               "rtsp://:***@cam/live",
		"rtsps://u:p:q@cam":                     "rtsps://u:***@cam",
		"rtsp://admin@cam/live":                 "rtsp://admin@cam/live",
		"rtsp://cam/live":                       "rtsp://cam/live",
		"rtsp://cam/live@main":                  "rtsp://cam/live@main",
		"rtp://@:5600":                          "rtp://@:5600",
		"test://ball":                           "test://ball",
		"":                                      "",
		"not a uri":                             "not a uri",
		"rtsp://user:pa/ss@cam/live":            "rtsp://***@cam/live",
		"rtsp://user:pa?ss@cam/live":            "rtsp://***@cam/live",
		"rtsp://user:pa#ss@cam/live":            "rtsp://***@cam/live",
		"rtsp:user:secret@cam":                  "rtsp:***@cam",
		"rtsp:user@cam":                         "rtsp:user@cam",
		"mailto:someone@example.com":            "mailto:someone@example.com",
		"weird://u:p@h/x?next=http://a:b@c/":    "weird://u:***@h/x?next=http://a:b@c/",
		"http://user:pass@host:8080/path?q=1#f": "http://user:***@host:8080/path?q=1#f",
	} {
		if got := RedactURI(in); got != want {
			t.Errorf("RedactURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSourceRedacted(t *testing.T) {
	src, err := ParseSource("rtsp://admin:hunter22@cam/live?transport=tcp")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := src.Redacted(), "rtsp://admin:***@cam/live?transport=tcp"; got != want {
		t.Errorf("Redacted() = %q, want %q", got, want)
	}
	if src.URL != "rtsp://cam/live" || src.User != "admin" || src.Password != "hunter22" || src.Transport != "tcp" {
		t.Errorf("parsed %+v", src)
	}
	src, _ = ParseSource("test://ball")
	if src.Redacted() != "test://ball" {
		t.Errorf("Redacted() changed a URI without credentials: %q", src.Redacted())
	}
}
