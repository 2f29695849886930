package spec

import (
	"net/url"
	"strings"
)

// parseFileSource reads file:///abs/path/video.mp4?loop=1 (also file:/abs/path and
// file://localhost/abs/path, as RFC 8089 allows). The path is percent-decoded.
func parseFileSource(u uri) (Source, error) {
	src := Source{Kind: SourceFile}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	if u.hostport != "" && !strings.EqualFold(u.hostport, "localhost") {
		// file://video.mp4 is usually a relative path in disguise; say so.
		return src, bad("host", "%s given, but file URIs are local: write file:///abs/path (file path must be absolute)", quote(u.hostport))
	}
	p, err := url.PathUnescape(u.path)
	if err != nil {
		return src, bad("path", "%s has a bad percent-escape", quote(u.path))
	}
	if err := checkFilePath(p); err != nil {
		return src, err
	}
	src.Path = p
	ps, err := parseQuery(u.query)
	if err != nil {
		return src, err
	}
	loop, err := ps.take("loop")
	if err != nil {
		return src, err
	}
	if loop != nil {
		if src.Loop, err = parseBool(loop); err != nil {
			return src, err
		}
	}
	return src, ps.checkAllUsed("loop")
}

// checkFilePath wants an absolute path to a file. Relative paths are refused because the working
// directory of the host process is nobody's business in a URI. Spaces are fine; control
// characters (NUL above all) are not, as the path ends up in a C string.
func checkFilePath(p string) error {
	switch {
	case p == "":
		return bad("path", "required, e.g. file:///home/me/video.mp4")
	case !strings.HasPrefix(p, "/"):
		return bad("path", "%s: file path must be absolute", quote(p))
	case hasControl(p):
		return bad("path", "%s contains a control character", quote(p))
	case strings.HasSuffix(p, "/"):
		return bad("path", "%s names a directory, not a file", quote(p))
	}
	return nil
}
