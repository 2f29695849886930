package spec

import "strings"

// SourcePlugin is a source that a third-party plugin defines: plugin://NAME/ANYTHING?ANY=THING.
// The host reads only NAME (the plugin that takes it, as its Info names it) and hands the whole
// URI to that plugin, which parses the rest itself. A plugin that takes such sources lists
// "plugin" in its Info's source kinds.
const SourcePlugin SourceKind = "plugin"

// parsePluginSource reads plugin://NAME[/PATH][?QUERY]; the path and query are the plugin's.
func parsePluginSource(u uri) (Source, error) {
	src := Source{Kind: SourcePlugin}
	if err := noUserinfo(u); err != nil {
		return src, err
	}
	src.Plugin = u.hostport
	if err := checkPluginName(src.Plugin); err != nil {
		return src, err
	}
	if hasControlOrSpace(u.path + u.query) {
		return src, bad("path", "contains a space or control character (percent-encode spaces as %%20)")
	}
	return src, nil
}

// checkPluginName wants what plugin binaries are named after: gstcast-plugin-NAME.
func checkPluginName(n string) error {
	if n == "" {
		return bad("plugin", "required: plugin://NAME/... names the plugin that takes the source (see gstcast plugins)")
	}
	if len(n) > 64 {
		return bad("plugin", "longer than 64 characters")
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return bad("plugin", "%s: plugin names are lower case letters, digits, '-' and '_'", quote(n))
		}
	}
	return nil
}

func (s Source) checkPlugin() error {
	if err := checkPluginName(s.Plugin); err != nil {
		return err
	}
	if s.URI == "" || !strings.HasPrefix(strings.ToLower(s.URI), "plugin://") {
		return bad("uri", "a plugin source keeps its plugin://%s/... URI; the plugin reads it", s.Plugin)
	}
	return nil
}
