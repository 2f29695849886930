package pluginkit

import (
	"strings"

	"github.com/gstcast/gstcast/core/pipeline"
)

// graphCodec is the codec a served stream hands its mount: what its output caps say.
func graphCodec(g pipeline.Graph) string {
	if e, ok := g.Find("outcaps"); ok && strings.HasPrefix(e.Caps, "video/x-h265") {
		return "h265"
	}
	return "h264"
}

// mountCodec is a codec as rtspserver.MountConfig spells it ("" is H.264).
func mountCodec(codec string) string {
	if codec == "h265" {
		return "h265"
	}
	return ""
}

func codecName(codec string) string {
	if codec == "h265" {
		return "H.265"
	}
	return "H.264"
}
