package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gstcast/gstcast/core/engine"
)

// Per-mount metrics come from the RTSP server inside the plugin; they appear once the plugin
// reports them in its stats (readers, publishers, sessions, RTCP receiver reports).

func describeMounts(ch chan<- *prometheus.Desc) {}

func collectMount(ch chan<- prometheus.Metric, st engine.Status) {}
