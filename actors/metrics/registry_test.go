package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	dto "github.com/prometheus/client_model/go"
)

// value returns the value of the series of family name whose labels include want.
func value(t *testing.T, r *Registry, name string, want map[string]string) float64 {
	t.Helper()
	fams, err := r.Prometheus().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if hasLabels(m, want) {
				switch {
				case m.Gauge != nil:
					return m.Gauge.GetValue()
				case m.Counter != nil:
					return m.Counter.GetValue()
				case m.Histogram != nil:
					return float64(m.Histogram.GetSampleCount())
				}
			}
		}
		t.Fatalf("%s has no series with %v", name, want)
	}
	t.Fatalf("no metric family %s", name)
	return 0
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	got := map[string]string{}
	for _, l := range m.GetLabel() {
		got[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestDomainMetrics(t *testing.T) {
	t.Parallel()
	r := New()
	r.SetInstances(workflows.InstanceRunning, 3)
	r.TaskFinished(workflows.AttemptFailed)
	r.TaskFinished(workflows.AttemptFailed)
	r.ObserveDispatch(2 * time.Millisecond)
	r.SetQueueDepth(7)
	r.CoordinatorFired(FireCron)
	r.CoordinatorFired(FireKind("typo"))
	r.SetXMLConfigFiles("error", 2)

	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"actorflow_instances", map[string]string{"status": "running"}, 3},
		{"actorflow_instances", map[string]string{"status": "failed"}, 0}, // pre-created
		{"actorflow_tasks_finished_total", map[string]string{"status": "failed"}, 2},
		{"actorflow_tasks_finished_total", map[string]string{"status": "lost"}, 0},
		{"actorflow_dispatch_latency_seconds", nil, 1},
		{"actorflow_queue_depth", nil, 7},
		{"actorflow_coordinator_fires_total", map[string]string{"kind": "cron"}, 1},
		{"actorflow_coordinator_fires_total", map[string]string{"kind": "backfill"}, 0},
		{"actorflow_coordinator_fires_total", map[string]string{"kind": "other"}, 1},
		{"actorflow_xmlconfig_files", map[string]string{"status": "error"}, 2},
	}
	for _, c := range checks {
		if got := value(t, r, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

func TestDispatchBuckets(t *testing.T) {
	t.Parallel()
	if DispatchBuckets[0] != 0.0005 || DispatchBuckets[len(DispatchBuckets)-1] != 5 {
		t.Errorf("buckets %v do not span 0.5 ms to 5 s", DispatchBuckets)
	}
}

func TestObserveHTTP(t *testing.T) {
	t.Parallel()
	r := New()
	r.ObserveHTTP("GET /api/v1/workflows", 200, time.Millisecond)
	r.ObserveHTTP("", 404, time.Millisecond)
	if got := value(t, r, "actorflow_http_requests_total",
		map[string]string{"route": "GET /api/v1/workflows", "code": "200"}); got != 1 {
		t.Errorf("requests = %v", got)
	}
	if got := value(t, r, "actorflow_http_request_duration_seconds",
		map[string]string{"route": UnmatchedRoute, "code": "404"}); got != 1 {
		t.Errorf("unmatched observations = %v", got)
	}
}

// TestNilRegistry: components built without metrics call the methods unconditionally.
func TestNilRegistry(t *testing.T) {
	t.Parallel()
	var r *Registry
	r.SetInstances(workflows.InstancePrep, 1)
	r.TaskFinished(workflows.AttemptSucceeded)
	r.ObserveDispatch(time.Second)
	r.SetQueueDepth(1)
	r.CoordinatorFired(FireManual)
	r.SetXMLConfigFiles("loaded", 1)
	r.ObserveHTTP("x", 200, time.Second)
}

func TestHandlerExposition(t *testing.T) {
	t.Parallel()
	r := New()
	srv := httptest.NewServer(r.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, name := range []string{"actorflow_instances{", "actorflow_queue_depth ",
		"actorflow_dispatch_latency_seconds_bucket{le=\"0.0005\"}", "go_goroutines", "process_"} {
		if !strings.Contains(string(body), name) {
			t.Errorf("exposition lacks %q", name)
		}
	}
}
