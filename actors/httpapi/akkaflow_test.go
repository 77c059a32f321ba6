package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// rawEnvelope keeps data undecoded so each case compares it as JSON.
type rawEnvelope struct {
	Result string          `json:"result"`
	Msg    string          `json:"msg"`
	Data   json.RawMessage `json:"data"`
}

const form = "application/x-www-form-urlencoded"

// TestAkkaflowRoutes checks every akkaflow route: the envelope (HTTP 200, result, msg, data)
// and the backend call it maps to.
func TestAkkaflowRoutes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		req    req
		result string
		msg    string // a substring of msg
		data   string // data as compact JSON
		call   *call  // nil: the backend is not called
	}{
		{"workflow get", req{method: "GET", target: "/akkaflow/workflow/daily?action=get"},
			"success", "workflow daily", "", &call{"GetWorkflow", []any{"daily"}}},
		{"workflow del", req{method: "GET", target: "/akkaflow/workflow/daily?action=del"},
			"success", "deleted workflow daily", "null", &call{"DeleteWorkflow", []any{"daily"}}},
		{"workflow run: query params become params", req{method: "GET", target: "/akkaflow/workflow/daily?action=run&day=2024-01-01&n=3"},
			"success", "created instance i-2 of workflow daily", `"i-2"`,
			&call{"RunWorkflow", []any{"daily", map[string]string{"day": "2024-01-01", "n": "3"}}}},
		{"workflow run without params", req{method: "GET", target: "/akkaflow/workflow/daily?action=run"},
			"success", "i-2", `"i-2"`, &call{"RunWorkflow", []any{"daily", map[string]string(nil)}}},
		{"workflow reset", req{method: "GET", target: "/akkaflow/workflow/daily?action=reset"},
			"success", "reset the coordinator of workflow daily", "null", &call{"ResetWorkflow", []any{"daily"}}},
		{"workflow trigger with ignore_node", req{method: "GET", target: "/akkaflow/workflow/daily?action=trigger&ignore_node=a,%20b,,"},
			"success", "triggered workflow daily: instance i-1", `"i-1"`,
			&call{"TriggerWorkflow", []any{"daily", apiv1.TriggerRequest{IgnoreNodes: []string{"a", "b"}}}}},
		{"workflow trigger, pre-HEAD form without ignore_node", req{method: "GET", target: "/akkaflow/workflow/daily?action=trigger"},
			"success", "i-1", `"i-1"`, &call{"TriggerWorkflow", []any{"daily", apiv1.TriggerRequest{}}}},
		{"workflow trigger-blood", req{method: "GET", target: "/akkaflow/workflow/daily?action=trigger-blood"},
			"success", "downstream chain of workflow daily", `"i-6"`, &call{"TriggerBlood", []any{"daily"}}},
		{"workflow add, form xml", req{method: "POST", target: "/akkaflow/workflow?action=add&path=%2Fx%2Fd.xml",
			body: "xml=%3Cwork-flow%2F%3E", contentType: form},
			"success", "added workflow daily", `"daily"`, &call{"PutWorkflow", []any{"<work-flow/>", "/x/d.xml"}}},
		{"workflow add, 2017 form content", req{method: "POST", target: "/akkaflow/workflow?action=add",
			body: "content=%3Cwork-flow%2F%3E", contentType: form},
			"success", "added workflow daily", `"daily"`, &call{"PutWorkflow", []any{"<work-flow/>", ""}}},
		{"workflow add without xml", req{method: "POST", target: "/akkaflow/workflow?action=add", body: "", contentType: form},
			"fail", "no workflow XML", "null", nil},
		{"workflow check", req{method: "POST", target: "/akkaflow/workflow?action=check",
			body: "xml=%3Cwork-flow%2F%3E", contentType: form},
			"success", "the definition of workflow daily is valid", `"daily"`, &call{"CheckWorkflow", []any{"<work-flow/>"}}},
		{"workflow del-dir", req{method: "GET", target: "/akkaflow/workflow?action=del-dir&id=3"},
			"fail", "del-dir is not supported", "null", nil},
		{"workflows reset", req{method: "GET", target: "/akkaflow/workflows?action=reset"},
			"success", "reset every coordinator", "null", &call{"ResetAll", nil}},
		{"workflows today-trigger-left", req{method: "GET", target: "/akkaflow/workflows?action=today-trigger-left"},
			"success", "fires left today", `{"daily":2}`, &call{"TodayTriggerLeft", []any{testNow}}},
		{"instance rerun recover=true", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=rerun&recover=true"},
			"success", "instance i-9 is queued to rerun as instance i-3", `"i-3"`, &call{"RerunInstance", []any{"i-9", true}}},
		{"instance rerun, 2017 form", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=rerun"},
			"success", "queued to rerun", `"i-3"`, &call{"RerunInstance", []any{"i-9", false}}},
		{"instance rerun, bad recover", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=rerun&recover=yes"},
			"fail", "recover", "null", nil},
		{"instance kill", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=kill"},
			"success", "killed instance i-9", `"killed"`, &call{"KillInstance", []any{"i-9"}}},
		{"instance del", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=del"},
			"success", "deleted instance i-9", "null", &call{"DeleteInstance", []any{"i-9"}}},
		{"waiting list (sic)", req{method: "GET", target: "/akkaflow/workflow/watting_instance/list"},
			"success", "1 waiting instances", `[{"wfid":"i-1","name":"daily"}]`,
			&call{"ListInstances", []any{InstanceQuery{Status: "prep", Limit: MaxLimit}}}},
		{"cluster get", req{method: "GET", target: "/akkaflow/cluster?action=get"},
			"success", "cluster members",
			`[{"name":"m1","ip":"10.0.0.1","port":"2551","atype":"0","pname":"","role":"master","status":"alive"}]`,
			&call{"Members", nil}},
		{"cluster shutdown", req{method: "GET", target: "/akkaflow/cluster?action=shutdown"},
			"fail", "sbin/stop-cluster", "null", nil},
		// Without a LinksBackend (a cluster's http node) the link routes fail and say why;
		// akkaflow_links_test.go covers them over one.
		{"db-link add", req{method: "POST", target: "/akkaflow/db-link?action=add", body: "name=x&dbtype=MYSQL", contentType: form},
			"fail", "this node does not manage connection links", "null", nil},
		{"db-link update", req{method: "GET", target: "/akkaflow/db-link/x?action=update"},
			"fail", "does not manage connection links", "null", nil},
		{"db-link del", req{method: "GET", target: "/akkaflow/db-link/x?action=del"},
			"fail", "does not manage connection links", "null", nil},
		{"file-link add", req{method: "POST", target: "/akkaflow/file-link?action=add", body: "name=x", contentType: form},
			"fail", "does not manage connection links", "null", nil},
		{"file-link update", req{method: "GET", target: "/akkaflow/file-link/x?action=update"},
			"fail", "does not manage connection links", "null", nil},
		{"file-link del", req{method: "GET", target: "/akkaflow/file-link/x?action=del"},
			"fail", "does not manage connection links", "null", nil},
		{"2017 coor add", req{method: "POST", target: "/akkaflow/coor?action=add",
			body: "content=%3Ccoordinator%2F%3E", contentType: form},
			"success", "added workflow daily", `"daily"`, &call{"PutWorkflow", []any{"<coordinator/>", ""}}},
		{"2017 coor get", req{method: "GET", target: "/akkaflow/coor/c1?action=get"},
			"fail", "cannot be read by name", "null", nil},
		{"2017 coor del", req{method: "GET", target: "/akkaflow/coor/c1?action=del"},
			"fail", "cannot be deleted by name", "null", nil},
		{"unknown action answers at once", req{method: "GET", target: "/akkaflow/workflow/instance/i-9?action=pause"},
			"fail", `unknown action "pause" on /akkaflow/workflow/instance/i-9: want one of del, kill, rerun`, "null", nil},
		{"missing action", req{method: "GET", target: "/akkaflow/workflow/daily"},
			"fail", `unknown action ""`, "null", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, Options{})
			rec := hs.do(tc.req)
			env := decodeEnvelope(t, rec, http.StatusOK)
			if env.Result != tc.result || !strings.Contains(env.Msg, tc.msg) {
				t.Errorf("envelope = %s %q, want %s containing %q", env.Result, env.Msg, tc.result, tc.msg)
			}
			if tc.data != "" && string(env.Data) != tc.data {
				t.Errorf("data = %s, want %s", env.Data, tc.data)
			}
			calls := hs.fake.seen()
			switch {
			case tc.call == nil && len(calls) != 0:
				t.Errorf("backend called: %v", calls)
			case tc.call != nil && (len(calls) != 1 || !reflect.DeepEqual(calls[0], *tc.call)):
				t.Errorf("calls = %#v, want %#v", calls, *tc.call)
			}
		})
	}
}

