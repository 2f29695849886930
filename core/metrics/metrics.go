// Package metrics exposes the daemon's engine as Prometheus metrics at /metrics: per stream
// frames, bytes, bitrate, keyframes, state and source reconnects; per plugin up and restarts;
// with the encoder or decoder in use as labels. Values are read from the engine when Prometheus
// scrapes (a collector, not counters kept on the side), so they cannot drift from what
// `gstcast ls` and the API say.
package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gstcast/gstcast/core/buildinfo"
	"github.com/gstcast/gstcast/core/engine"
)

// Snapshot is what one scrape reads.
type Snapshot struct {
	Work    []engine.Status
	Plugins []engine.PluginStatus
}

// Source gives the collector its snapshot.
type Source struct {
	Engine func() Snapshot
}

var states = []engine.State{engine.StateStarting, engine.StatePlaying, engine.StateRetrying,
	engine.StateFailed, engine.StateEnded, engine.StateStopped}

var (
	labels = []string{"name", "kind", "plugin", "element", "hardware"}

	descInfo      = prometheus.NewDesc("gstcast_build_info", "The gstcast daemon's build.", []string{"version"}, nil)
	descState     = prometheus.NewDesc("gstcast_stream_state", "1 for the state each stream or view is in now.", []string{"name", "kind", "state"}, nil)
	descFrames    = prometheus.NewDesc("gstcast_stream_frames_total", "Frames the pipeline produced (streams) or decoded (views) since it last started.", labels, nil)
	descBytes     = prometheus.NewDesc("gstcast_stream_bytes_total", "Encoded bytes sent (streams) or received (views) since the pipeline last started.", labels, nil)
	descKeyframes = prometheus.NewDesc("gstcast_stream_keyframes_total", "Keyframes since the pipeline last started.", labels, nil)
	descBitrate   = prometheus.NewDesc("gstcast_stream_bytes_per_second", "Encoded data rate over the last second (bitrate / 8; Prometheus counts bytes).", labels, nil)
	descFPS       = prometheus.NewDesc("gstcast_stream_frames_per_second", "Frame rate over the last second.", labels, nil)
	descRestarts  = prometheus.NewDesc("gstcast_stream_restarts_total", "Times the stream was started again after its source or plugin failed (source reconnects).", []string{"name", "kind"}, nil)
	descRetry     = prometheus.NewDesc("gstcast_stream_retry_attempt", "The retry the engine is waiting to make (0 while running).", []string{"name", "kind"}, nil)
	descPluginUp  = prometheus.NewDesc("gstcast_plugin_up", "1 when the plugin process runs and answers.", []string{"plugin"}, nil)
	descPluginRs  = prometheus.NewDesc("gstcast_plugin_restarts_total", "Times the plugin process was restarted after it died.", []string{"plugin"}, nil)
	descUsable    = prometheus.NewDesc("gstcast_plugin_supported", "1 when the plugin works on this machine.", []string{"plugin"}, nil)
)

type collector struct{ src Source }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descInfo, descState, descFrames, descBytes, descKeyframes, descBitrate, descFPS, descRestarts, descRetry, descPluginUp, descPluginRs, descUsable} {
		ch <- d
	}
	describeMounts(ch)
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(descInfo, prometheus.GaugeValue, 1, buildinfo.Version)
	snap := c.src.Engine()
	for _, st := range snap.Work {
		kind := string(st.Kind)
		for _, s := range states {
			v := 0.0
			if st.State == s {
				v = 1
			}
			ch <- prometheus.MustNewConstMetric(descState, prometheus.GaugeValue, v, st.Name, kind, string(s))
		}
		ch <- prometheus.MustNewConstMetric(descRestarts, prometheus.CounterValue, float64(st.Restarts), st.Name, kind)
		ch <- prometheus.MustNewConstMetric(descRetry, prometheus.GaugeValue, float64(st.Attempt), st.Name, kind)
		if st.Stats == nil {
			continue
		}
		element, hw := st.Encoder, st.HardwareEncoder()
		if st.Kind == engine.KindView {
			element, hw = st.Decoder, st.Hardware
		}
		if element == "" {
			element = "none" // relayed without re-encoding
		}
		lv := []string{st.Name, kind, st.Plugin, element, strconv.FormatBool(hw)}
		s := st.Stats
		ch <- prometheus.MustNewConstMetric(descFrames, prometheus.CounterValue, float64(s.Frames), lv...)
		ch <- prometheus.MustNewConstMetric(descBytes, prometheus.CounterValue, float64(s.Bytes), lv...)
		ch <- prometheus.MustNewConstMetric(descKeyframes, prometheus.CounterValue, float64(s.Keyframes), lv...)
		ch <- prometheus.MustNewConstMetric(descBitrate, prometheus.GaugeValue, s.BitrateBps/8, lv...)
		ch <- prometheus.MustNewConstMetric(descFPS, prometheus.GaugeValue, s.FPS, lv...)
		collectMount(ch, st)
	}
	for _, p := range snap.Plugins {
		up, usable := 0.0, 0.0
		if p.Up {
			up = 1
		}
		if p.Info != nil && p.Info.Supported {
			usable = 1
		}
		ch <- prometheus.MustNewConstMetric(descPluginUp, prometheus.GaugeValue, up, p.Name)
		ch <- prometheus.MustNewConstMetric(descPluginRs, prometheus.CounterValue, float64(p.Restarts), p.Name)
		ch <- prometheus.MustNewConstMetric(descUsable, prometheus.GaugeValue, usable, p.Name)
	}
}

// Handler serves the metrics in Prometheus's text format.
func Handler(src Source) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{src})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
