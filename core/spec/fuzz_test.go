package spec

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// sourceSeeds are valid and invalid sources: every scheme, the edges of every range, and the
// credential shapes that once confused the redaction.
var sourceSeeds = []string{
	"srt://127.0.0.1:9000", "srt://:9000?mode=listener&latency=200&passphrase=0123456789abc", "srt://h:9000?passphrase=short",
	"srt://h:9000?mode=rendezvous", "srt://cam.lan:9000?codec=h265", "srt:h:9000?passphrase=0123456789abc", "srt://:9000", "SRT://h:1?PASSPHRASE=0123456789abc#x",
	"rtp://@:5000?mux=ts", "rtp://@:5000?mux=TS&pt=34&codec=h264", "rtp://@:5000?mux=ps", "udp://@:1234", "udp://239.1.2.3:1234?codec=h264",
	"udp://@:1234?pt=33", "udp://:0", "udp://host:1", "udp://u:pw@:1234",
	"", "test://", "test:", "test:ball", "test://ball?width=640&height=480&fps=30000/1001&stamp=1&format=nv12",
	"test://?framerate=60/2", "test://?widht=5", "test://?fps=0/0", "test://?width=99999999999999999999",
	"v4l2:///dev/video0?width=1920&height=1080&fps=30&format=mjpeg", "v4l2:///dev/vid eo0", "v4l2://dev/video0",
	"v4l2:///dev/../etc/passwd", "file:///home/me/my%20video.mp4?loop=1", "file:video.mp4", "file://localhost/a.mp4",
	"file:/a:b@c.mp4", "rtp://@:5600", "rtp://0.0.0.0:5600?pt=127&codec=h264&latency=0", "rtp://[ff02::1%25eth0]:5600",
	"rtp://10.0.0.1@239.1.2.3:5600", "rtp://::1:5600", "rtp://[::1", "rtsp://admin:hunter22@cam:8554/live?transport=tcp&latency=200",
	"rtsps://u:p%40ss%3A@[fe80::1%25eth0]:322/x?channel=1&latency=0&subtype=2", "rtsp://user:pa/ss@host/x",
	"rtsp://user:pa?ss@host", "rtsp://user:pa#ss@host", "rtsp://u::***@h/x", "rtsp://abcd:abcd@abcd/abcd",
	"rtsp:user:secret@cam", "rtsp://user:12/ss@host", "rtsp://us%zzer:pw@h", "rtsp://u:pw%00@h", "rtsp://h/a@b?c=@",
	"RTSP://H/X?TRANSPORT=UDP", "http://u:hunter22@x/", "/dev/video0", "/home/a.mp4", " test://snow \n",
	// Found by fuzzing: an opaque URI whose "password" ran into the fragment, which was quoted.
	"rtsps:#00:000000000@0000000000000000000000000000000000000000000000000000",
	"test:x:pass@ball", "test:http://a:bcde@c",
	"v4l2:///dev/video0?ctrl.exposure_time_absolute=100&ctrl.exposure_auto=1", "v4l2:///dev/video0?ctrl.Bad=1",
	"v4l2:///dev/video0?ctrl.gain=1,x=2", "argus://0?mode=2&width=1920&height=1080&fps=30&ctrl.gainrange=1%2016",
	"argus://", "argus://256", "argus:///1?ctrl.wbmode=daylight", "argus://0/x", "libcamera:///base/soc/i2c0mux/i2c@1/imx708@1a?width=1280",
	"libcamera://", "libcamera://a%zz", "mf://0", "mf://%5C%5C%3F%5Cusb%23vid_046d&pid_082d%23x%23%7Bguid%7D%5Cglobal?format=mjpeg",
	"mf://", "plugin://example-folder/clip.mp4?loop=1", "plugin://Bad/x", "plugin://u:pw@x/y",
}

// passwordCandidates are the strings an error about s must not repeat: what RedactURI masks
// (raw and percent-decoded), when long enough that a chance match elsewhere is unlikely.
func passwordCandidates(s string) []string {
	start, end, ok := secretSpan(s)
	if !ok {
		return nil
	}
	raw := s[start:end]
	var out []string
	for _, c := range []string{raw, unescapeOr(raw)} {
		if len(c) > 3 {
			out = append(out, c)
		}
	}
	return out
}

