package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestRESTRoutes checks, for every /api/v1 route, the status, the Content-Type, the Location,
// the body and the backend call it makes.
func TestRESTRoutes(t *testing.T) {
	t.Parallel()
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	cases := []struct {
		name     string
		req      req
		status   int
		location string
		want     any // the decoded body; nil: no body
		call     call
	}{
		{"list workflows", req{method: "GET", target: "/api/v1/workflows?dir=etl&q=day&limit=5&offset=10"},
			200, "", apiv1.List[apiv1.Workflow]{Items: []apiv1.Workflow{{Name: "daily", Origin: "file"}}, Total: 1},
			call{"ListWorkflows", []any{WorkflowQuery{Dir: "etl", Q: "day", Limit: 5, Offset: 10}}}},
		{"list workflows defaults", req{method: "GET", target: "/api/v1/workflows"},
			200, "", apiv1.List[apiv1.Workflow]{Items: []apiv1.Workflow{{Name: "daily", Origin: "file"}}, Total: 1},
			call{"ListWorkflows", []any{WorkflowQuery{Limit: 50}}}},
		{"get workflow, escaped name", req{method: "GET", target: "/api/v1/workflows/a%2Fb%20c"},
			200, "", apiv1.WorkflowDetail{Workflow: apiv1.Workflow{Name: "a/b c", Origin: "file"}, XML: "<work-flow/>"},
			call{"GetWorkflow", []any{"a/b c"}}},
		{"delete workflow", req{method: "DELETE", target: "/api/v1/workflows/daily"},
			204, "", nil, call{"DeleteWorkflow", []any{"daily"}}},
		{"add workflow raw xml", req{method: "POST", target: "/api/v1/workflows?path=%2Fsrv%2Fx.xml",
			body: "<work-flow/>", contentType: "application/xml"},
			201, "/api/v1/workflows/daily", apiv1.PutWorkflowResponse{Name: "daily", Created: true},
			call{"PutWorkflow", []any{"<work-flow/>", "/srv/x.xml"}}},
		{"add workflow form field", req{method: "POST", target: "/api/v1/workflows",
			body: "xml=%3Cwork-flow%2F%3E", contentType: "application/x-www-form-urlencoded"},
			201, "/api/v1/workflows/daily", apiv1.PutWorkflowResponse{Name: "daily", Created: true},
			call{"PutWorkflow", []any{"<work-flow/>", ""}}},
		{"check workflow", req{method: "POST", target: "/api/v1/workflows/check", body: "<work-flow/>"},
			200, "", apiv1.PutWorkflowResponse{Name: "daily", Created: true},
			call{"CheckWorkflow", []any{"<work-flow/>"}}},
		{"trigger", req{method: "POST", target: "/api/v1/workflows/daily/trigger",
			body: `{"params":{"d":"1"},"ignore_nodes":["a"]}`, contentType: "application/json"},
			201, "/api/v1/instances/i-1", apiv1.Created{ID: "i-1"},
			call{"TriggerWorkflow", []any{"daily", apiv1.TriggerRequest{Params: map[string]string{"d": "1"}, IgnoreNodes: []string{"a"}}}}},
		{"trigger, empty body means defaults", req{method: "POST", target: "/api/v1/workflows/daily/trigger"},
			201, "/api/v1/instances/i-1", apiv1.Created{ID: "i-1"},
			call{"TriggerWorkflow", []any{"daily", apiv1.TriggerRequest{}}}},
		{"run", req{method: "POST", target: "/api/v1/workflows/daily/run", body: `{"params":{"k":"v"}}`},
			201, "/api/v1/instances/i-2", apiv1.Created{ID: "i-2"},
			call{"RunWorkflow", []any{"daily", map[string]string{"k": "v"}}}},
		{"run, empty body", req{method: "POST", target: "/api/v1/workflows/daily/run"},
			201, "/api/v1/instances/i-2", apiv1.Created{ID: "i-2"},
			call{"RunWorkflow", []any{"daily", map[string]string(nil)}}},
		{"reset", req{method: "POST", target: "/api/v1/workflows/daily/reset"},
			204, "", nil, call{"ResetWorkflow", []any{"daily"}}},
		{"enable", req{method: "POST", target: "/api/v1/workflows/daily/enable"},
			204, "", nil, call{"SetWorkflowEnabled", []any{"daily", true}}},
		{"disable", req{method: "POST", target: "/api/v1/workflows/a%2Fb/disable"},
			204, "", nil, call{"SetWorkflowEnabled", []any{"a/b", false}}},
		{"backfill", req{method: "POST", target: "/api/v1/workflows/daily/backfill",
			body: `{"from":"2024-01-01T00:00:00Z","to":"2024-01-03T00:00:00Z","parallel":2}`},
			201, "", apiv1.BackfillResponse{Group: "g-1", Instances: []string{"i-4", "i-5"}},
			call{"Backfill", []any{"daily", apiv1.BackfillRequest{From: apiv1.At(from), To: apiv1.At(to), Parallel: 2}}}},
		{"list instances", req{method: "GET", target: "/api/v1/instances?workflow=daily&status=running&limit=2&offset=4"},
			200, "", apiv1.List[apiv1.Instance]{Items: []apiv1.Instance{{ID: "i-1", Workflow: "daily", Status: "prep"}}, Total: 1},
			call{"ListInstances", []any{InstanceQuery{Workflow: "daily", Status: "running", Limit: 2, Offset: 4}}}},
		{"list instances, akkaflow status alias", req{method: "GET", target: "/api/v1/instances?status=W_FAILED"},
			200, "", apiv1.List[apiv1.Instance]{Items: []apiv1.Instance{{ID: "i-1", Workflow: "daily", Status: "prep"}}, Total: 1},
			call{"ListInstances", []any{InstanceQuery{Status: "failed", Limit: 50}}}},
		{"get instance", req{method: "GET", target: "/api/v1/instances/i-9"},
			200, "", apiv1.Instance{ID: "i-9", Workflow: "daily", Status: "running"},
			call{"GetInstance", []any{"i-9"}}},
		{"delete instance", req{method: "DELETE", target: "/api/v1/instances/i-9"},
			204, "", nil, call{"DeleteInstance", []any{"i-9"}}},
		{"kill instance", req{method: "POST", target: "/api/v1/instances/i-9/kill"},
			204, "", nil, call{"KillInstance", []any{"i-9"}}},
		{"rerun instance", req{method: "POST", target: "/api/v1/instances/i-9/rerun", body: `{"from_failed":true}`},
			201, "/api/v1/instances/i-3", apiv1.Created{ID: "i-3"},
			call{"RerunInstance", []any{"i-9", true}}},
		{"rerun instance, empty body", req{method: "POST", target: "/api/v1/instances/i-9/rerun"},
			201, "/api/v1/instances/i-3", apiv1.Created{ID: "i-3"},
			call{"RerunInstance", []any{"i-9", false}}},
		{"xmlconfig, empty list is []", req{method: "GET", target: "/api/v1/xmlconfig"},
			200, "", apiv1.List[apiv1.XMLFile]{Items: []apiv1.XMLFile{}},
			call{"ListXMLFiles", []any{XMLFileQuery{}}}},
		{"xmlconfig page of errors", req{method: "GET", target: "/api/v1/xmlconfig?status=error&limit=20&offset=40"},
			200, "", apiv1.List[apiv1.XMLFile]{Items: []apiv1.XMLFile{}},
			call{"ListXMLFiles", []any{XMLFileQuery{Status: "error", Limit: 20, Offset: 40}}}},
		{"xmlconfig status ok is loaded", req{method: "GET", target: "/api/v1/xmlconfig?status=ok"},
			200, "", apiv1.List[apiv1.XMLFile]{Items: []apiv1.XMLFile{}},
			call{"ListXMLFiles", []any{XMLFileQuery{Status: "loaded"}}}},
		{"members", req{method: "GET", target: "/api/v1/cluster/members"},
			200, "", apiv1.List[apiv1.Member]{Items: []apiv1.Member{{Name: "m1", Role: "master",
				Address: "10.0.0.1:2551", Status: "alive", Leader: true}}, Total: 1},
			call{"Members", nil}},
		{"front gets the server's clock", req{method: "GET", target: "/api/v1/front"},
			200, "", apiv1.Front{Queued: 2, Workflows: 1, Days: []apiv1.DayCount{},
				Running: []apiv1.Instance{}, Recent: []apiv1.Instance{}},
			call{"Front", []any{testNow}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, Options{})
			rec := hs.do(tc.req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("Location = %q, want %q", got, tc.location)
			}
			if tc.want == nil {
				if rec.Body.Len() != 0 {
					t.Errorf("body = %q, want none", rec.Body)
				}
			} else {
				assertJSON(t, rec, tc.want)
			}
			if calls := hs.fake.seen(); len(calls) != 1 || !reflect.DeepEqual(calls[0], tc.call) {
				t.Errorf("backend calls = %#v, want %#v", calls, tc.call)
			}
		})
	}
}

// assertJSON checks the Content-Type and that the body decodes, strictly, to want.
func assertJSON(t *testing.T, rec *httptest.ResponseRecorder, want any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	got := reflect.New(reflect.TypeOf(want))
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(got.Interface()); err != nil {
		t.Fatalf("body %s does not decode as %T: %v", rec.Body, want, err)
	}
	if !reflect.DeepEqual(got.Elem().Interface(), want) {
		t.Errorf("body = %s\nwant %+v", rec.Body, want)
	}
}