// TestAkkaflowGetReturnsDefinition: unlike akkaflow, get answers the definition.
func TestAkkaflowGetReturnsDefinition(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	env := decodeEnvelope(t, hs.do(req{method: "GET", target: "/akkaflow/workflow/daily?action=get"}), 200)
	var d apiv1.WorkflowDetail
	if err := jsonStrict(env.Data, &d); err != nil || d.Name != "daily" || d.XML == "" {
		t.Errorf("data = %s (%v)", env.Data, err)
	}
}

// TestAkkaflowBackendErrors: every backend failure is result "fail" with HTTP 200 and the
// backend's message; internal causes stay in the log; invalid definitions carry problems.
func TestAkkaflowBackendErrors(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.errs["DeleteWorkflow"] = workflows.Errorf(workflows.CodeConflict, "instance i-1 of daily is running")
	env := decodeEnvelope(t, hs.do(req{method: "GET", target: "/akkaflow/workflow/daily?action=del"}), 200)
	if env.Result != "fail" || env.Msg != "instance i-1 of daily is running" || string(env.Data) != "null" {
		t.Errorf("conflict: %+v", env)
	}

	hs.fake.errs["KillInstance"] = workflows.Errorf(workflows.CodeInternal, "bolt: tx closed at 0xdeadbeef")
	env = decodeEnvelope(t, hs.do(req{method: "GET", target: "/akkaflow/workflow/instance/i-1?action=kill"}), 200)
	if env.Result != "fail" || env.Msg != internalMessage || !strings.Contains(hs.logs.String(), "0xdeadbeef") {
		t.Errorf("internal: %+v; log:\n%s", env, hs.logs)
	}

	hs.fake.errs["ResetAll"] = workflows.Errorf(workflows.CodeUnsupported, "resetting every coordinator is not supported yet")
	env = decodeEnvelope(t, hs.do(req{method: "GET", target: "/akkaflow/workflows?action=reset"}), 200)
	if env.Result != "fail" || !strings.Contains(env.Msg, "not supported yet") {
		t.Errorf("unsupported: %+v", env)
	}

	hs.fake.errs["PutWorkflow"] = workflows.Problems{{Pos: workflows.Pos{Line: 4}, Code: "no-end",
		Message: "no path reaches <end>"}}.Err()
	env = decodeEnvelope(t, hs.do(req{method: "POST", target: "/akkaflow/workflow?action=add",
		body: "xml=%3Cwork-flow%2F%3E", contentType: form}), 200)
	var ps []apiv1.Problem
	if err := jsonStrict(env.Data, &ps); err != nil || len(ps) != 1 || ps[0].Line != 4 || ps[0].Code != "no-end" {
		t.Errorf("problems: %+v (data %s, %v)", env, env.Data, err)
	}
}

