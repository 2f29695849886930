// Command gstcast-plugin-example-folder is a worked example of a third-party gstcast plugin,
// written against the plugin contract (core/pluginapi) only, in a Go module of its own: it serves
// the video files of one folder as sources, plugin://example-folder/FILE, sent as H.264 RTP
// (rtp://HOST:PORT) or published to an RTSP server (rtsp://HOST/PATH), each by a gst-launch-1.0
// process of its own. It shows the whole contract: Info, Devices (the files, followed as they
// come and go), Probe, StartStream, Watch, Stop, Pipeline, and StartView refused as unsupported.
//
// Install it as ~/.config/gstcast/plugins/gstcast-plugin-example-folder (%AppData%\gstcast\plugins
// on Windows); GSTCAST_EXAMPLE_FOLDER names the folder (default ~/Videos). See docs/PLUGINS.md.
package main

import (
	"os"
	"path/filepath"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// FolderEnv names the folder whose files the plugin serves.
const FolderEnv = "GSTCAST_EXAMPLE_FOLDER"

func main() {
	folder := os.Getenv(FolderEnv)
	if folder == "" {
		home, _ := os.UserHomeDir()
		folder = filepath.Join(home, "Videos")
	}
	p := New(folder, pluginapi.NewLogger("example-folder"))
	pluginapi.Serve(p)
	p.StopAll() // the host closed the plugin or is gone: nothing may keep streaming
}
