package stamp

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gstcast/gstcast/core/pipeline"
)

// ParseLaunch reads a gst-launch-1.0 command line as `gstcast pipeline` prints it (split into
// words as a shell would, see SplitShell) back into the graph it was rendered from: elements
// with their properties, and bare caps as capsfilters, linked in a chain. It reads only that
// form (one chain, no names, no bins, no links to named pads), and it checks its work: the
// graph must render back, with pipeline.Graph.LaunchLine, to exactly the same words, so what is
// run is the very line that was printed. Element names are left empty.
//
// It exists so that a benchmark can run the printed line in its own process through the same
// element-by-element builder as everything else, rather than through gst_parse_launch: no text
// is ever parsed by GStreamer.
func ParseLaunch(words []string) (pipeline.Graph, error) {
	if len(words) == 0 || words[0] != "gst-launch-1.0" {
		return pipeline.Graph{}, errors.New("not a gst-launch-1.0 line")
	}
	rest := words[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		rest = rest[1:] // gst-launch-1.0's own options, such as -e
	}
	var g pipeline.Graph
	for len(rest) > 0 {
		end := slices.Index(rest, "!")
		if end < 0 {
			end = len(rest)
		}
		seg := rest[:end]
		if len(seg) == 0 {
			return pipeline.Graph{}, errors.New("empty element in launch line")
		}
		if isCaps(seg[0]) {
			if len(seg) > 1 {
				return pipeline.Graph{}, fmt.Errorf("caps %q followed by %q", seg[0], seg[1])
			}
			g.Elements = append(g.Elements, pipeline.Element{Factory: "capsfilter", Caps: seg[0]})
		} else {
			e := pipeline.Element{Factory: seg[0]}
			for _, w := range seg[1:] {
				name, value, ok := strings.Cut(w, "=")
				if !ok || name == "" {
					return pipeline.Graph{}, fmt.Errorf("%s: %q is not name=value", seg[0], w)
				}
				e.Props = append(e.Props, pipeline.Prop{Name: name, Value: gstUnquote(value)})
			}
			g.Elements = append(g.Elements, e)
		}
		if end == len(rest) {
			break
		}
		rest = rest[end+1:]
		if len(rest) == 0 {
			return pipeline.Graph{}, errors.New("launch line ends with !")
		}
	}
	if len(g.Elements) == 0 {
		return pipeline.Graph{}, errors.New("launch line has no elements")
	}
	back, err := SplitShell(g.LaunchLine())
	if err != nil || !slices.Equal(back, words) {
		return pipeline.Graph{}, fmt.Errorf("launch line is not in the form gstcast prints (it renders back as %q)", g.LaunchLine())
	}
	return g, nil
}

// isCaps tells bare caps ("video/x-raw,format=I420") from an element: a media type, a word
// with a slash, before the first comma. Element factory names never hold one.
func isCaps(w string) bool {
	media, _, _ := strings.Cut(w, ",")
	return strings.Contains(media, "/") && !strings.Contains(media, "=")
}

// gstUnquote undoes pipeline's quoting of a property value for gst-launch's parser: a value in
// double quotes, with \\ and \" inside.
func gstUnquote(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	var b strings.Builder
	in := v[1 : len(v)-1]
	for i := 0; i < len(in); i++ {
		if in[i] == '\\' && i+1 < len(in) && (in[i+1] == '\\' || in[i+1] == '"') {
			i++
		}
		b.WriteByte(in[i])
	}
	return b.String()
}

// SplitShell splits a command line into words as a POSIX shell does: single quotes, double
// quotes and backslashes (no expansions).
func SplitShell(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
	)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated ' in launch line")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			in = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New(`unterminated " in launch line`)
			}
			in = true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			in = true
		default:
			cur.WriteByte(ch)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
