package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/workflows"
)

func TestLivez(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.ready = errors.New("no active master") // liveness ignores readiness
	rec := hs.do(req{method: "GET", target: "/livez"})
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Errorf("livez = %d %q", rec.Code, rec.Body)
	}
}

func TestReadyz(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "GET", target: "/readyz"})
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Errorf("ready: %d %q", rec.Code, rec.Body)
	}
	for _, reason := range []error{
		errors.New("no active master"),
		workflows.Errorf(workflows.CodeUnavailable, "state still loading"),
	} {
		hs.fake.ready = reason
		rec = hs.do(req{method: "GET", target: "/readyz"})
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("not ready (%v): status %d, want 503", reason, rec.Code)
		}
		assertJSON(t, rec, apiv1.ErrorBody{Error: apiv1.Error{Code: "unavailable",
			Message: "not ready: " + reason.Error()}})
	}
}

// TestMetricsEndpoint: /metrics serves the given registry, with the project's collectors and
// the HTTP metrics labelled by route pattern.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	reg := metrics.New()
	reg.SetQueueDepth(4)
	hs := newHarness(t, Options{Metrics: reg})
	hs.do(req{method: "GET", target: "/api/v1/workflows/daily"})
	hs.do(req{method: "GET", target: "/no/such/path"})
	rec := hs.do(req{method: "GET", target: "/metrics"})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`actorflow_queue_depth 4`,
		`actorflow_instances{status="running"} 0`,
		`actorflow_tasks_finished_total{status="failed"} 0`,
		`actorflow_dispatch_latency_seconds_bucket{le="0.0005"} 0`,
		`actorflow_coordinator_fires_total{kind="cron"} 0`,
		`actorflow_xmlconfig_files{status="error"} 0`,
		`actorflow_http_requests_total{code="200",route="GET /api/v1/workflows/{name}"} 1`,
		`actorflow_http_requests_total{code="404",route="unmatched"} 1`,
		`actorflow_http_request_duration_seconds_count{code="200",route="GET /api/v1/workflows/{name}"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// The embedded UI is always mounted (unless Options.UI replaces it): GET / gives scripts the
// text index and sends browsers to /ui/; a UI asset that does not exist is a 404.
func TestRootIndexWithEmbeddedUI(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "GET", target: "/"})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "/api/v1/front") ||
		!strings.Contains(rec.Body.String(), "/ui/") {
		t.Errorf("index = %d %q", rec.Code, rec.Body)
	}
	if rec := hs.do(req{method: "GET", target: "/", accept: "text/html,*/*"}); rec.Code != http.StatusFound ||
		rec.Header().Get("Location") != "/ui/" {
		t.Errorf("a browser at / = %d to %q, want 302 to /ui/", rec.Code, rec.Header().Get("Location"))
	}
	if rec := hs.do(req{method: "GET", target: "/ui/app.js"}); rec.Code != http.StatusNotFound {
		t.Errorf("an unhashed (unknown) UI asset = %d, want 404", rec.Code)
	}
}

func TestUIMounted(t *testing.T) {
	t.Parallel()
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ui:" + r.URL.Path))
	})
	hs := newHarness(t, Options{UI: ui})
	for _, path := range []string{"/", "/instances/i-1", "/assets/app.js"} {
		if rec := hs.do(req{method: "GET", target: path}); rec.Body.String() != "ui:"+path {
			t.Errorf("GET %s = %d %q, want the UI", path, rec.Code, rec.Body)
		}
	}
	rec := hs.do(req{method: "GET", target: "/api/v1/typo"})
	if rec.Code != http.StatusNotFound || decodeError(t, rec.Body.Bytes()).Code != "not_found" {
		t.Errorf("API typo = %d %s, want the JSON 404", rec.Code, rec.Body)
	}
	if rec := hs.do(req{method: "GET", target: "/api/v1/workflows"}); rec.Code != http.StatusOK {
		t.Errorf("API under a UI = %d", rec.Code)
	}
}

// TestRequestLogLevels: reads log at debug (dashboards poll), changes at info.
func TestRequestLogLevels(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.do(req{method: "GET", target: "/api/v1/front"})
	hs.do(req{method: "POST", target: "/api/v1/instances/i-1/kill"})
	lines := strings.Split(strings.TrimSpace(hs.logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log lines:\n%s", hs.logs)
	}
	if !strings.Contains(lines[0], "level=DEBUG") || !strings.Contains(lines[0], `route="GET /api/v1/front"`) {
		t.Errorf("read logged as %s", lines[0])
	}
	if !strings.Contains(lines[1], "level=INFO") || !strings.Contains(lines[1], "status=204") {
		t.Errorf("change logged as %s", lines[1])
	}
}
