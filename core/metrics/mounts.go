package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// Per-mount metrics come from the RTSP server inside the plugin, through the stream's stats:
// readers and publishers connected now, sessions set up and refused, frames the mount's hub
// dropped, and each reader's last RTCP receiver report. Reader series are labelled with the
// session id; they exist while the reader does, and the plugin reports the worst
// pluginapi.MaxReaderReports readers of a mount at most, so their number stays bounded.

var (
	mountLabels  = []string{"name"}
	readerLabels = []string{"name", "session"}

	descReaders    = prometheus.NewDesc("gstcast_mount_readers", "RTSP readers (PLAY sessions) of the stream's mount now.", mountLabels, nil)
	descPublishers = prometheus.NewDesc("gstcast_mount_publishers", "RTSP publishers (RECORD sessions) of the stream's mount now.", mountLabels, nil)
	descOpened     = prometheus.NewDesc("gstcast_mount_sessions_opened_total", "RTSP sessions set up on the mount since it was made.", mountLabels, nil)
	descFailed     = prometheus.NewDesc("gstcast_mount_sessions_failed_total", "RTSP set-ups (DESCRIBE, SETUP, PLAY, ANNOUNCE, RECORD) the mount refused since it was made, not counting the 401 challenge before each authenticated one.", mountLabels, nil)
	descHubDropped = prometheus.NewDesc("gstcast_mount_hub_dropped_frames_total", "Frames the mount's hub took from the source and did not pass on (no reader playing yet, or readers waiting for a keyframe).", mountLabels, nil)
	descReaderLoss = prometheus.NewDesc("gstcast_reader_loss_ratio", "Fraction of packets a reader lost, from its last RTCP receiver report (0 to 1).", readerLabels, nil)
	descReaderLost = prometheus.NewDesc("gstcast_reader_packets_lost", "Packets a reader lost in all, from its last RTCP receiver report (negative when it got duplicates).", readerLabels, nil)
	descReaderJitt = prometheus.NewDesc("gstcast_reader_jitter_seconds", "Interarrival jitter a reader measured, from its last RTCP receiver report.", readerLabels, nil)
	mountDescs     = []*prometheus.Desc{descReaders, descPublishers, descOpened, descFailed, descHubDropped, descReaderLoss, descReaderLost, descReaderJitt}
)

func describeMounts(ch chan<- *prometheus.Desc) {
	for _, d := range mountDescs {
		ch <- d
	}
}

func collectMount(ch chan<- prometheus.Metric, st engine.Status) {
	if st.Stream == nil || st.Stream.Output.Kind != spec.OutputServe || st.Stats == nil {
		return
	}
	s := st.Stats
	ch <- prometheus.MustNewConstMetric(descReaders, prometheus.GaugeValue, float64(s.Readers), st.Name)
	ch <- prometheus.MustNewConstMetric(descPublishers, prometheus.GaugeValue, float64(s.Publishers), st.Name)
	ch <- prometheus.MustNewConstMetric(descOpened, prometheus.CounterValue, float64(s.SessionsOpened), st.Name)
	ch <- prometheus.MustNewConstMetric(descFailed, prometheus.CounterValue, float64(s.SessionsFailed), st.Name)
	ch <- prometheus.MustNewConstMetric(descHubDropped, prometheus.CounterValue, float64(s.HubDropped), st.Name)
	seen := map[string]bool{}
	for _, r := range s.ReaderReports {
		if seen[r.ID] { // one series per session, whatever a plugin sends
			continue
		}
		seen[r.ID] = true
		ch <- prometheus.MustNewConstMetric(descReaderLoss, prometheus.GaugeValue, r.FractionLost, st.Name, r.ID)
		ch <- prometheus.MustNewConstMetric(descReaderLost, prometheus.GaugeValue, float64(r.PacketsLost), st.Name, r.ID)
		ch <- prometheus.MustNewConstMetric(descReaderJitt, prometheus.GaugeValue, r.JitterMS/1000, st.Name, r.ID)
	}
}
