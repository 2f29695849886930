package engine

import (
	"strings"
	"testing"

	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// The rule of docs/PLUGINS.md: the highest priority among the supported plugins that take the
// kind; the first found among equals; plugin://NAME goes to NAME.
func TestPickByPriority(t *testing.T) {
	plug := func(name string, prio int, supported bool, kinds ...string) Plugin {
		return &fakePlugin{info: &pluginapi.Info{Name: name, Priority: prio, Supported: supported, SourceKinds: kinds}}
	}
	e := New(nil, []Plugin{
		plug("jetson-nvargus", 20, false, "test", "v4l2", "argus"), // not on this board
		plug("linux-v4l2", 10, true, "test", "v4l2", "file"),
		plug("rpi-v4l2m2m", 20, true, "test", "v4l2", "libcamera"),
		plug("another-generic", 10, true, "file"),
		plug("example-folder", 0, true, "plugin"),
	}, Options{})
	for kind, want := range map[spec.SourceKind]string{"v4l2": "rpi-v4l2m2m", "test": "rpi-v4l2m2m", "file": "linux-v4l2", "libcamera": "rpi-v4l2m2m"} {
		p, err := e.pick(spec.Source{Kind: kind})
		if err != nil || p.Info().Name != want {
			t.Errorf("%s: %v, %v; want %s", kind, p, err, want)
		}
	}
	if _, err := e.pick(spec.Source{Kind: spec.SourceArgus}); err == nil || !strings.Contains(err.Error(), "jetson-nvargus: ") {
		t.Errorf("argus: %v", err)
	}
	if p, err := e.pick(spec.Source{Kind: spec.SourcePlugin, Plugin: "example-folder"}); err != nil || p.Info().Name != "example-folder" {
		t.Errorf("plugin://example-folder: %v", err)
	}
	for name, want := range map[string]string{"nope": "no plugin named", "linux-v4l2": "takes no plugin:// sources", "jetson-nvargus": "does not work here"} {
		if _, err := e.pick(spec.Source{Kind: spec.SourcePlugin, Plugin: name}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("plugin://%s: %v", name, err)
		}
	}
	got := map[string]string{}
	for _, c := range e.Choices() {
		got[c.Kind] = c.Plugin + " " + strings.Join(c.Also, ",")
	}
	if got["v4l2"] != "rpi-v4l2m2m linux-v4l2" || got["file"] != "linux-v4l2 another-generic" || got["libcamera"] != "rpi-v4l2m2m " {
		t.Errorf("choices %v", got)
	}
}
