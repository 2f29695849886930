package stamp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every sender line in core/pipeline's goldens parses back into a graph that renders the same
// line; lines in another form are refused rather than run differently.
func TestParseLaunchGoldens(t *testing.T) {
	paths, err := filepath.Glob("../../../core/pipeline/testdata/sender-*.golden")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSpace(string(b))
		words, err := SplitShell(line)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		g, err := ParseLaunch(words)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if g.LaunchLine() != line {
			t.Errorf("%s: renders as\n%s", filepath.Base(p), g.LaunchLine())
		}
	}
	for _, bad := range []string{
		"gst-launch-1.0 -e videotestsrc ! fakesink name=out silent", // a word that is not name=value
		"gst-launch-1.0 -e videotestsrc !",
		"gst-launch-1.0 -e",
		"gst-play-1.0 file.mp4",
		`gst-launch-1.0 -e videotestsrc 'pattern="ball"' ! fakesink`, // quoted for gst-launch although plain: not gstcast's form
		"gst-launch-1.0 -e 'video/x-raw,format=I420' sync=false",
	} {
		words, _ := SplitShell(bad)
		if _, err := ParseLaunch(words); err == nil {
			t.Errorf("%s: parsed", bad)
		}
	}
}

func TestGstUnquote(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:                  `plain`,
		`"with space"`:           `with space`,
		`"a \"quoted\" \\ word"`: `a "quoted" \ word`,
		`"`:                      `"`,
		`"rtsp://h/p?x=1&y=2"`:   `rtsp://h/p?x=1&y=2`,
	} {
		if got := gstUnquote(in); got != want {
			t.Errorf("gstUnquote(%s) = %s, want %s", in, got, want)
		}
	}
}
