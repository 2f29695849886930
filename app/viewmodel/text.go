package viewmodel

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gstcast/gstcast/core/spec"
)

// maxMessage bounds a message in the window; the full text goes to the log.
const maxMessage = 160

// redactText masks the credentials of every URL in s: error messages from a source often quote
// the location they failed to open, user:password included.
func redactText(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	words := strings.Fields(s)
	for i, w := range words {
		if !strings.Contains(w, "://") {
			continue
		}
		core := strings.Trim(w, `"'()<>[],;`)
		words[i] = strings.Replace(w, core, spec.RedactURI(core), 1)
	}
	return strings.Join(words, " ")
}

// message prepares an engine message for display: masked, single line, bounded.
func message(s string) string {
	s = strings.Join(strings.Fields(redactText(s)), " ")
	if utf8.RuneCountInString(s) <= maxMessage {
		return s
	}
	r := []rune(s)
	return string(r[:maxMessage-1]) + "…"
}

func formatBitrate(bps int64) string {
	switch {
	case bps >= 1_000_000:
		return fmt.Sprintf("%.1f Mbit/s", float64(bps)/1e6)
	case bps >= 1000:
		return fmt.Sprintf("%d kbit/s", (bps+500)/1000)
	}
	return fmt.Sprintf("%d bit/s", bps)
}

func formatDecoder(name string, hardware bool) string {
	if hardware {
		return name + " (hardware)"
	}
	return name + " (software)"
}

// wholeSeconds rounds a countdown up, so that "in 1 s" lasts until the retry starts.
func wholeSeconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