func unescapeOr(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// checkErrorHidesPassword: the part and reason of an error never repeat the password, unless
// the password also shows in the redacted URI (say a host named like it), where it is no secret.
func checkErrorHidesPassword(t *testing.T, in string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %T is not *Error: %v", in, err, err)
	}
	trimmed := strings.TrimSpace(in)
	if e.URI != RedactURI(trimmed) {
		t.Fatalf("%q: Error.URI = %q, want the redacted URI %q", in, e.URI, RedactURI(trimmed))
	}
	// The reason may hold fixed example text ("expected e.g. … file:///path …"), which can
	// contain a short "password" by chance: only what the reason takes from the input counts.
	said := e.Part + e.Reason
	if i := strings.Index(said, "(expected e.g. "); i >= 0 {
		said = said[:i]
	}
	for _, pw := range passwordCandidates(trimmed) {
		if strings.Contains(said, pw) && !strings.Contains(e.URI, pw) {
			t.Fatalf("%q: error %q repeats the password %q", in, err, pw)
		}
	}
}

// checkRedacted: Redacted() is the URI with exactly the password's raw spelling replaced by
// "***", so it never holds the password except where the password also appears outside the
// user info, or is made of the mask's own characters (':', '*', '@') and so looks like it.
func checkRedacted(t *testing.T, src Source) {
	t.Helper()
	r := src.Redacted()
	if r == src.URI {
		// Nothing was masked: right only when there is no password (a literal ":***@" in the
		// path, as in "rtsp://A/:***@", is text, not a mask) or the password is the mask itself.
		if src.Password != "" && src.Password != mask {
			t.Fatalf("%q: Redacted() left the URI as it is but the password is %q", src.URI, src.Password)
		}
		return
	}
	i := strings.Index(r, ":"+mask+"@")
	if i < 0 {
		if src.Password != "" {
			t.Fatalf("%q: Redacted() = %q has no mask but the password is %q", src.URI, r, src.Password)
		}
		return
	}
	suffix := r[i+len(":"+mask+"@"):]
	if !strings.HasPrefix(src.URI, r[:i+1]) || !strings.HasSuffix(src.URI, "@"+suffix) || len(r[:i+1])+len(suffix)+1 > len(src.URI) {
		t.Fatalf("%q: Redacted() = %q changed more than the password", src.URI, r)
	}
	raw := src.URI[i+1 : len(src.URI)-len(suffix)-1]
	if unescapeOr(raw) != src.Password {
		t.Fatalf("%q: Redacted() = %q masked %q, but the password is %q", src.URI, r, raw, src.Password)
	}
	p := src.Password
	outside := src.URI[:i+1] + "\x00" + src.URI[len(src.URI)-len(suffix)-1:]
	if len(p) > 3 && !strings.ContainsAny(p, ":*@") && strings.Contains(r, p) && !strings.Contains(outside, p) {
		t.Fatalf("%q: Redacted() = %q holds the password", src.URI, r)
	}
}

func FuzzParseSource(f *testing.F) {
	for _, s := range sourceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		src, err := ParseSource(in)
		if err != nil {
			if !reflect.DeepEqual(src, Source{}) {
				t.Fatalf("%q: error %v with a non-zero Source %+v", in, err, src)
			}
			if !strings.HasPrefix(err.Error(), "bad source") {
				t.Fatalf("%q: message %q", in, err)
			}
			checkErrorHidesPassword(t, in, err)
			return
		}
		if err := src.Validate(); err != nil {
			t.Fatalf("%q parsed to %+v, which fails Validate: %v", in, src, err)
		}
		if src.Kind == "" || src.URI != strings.TrimSpace(in) {
			t.Fatalf("%q: Kind %q, URI %q", in, src.Kind, src.URI)
		}
		for _, d := range []int{src.Width, src.Height} {
			if d != 0 && (d < minDimension || d > maxDimension) {
				t.Fatalf("%q: size %dx%d", in, src.Width, src.Height)
			}
		}
		if src.Kind == SourceRTP && (src.Port < 1 || src.Port > maxPort) {
			t.Fatalf("%q: port %d", in, src.Port)
		}
		if again, err := ParseSource(src.URI); err != nil || !reflect.DeepEqual(again, src) {
			t.Fatalf("%q: parsing the URI again gave %+v, %v", in, again, err)
		}
		if src.Kind == SourceSRT && src.Passphrase != "" && strings.Contains(src.Redacted(), src.Passphrase) {
			t.Fatalf("%q: Redacted() = %q holds the passphrase", in, src.Redacted())
		}
		if src.Kind == SourceRTSP {
			checkRedacted(t, src)
			// URL is itself a valid rtsp source URI: no credentials, none of our options.
			plain, err := ParseSource(src.URL)
			if err != nil || plain.URL != src.URL || plain.User != "" || plain.Password != "" || plain.Transport != "" {
				t.Fatalf("%q: URL %q parses to %+v, %v", in, src.URL, plain, err)
			}
		}
	})
}

