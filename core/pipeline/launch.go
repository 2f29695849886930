package pipeline

import "strings"

// LaunchLine renders the graph as a shell command line that runs the same pipeline:
// gst-launch-1.0 -e elem prop=value ! caps ! … . Values are quoted twice over, first for
// gst-launch's own parser and then for a POSIX shell, so paths with spaces or quotes and URLs
// with ? and & survive the paste. Secret values are replaced by ***.
func (g Graph) LaunchLine() string {
	var b strings.Builder
	b.WriteString("gst-launch-1.0 -e")
	for i, e := range g.Elements {
		if i > 0 {
			b.WriteString(" !")
		}
		if e.Factory == "capsfilter" && e.Caps != "" {
			b.WriteString(" " + shellQuote(e.Caps))
			continue
		}
		b.WriteString(" " + e.Factory)
		for _, pr := range e.Props {
			v := pr.Value
			if pr.Secret {
				v = "***"
			}
			b.WriteString(" " + shellQuote(pr.Name+"="+gstQuote(v)))
		}
	}
	return b.String()
}

// gstQuote quotes a property value for gst-launch's parser when it is not a plain word.
func gstQuote(v string) string {
	if v != "" && plain(v, "_-.:/+") {
		return v
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(v) + `"`
}

// shellQuote quotes a word for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	if s != "" && plain(s, "_-.:/+,=@%") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func plain(s, extra string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}
