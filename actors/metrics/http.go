package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// HTTPBuckets span a cached read (1 ms) to a slow ask of the master (10 s).
var HTTPBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// UnmatchedRoute is the route label of requests that matched no pattern (404, 405), so a
// scanner probing random paths cannot create series.
const UnmatchedRoute = "unmatched"

func (r *Registry) registerHTTP() {
	labels := []string{"route", "code"}
	r.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace,
		Name: "http_requests_total", Help: "HTTP requests by route pattern and status code."}, labels)
	r.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace,
		Name: "http_request_duration_seconds", Buckets: HTTPBuckets,
		Help: "HTTP request latency by route pattern and status code."}, labels)
	r.reg.MustRegister(r.httpRequests, r.httpDuration)
}

// ObserveHTTP records one served request. route is the ServeMux pattern that matched (for
// example "GET /api/v1/workflows/{name}"), never the raw path; empty means UnmatchedRoute.
func (r *Registry) ObserveHTTP(route string, code int, d time.Duration) {
	if r == nil {
		return
	}
	if route == "" {
		route = UnmatchedRoute
	}
	c := strconv.Itoa(code)
	r.httpRequests.WithLabelValues(route, c).Inc()
	r.httpDuration.WithLabelValues(route, c).Observe(d.Seconds())
}