func TestAkkaflowAuth(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{Token: testToken})
	for _, target := range []string{
		"/akkaflow/workflow/daily?action=del",
		"/akkaflow/workflow/daily?action=run",
		"/akkaflow/workflow/daily?action=trigger",
		"/akkaflow/workflows?action=reset",
		"/akkaflow/workflow/instance/i-1?action=kill",
		"/akkaflow/cluster?action=shutdown",
	} {
		rec := hs.do(req{method: "GET", target: target})
		env := decodeEnvelope(t, rec, http.StatusUnauthorized)
		if env.Result != "fail" || !strings.Contains(env.Msg, "Authorization: Bearer") {
			t.Errorf("%s: %+v", target, env)
		}
		if rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate", target)
		}
	}
	if calls := hs.fake.seen(); len(calls) != 0 {
		t.Fatalf("the backend ran without the token: %v", calls)
	}
	// Reads stay open; the right token opens the rest.
	for _, r := range []req{
		{method: "GET", target: "/akkaflow/workflow/daily?action=get"},
		{method: "GET", target: "/akkaflow/cluster?action=get"},
		{method: "GET", target: "/akkaflow/workflow/watting_instance/list"},
		{method: "GET", target: "/akkaflow/workflows?action=today-trigger-left"},
		{method: "POST", target: "/akkaflow/workflow?action=check", body: "xml=x", contentType: form},
		{method: "GET", target: "/akkaflow/workflow/instance/i-1?action=kill", token: testToken},
	} {
		if env := decodeEnvelope(t, hs.do(r), 200); env.Result != "success" {
			t.Errorf("%s: %+v", r.target, env)
		}
	}
}

// TestAkkaflowMethods: HEAD never changes state, other methods are 405, unknown paths 404 —
// all in the envelope.
func TestAkkaflowMethods(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "HEAD", target: "/akkaflow/workflow/daily?action=del"})
	if rec.Code != http.StatusMethodNotAllowed || len(hs.fake.seen()) != 0 {
		t.Errorf("HEAD del: %d, calls %v", rec.Code, hs.fake.seen())
	}
	rec = hs.do(req{method: "DELETE", target: "/akkaflow/workflow/daily?action=del"})
	if env := decodeEnvelope(t, rec, http.StatusMethodNotAllowed); env.Result != "fail" ||
		!strings.Contains(rec.Header().Get("Allow"), "POST") {
		t.Errorf("DELETE: %+v, Allow %q", env, rec.Header().Get("Allow"))
	}
	if env := decodeEnvelope(t, hs.do(req{method: "GET", target: "/akkaflow/nothing/here"}),
		http.StatusNotFound); env.Result != "fail" || !strings.Contains(env.Msg, "/akkaflow/nothing/here") {
		t.Errorf("unknown path: %+v", env)
	}
	if env := decodeEnvelope(t, hs.do(req{method: "POST", target: "/akkaflow/workflow/daily?action=reset"}),
		http.StatusOK); env.Result != "success" {
		t.Errorf("POST works too: %+v", env)
	}
}

func decodeEnvelope(t *testing.T, rec interface {
	Result() *http.Response
}, status int) rawEnvelope {
	t.Helper()
	resp := rec.Result()
	if resp.StatusCode != status {
		t.Fatalf("status = %d, want %d", resp.StatusCode, status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var env rawEnvelope
	dec := json.NewDecoder(resp.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("not an envelope: %v", err)
	}
	if env.Result != "success" && env.Result != "fail" {
		t.Errorf("result = %q", env.Result)
	}
	return env
}