var outputSeeds = []string{
	"srt://127.0.0.1:9000?passphrase=0123456789abc", "srt://:9000?mode=listener", "srt://h:9000?codec=h264", "srt://h:9000?passphrase=%zz",
	"srt://[::1]:9000?mode=listener&latency=20", "srt://h:9000?passphrase=0123456789abc&passphrase=x",
	"rtp://127.0.0.1:5000?mux=ts", "rtp://h:5000?mux=ts&pt=96", "rtp://h:5000?mux=mp4", "udp://127.0.0.1:1234", "udp://239.1.1.1:1234?ttl=1",
	"udp://h:1234?pt=33", "udp://h", "udp://:1234", "udp://u:secret99@h:1234",
	"", "rtp://192.168.1.20:5600", "rtp://239.1.2.3:5004?ttl=4&pt=97", "rtp://[::1]:5600", "rtp://[ff02::1%25eth0]:5600?ttl=1",
	"rtp://receiver.lan:65535", "rtp://my_receiver.:1", "rtp://host", "rtp://host:0", "rtp://0.0.0.0:5600",
	"rtp://fe80::1:5600", "rtp://user:hunter22@host:5600", "rtp://user:pa/ss@host:5600", "rtp://1.2.3.256:5600",
	"rtp://host:5600?tll=4", "rtp://host:5600/x", "udp://h:1", "rtsp://u:hunter22@h/x", "rtp:h:1",
}

func FuzzParseOutput(f *testing.F) {
	for _, s := range outputSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := ParseOutput(in)
		if err != nil {
			if !reflect.DeepEqual(out, Output{}) {
				t.Fatalf("%q: error %v with a non-zero Output %+v", in, err, out)
			}
			if !strings.HasPrefix(err.Error(), "bad output") {
				t.Fatalf("%q: message %q", in, err)
			}
			checkErrorHidesPassword(t, in, err)
			return
		}
		if err := out.Validate(); err != nil {
			t.Fatalf("%q parsed to %+v, which fails Validate: %v", in, out, err)
		}
		switch out.Kind {
		case OutputSRT:
			if out.Passphrase != "" && strings.Contains(RedactURI(out.URI), out.Passphrase) {
				t.Fatalf("%q: RedactURI = %q holds the passphrase", in, RedactURI(out.URI))
			}
		case OutputRTP, OutputUDP:
			if out.Host == "" || out.Port < 1 || out.Port > maxPort ||
				out.TTL < 0 || out.TTL > maxTTL || out.PayloadType < 0 || out.PayloadType > maxPT {
				t.Fatalf("%q: %+v", in, out)
			}
			if RedactURI(out.URI) != out.URI {
				t.Fatalf("%q: an rtp output has no credentials, yet RedactURI changes it to %q", in, RedactURI(out.URI))
			}
		case OutputPublish:
			if out.URL == "" || strings.Contains(out.URL, "@") && out.User != "" {
				t.Fatalf("%q: publish output %+v keeps credentials in URL", in, out)
			}
		default:
			t.Fatalf("%q: kind %q", in, out.Kind)
		}
		if again, err := ParseOutput(out.URI); err != nil || !reflect.DeepEqual(again, out) {
			t.Fatalf("%q: parsing the URI again gave %+v, %v", in, again, err)
		}
	})
}
