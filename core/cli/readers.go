package cli

import "github.com/gstcast/gstcast/core/pluginapi"

// readersOf is how many RTSP readers a served stream has now, as its plugin last reported.
func readersOf(s *pluginapi.Stats) int {
	if s == nil {
		return 0
	}
	return s.Readers
}
