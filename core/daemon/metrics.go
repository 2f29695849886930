package daemon

import (
	"net/http"

	"github.com/gstcast/gstcast/core/metrics"
)

func (d *Daemon) metricsHandler() http.Handler {
	return metrics.Handler(metrics.Source{Engine: func() metrics.Snapshot {
		return metrics.Snapshot{Work: d.ss.Engine.List(), Plugins: d.ss.Engine.Plugins()}
	}})
}
