package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric of the project.
const namespace = "actorflow"

// other is the label value for anything outside a metric's closed set.
const other = "other"

// Registry is the process's Prometheus registry with actorflow's collectors registered.
type Registry struct {
	reg *prometheus.Registry

	instances     *prometheus.GaugeVec
	tasksFinished *prometheus.CounterVec
	dispatch      prometheus.Histogram
	queueDepth    prometheus.Gauge
	fires         *prometheus.CounterVec
	xmlFiles      *prometheus.GaugeVec
	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
}

// New builds a Registry with the project's collectors and the Go and process collectors.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.registerDomain()
	r.registerHTTP()
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return r
}

// Prometheus exposes the underlying registry so a component can add its own collectors (raft,
// memberlist) under the same /metrics.
func (r *Registry) Prometheus() *prometheus.Registry { return r.reg }

// Handler serves the text exposition of every registered collector.
func (r *Registry) Handler() http.Handler {
	// Registry makes promhttp count its own failures in this registry; errors are reported
	// in the response rather than aborting it, so one broken collector does not hide the rest.
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{
		Registry:      r.reg,
		ErrorHandling: promhttp.ContinueOnError,
	})
}
