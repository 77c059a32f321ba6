package httpapi

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

func TestDataMonitorRoute(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{Token: "secret"})

	// A read: no token needed; filters and page reach the backend as given.
	rec := hs.do(req{method: "GET", target: "/api/v1/data-monitor?workflow=daily&category=sales&name=orders&limit=5&offset=10"})
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	var got apiv1.List[apiv1.MonitorResult]
	if err := jsonStrict(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("body %s: %v", rec.Body, err)
	}
	if got.Total != 7 || len(got.Items) != 1 || got.Items[0].Value == nil || *got.Items[0].Value != 42.5 {
		t.Fatalf("body = %+v", got)
	}
	// Unknown values are null on the wire, not absent and not 0.
	var raw struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil || string(raw.Items[0]["min"]) != "null" ||
		string(raw.Items[0]["ok"]) != "null" {
		t.Fatalf("min/ok on the wire: %s (%v)", rec.Body, err)
	}
	want := []call{{"DataMonitorResults", []any{MonitorQuery{Workflow: "daily", Category: "sales", Name: "orders",
		Limit: 5, Offset: 10}}}}
	if seen := hs.fake.seen(); !reflect.DeepEqual(seen, want) {
		t.Fatalf("calls = %+v, want %+v", seen, want)
	}

	// Defaults, and pages outside the bounds are rejected, not clamped.
	hs.do(req{method: "GET", target: "/api/v1/data-monitor"})
	if seen := hs.fake.seen(); !reflect.DeepEqual(seen[1], call{"DataMonitorResults", []any{MonitorQuery{Limit: 50}}}) {
		t.Fatalf("default call = %+v", seen[1])
	}
	for _, target := range []string{"/api/v1/data-monitor?limit=0", "/api/v1/data-monitor?limit=1001",
		"/api/v1/data-monitor?offset=-1"} {
		if rec := hs.do(req{method: "GET", target: target}); rec.Code != 400 {
			t.Errorf("%s: status %d, want 400: %s", target, rec.Code, rec.Body)
		}
	}
	if n := len(hs.fake.seen()); n != 2 {
		t.Fatalf("a rejected page reached the backend: %d calls", n)
	}

	// Backend errors keep their code.
	hs.fake.errs["DataMonitorResults"] = workflows.Errorf(workflows.CodeUnsupported, "no store here")
	if rec := hs.do(req{method: "GET", target: "/api/v1/data-monitor"}); rec.Code != 501 {
		t.Fatalf("unsupported backend: status %d: %s", rec.Code, rec.Body)
	}
	if rec := hs.do(req{method: "POST", target: "/api/v1/data-monitor", token: "secret"}); rec.Code != 405 {
		t.Fatalf("POST: status %d, want 405", rec.Code)
	}
}
