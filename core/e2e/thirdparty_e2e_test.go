package e2e_test

// A third-party plugin in its own Go module (plugins/example-folder, built by installer/build.sh
// from its folder), installed where users install plugins, ~/.config/gstcast/plugins, and used by
// the host like any other: listed, its devices listed, its plugin://NAME/… sources streamed.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gstcast/gstcast/core/internal/testbin"
)

func TestThirdPartyPluginFromTheUserFolder(t *testing.T) {
	testbin.Need(t, "gst-launch-1.0")
	config, videos := t.TempDir(), t.TempDir()
	plugins := filepath.Join(config, "gstcast", "plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(testbin.Plugin(t, "example-folder"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plugins, "gstcast-plugin-example-folder"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	makeClip(t, filepath.Join(videos, "my clip.mp4"), "x264enc ! h264parse ! mp4mux", 90)
	// A gstcast alone in its folder, no GSTCAST_PLUGIN_PATH: the user's folder is all there is.
	env := []string{"GSTCAST_PLUGIN_PATH=", "XDG_CONFIG_HOME=" + config, "XDG_CACHE_HOME=" + t.TempDir(),
		"XDG_RUNTIME_DIR=" + testbin.ShortTempDir(t), "GSTCAST_EXAMPLE_FOLDER=" + videos}
	gstcast := copyAlone(t)
	out, code := testbin.Run(t, 60*time.Second, env, gstcast, "plugins")
	if code != 0 || !strings.Contains(out, "example-folder") || !strings.Contains(out, "sources: plugin") {
		t.Fatalf("plugins (%d):\n%s", code, out)
	}
	out, code = testbin.Run(t, 60*time.Second, env, gstcast, "--standalone", "devices")
	if code != 0 || !strings.Contains(out, "source: plugin://example-folder/my%20clip.mp4") {
		t.Fatalf("devices (%d):\n%s", code, out)
	}
	port := testbin.FreeUDPPort(t)
	p := testbin.Start(t, env, gstcast, "--standalone", "stream", "plugin://example-folder/my%20clip.mp4", "--to", fmt.Sprintf("rtp://127.0.0.1:%d", port))
	p.WaitOutput(t, "press Ctrl-C to stop", 60*time.Second)
	if !strings.Contains(p.Output(), "plugin:   example-folder") || !strings.Contains(p.Output(), "'location="+filepath.Join(videos, "my clip.mp4")+"'") {
		t.Errorf("stream output:\n%s", p.Output())
	}
	receive(t, port, 20, 40*time.Second)

	// A name that is not the plugin's, and a file that is not in the folder.
	for src, want := range map[string]string{
		"plugin://nope/x.mp4":               `no plugin named "nope"`,
		"plugin://example-folder/other.mp4": `no video file "other.mp4"`,
	} {
		out, code = testbin.Run(t, 60*time.Second, env, gstcast, "--standalone", "pipeline", src)
		if code == 0 || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, want %q:\n%s", src, code, want, out)
		}
	}
}
