package service

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/config"
)

// The config install writes is valid and serves nothing; its examples, uncommented, are a
// valid config too (so the file teaches nothing wrong).
func TestDefaultConfig(t *testing.T) {
	_, entries, err := config.Check([]byte(DefaultConfigText), t.TempDir())
	if err != nil || len(entries) != 0 {
		t.Fatalf("default config: %v, %d entries", err, len(entries))
	}
	example := regexp.MustCompile(`^#([^ #]|  )`)
	var b strings.Builder
	n := 0
	for _, l := range strings.Split(DefaultConfigText, "\n") {
		if example.MatchString(l) {
			l = l[1:]
			n++
		}
		b.WriteString(l + "\n")
	}
	_, entries, err = config.Check([]byte(b.String()), t.TempDir())
	if err != nil {
		t.Fatalf("the examples, uncommented: %v\n%s", err, b.String())
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	if strings.Join(names, " ") != "test cam uplink" || n < 20 {
		t.Errorf("examples give %q (%d lines)", names, n)
	}
}
