package gstreamer

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-gst/go-gst/gst"
	"github.com/go-gst/go-gst/gst/pbutils"

	"github.com/gstcast/gstcast/core/pluginapi"
)

// FileVideoCodec inspects a media file and returns its first video stream's codec: "h264" for
// H.264 (which is sent without re-encoding), otherwise the caps' media type. Missing files and
// files with no video are errors that say so.
func FileVideoCodec(path string) (string, error) {
	Init()
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s: %w", path, pluginapi.ErrFileNotFound)
	}
	d, err := pbutils.NewDiscoverer(gst.ClockTime(10 * time.Second))
	if err != nil {
		return "", fmt.Errorf("discoverer: %w", err)
	}
	info, err := d.DiscoverURI((&url.URL{Scheme: "file", Path: path}).String())
	if err != nil {
		return "", fmt.Errorf("%s is not a media file gstcast can read: %v: %w", path, err, pluginapi.ErrInvalidSpec)
	}
	videos := info.GetVideoStreams()
	if len(videos) == 0 {
		return "", fmt.Errorf("%s has no video stream: %w", path, pluginapi.ErrInvalidSpec)
	}
	caps := videos[0].GetCaps()
	if caps == nil || caps.GetSize() == 0 {
		return "", fmt.Errorf("%s: video stream without caps: %w", path, pluginapi.ErrInvalidSpec)
	}
	name := caps.GetStructureAt(0).Name()
	if name == "video/x-h264" {
		return "h264", nil
	}
	return strings.TrimPrefix(name, "video/"), nil
}
