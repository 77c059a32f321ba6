package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// TestRoutes checks, for every method, the request that goes out (verb, escaped path, query,
// content type, body) and that the answer comes back decoded unchanged.
func TestRoutes(t *testing.T) {
	at := apiv1.At(time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC))
	wfList := apiv1.List[apiv1.Workflow]{Total: 3, Items: []apiv1.Workflow{{Name: "daily", Enabled: true, NextFire: at}}}
	detail := apiv1.WorkflowDetail{Workflow: apiv1.Workflow{Name: "a/b c"}, XML: "<work-flow/>",
		Nodes: []apiv1.NodeDef{{Name: "start", Kind: "start", Next: []string{"x"}}}}
	put := apiv1.PutWorkflowResponse{Name: "daily", Created: true,
		Warnings: []apiv1.Problem{{Line: 3, Col: 5, Severity: "warning", Code: "alias", Message: "old name"}}}
	created := apiv1.Created{ID: "i-1"}
	backfill := apiv1.BackfillResponse{Group: "g-1", Instances: []string{"i-1", "i-2"}}
	inst := apiv1.Instance{ID: "i-1", Workflow: "daily", Status: "running", Started: at,
		Params: map[string]string{"dt": "2024-05-01"}}
	instList := apiv1.List[apiv1.Instance]{Total: 1, Items: []apiv1.Instance{inst}}
	files := apiv1.List[apiv1.XMLFile]{Total: 1, Items: []apiv1.XMLFile{{Path: "a.xml", Status: "loaded"}}}
	members := apiv1.List[apiv1.Member]{Total: 1, Items: []apiv1.Member{{Name: "n1", Role: "standalone", Leader: true}}}
	front := apiv1.Front{Queued: 2, Days: []apiv1.DayCount{{Day: "2024-05-01", Counts: map[string]int{"succeeded": 4}}}}

	cases := []struct {
		name                string
		call                func(c *Client) (any, error)
		method, path, query string
		contentType, body   string // body: exact text, or JSON compared structurally
		reply               any    // answered as JSON; nil answers 204
		want                any    // what the call returns; nil for error-only calls
	}{
		{name: "list workflows", method: "GET", path: "/api/v1/workflows", query: "dir=etl&limit=5&offset=10&q=day",
			call: func(c *Client) (any, error) {
				return c.ListWorkflows(ctx(), WorkflowFilter{Dir: "etl", Query: "day", Limit: 5, Offset: 10})
			}, reply: wfList, want: wfList},
		{name: "list workflows unfiltered", method: "GET", path: "/api/v1/workflows",
			call:  func(c *Client) (any, error) { return c.ListWorkflows(ctx(), WorkflowFilter{}) },
			reply: wfList, want: wfList},
		{name: "get workflow escapes the name", method: "GET", path: "/api/v1/workflows/a%2Fb%20c",
			call:  func(c *Client) (any, error) { return c.GetWorkflow(ctx(), "a/b c") },
			reply: detail, want: detail},
		{name: "delete workflow", method: "DELETE", path: "/api/v1/workflows/daily",
			call: func(c *Client) (any, error) { return nil, c.DeleteWorkflow(ctx(), "daily") }},
		{name: "add workflow", method: "POST", path: "/api/v1/workflows", query: "path=%2Fsrv%2Fx.xml",
			contentType: "application/xml", body: "<work-flow name='daily'/>",
			call: func(c *Client) (any, error) {
				return c.AddWorkflow(ctx(), []byte("<work-flow name='daily'/>"), "/srv/x.xml")
			}, reply: put, want: put},
		{name: "add workflow without path", method: "POST", path: "/api/v1/workflows",
			contentType: "application/xml", body: "<x/>",
			call:  func(c *Client) (any, error) { return c.AddWorkflow(ctx(), []byte("<x/>"), "") },
			reply: put, want: put},
		{name: "check workflow", method: "POST", path: "/api/v1/workflows/check",
			contentType: "application/xml", body: "<x/>",
			call:  func(c *Client) (any, error) { return c.CheckWorkflow(ctx(), []byte("<x/>")) },
			reply: put, want: put},
		{name: "trigger", method: "POST", path: "/api/v1/workflows/daily/trigger",
			contentType: "application/json", body: `{"params":{"dt":"1"},"ignore_nodes":["n"]}`,
			call: func(c *Client) (any, error) {
				return c.TriggerWorkflow(ctx(), "daily", apiv1.TriggerRequest{
					Params: map[string]string{"dt": "1"}, IgnoreNodes: []string{"n"}})
			}, reply: created, want: created},
		{name: "run", method: "POST", path: "/api/v1/workflows/daily/run",
			contentType: "application/json", body: `{"params":{"k":"v"}}`,
			call: func(c *Client) (any, error) {
				return c.RunWorkflow(ctx(), "daily", apiv1.RunRequest{Params: map[string]string{"k": "v"}})
			}, reply: created, want: created},
		{name: "reset", method: "POST", path: "/api/v1/workflows/daily/reset",
			call: func(c *Client) (any, error) { return nil, c.ResetWorkflow(ctx(), "daily") }},
		{name: "enable", method: "POST", path: "/api/v1/workflows/daily/enable",
			call: func(c *Client) (any, error) { return nil, c.EnableWorkflow(ctx(), "daily") }},
		{name: "disable", method: "POST", path: "/api/v1/workflows/a%2Fb/disable",
			call: func(c *Client) (any, error) { return nil, c.DisableWorkflow(ctx(), "a/b") }},
		{name: "backfill", method: "POST", path: "/api/v1/workflows/daily/backfill",
			contentType: "application/json",
			body:        `{"from":"2024-05-01T08:00:00.000Z","to":"2024-05-01T08:00:00.000Z","parallel":2}`,
			call: func(c *Client) (any, error) {
				return c.BackfillWorkflow(ctx(), "daily", apiv1.BackfillRequest{From: at, To: at, Parallel: 2})
			}, reply: backfill, want: backfill},
		{name: "list instances", method: "GET", path: "/api/v1/instances",
			query: "limit=20&offset=40&status=failed&workflow=daily",
			call: func(c *Client) (any, error) {
				return c.ListInstances(ctx(), InstanceFilter{Workflow: "daily", Status: "failed", Limit: 20, Offset: 40})
			}, reply: instList, want: instList},
		{name: "get instance", method: "GET", path: "/api/v1/instances/i-1",
			call:  func(c *Client) (any, error) { return c.GetInstance(ctx(), "i-1") },
			reply: inst, want: inst},
		{name: "delete instance", method: "DELETE", path: "/api/v1/instances/i-1",
			call: func(c *Client) (any, error) { return nil, c.DeleteInstance(ctx(), "i-1") }},
		{name: "kill instance", method: "POST", path: "/api/v1/instances/i-1/kill",
			call: func(c *Client) (any, error) { return nil, c.KillInstance(ctx(), "i-1") }},
		{name: "rerun instance", method: "POST", path: "/api/v1/instances/i-1/rerun",
			contentType: "application/json", body: `{"from_failed":true}`,
			call: func(c *Client) (any, error) {
				return c.RerunInstance(ctx(), "i-1", apiv1.RerunRequest{FromFailed: true})
			}, reply: created, want: created},
		{name: "xmlconfig", method: "GET", path: "/api/v1/xmlconfig",
			call:  func(c *Client) (any, error) { return c.XMLConfig(ctx()) },
			reply: files, want: files},
		{name: "xmlconfig page", method: "GET", path: "/api/v1/xmlconfig", query: "limit=50&offset=100&status=error",
			call: func(c *Client) (any, error) {
				return c.XMLConfigPage(ctx(), XMLFileFilter{Status: "error", Limit: 50, Offset: 100})
			},
			reply: files, want: files},
		{name: "members", method: "GET", path: "/api/v1/cluster/members",
			call:  func(c *Client) (any, error) { return c.Members(ctx()) },
			reply: members, want: members},
		{name: "front", method: "GET", path: "/api/v1/front",
			call:  func(c *Client) (any, error) { return c.Front(ctx()) },
			reply: front, want: front},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handler := replyJSON(http.StatusOK, tc.reply)
			if tc.reply == nil {
				handler = func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
			}
			f := newFake(t, handler)
			got, err := tc.call(New(f.URL))
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			req := f.only(t)
			if req.Method != tc.method || req.Path != tc.path || req.Query != tc.query {
				t.Errorf("request = %s %s?%s, want %s %s?%s", req.Method, req.Path, req.Query,
					tc.method, tc.path, tc.query)
			}
			if ct := req.Header.Get("Content-Type"); ct != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", ct, tc.contentType)
			}
			assertBody(t, req.Body, tc.body, tc.contentType)
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("result = %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func assertBody(t *testing.T, got, want, contentType string) {
	t.Helper()
	if contentType != "application/json" {
		if got != want {
			t.Errorf("body = %q, want %q", got, want)
		}
		return
	}
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s, want %s", got, want)
	}
}

func ctx() context.Context { return context.Background() }

func TestHeaders(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyJSON(http.StatusOK, apiv1.Front{}))
	if _, err := New(f.URL, WithToken("s3cret")).Front(ctx()); err != nil {
		t.Fatal(err)
	}
	h := f.only(t).Header
	if got := h.Get("Authorization"); got != "Bearer s3cret" {
		t.Errorf("Authorization = %q, want Bearer s3cret", got)
	}
	if got := h.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q, want application/json", got)
	}

	g := newFake(t, replyJSON(http.StatusOK, apiv1.Front{}))
	if _, err := New(g.URL).Front(ctx()); err != nil {
		t.Fatal(err)
	}
	if _, ok := g.only(t).Header["Authorization"]; ok {
		t.Error("Authorization sent without a token")
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyJSON(http.StatusOK, apiv1.Front{}))
	hostPort := f.Listener.Addr().String()

	// A bare host:port means http, and a path prefix (a reverse proxy) is kept.
	c := New(hostPort + "/actorflow/")
	if want := "http://" + hostPort + "/actorflow"; c.BaseURL() != want {
		t.Errorf("BaseURL = %q, want %q", c.BaseURL(), want)
	}
	if _, err := c.Front(ctx()); err != nil {
		t.Fatal(err)
	}
	if p := f.only(t).Path; p != "/actorflow/api/v1/front" {
		t.Errorf("path = %q, want the prefix kept", p)
	}

	for _, bad := range []string{"ftp://x", "http://", "http://[::1"} {
		_, err := New(bad).Front(ctx())
		if !IsInvalid(err) {
			t.Errorf("New(%q): call error = %v, want code invalid", bad, err)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/livez":
			replyText(http.StatusOK, "ok")(w, r)
		case "/readyz":
			replyText(http.StatusServiceUnavailable, "not ready: no leader")(w, r)
		case "/metrics":
			replyText(http.StatusOK, "actorflow_up 1\n")(w, r)
		}
	})
	c := New(f.URL)
	if err := c.Livez(ctx()); err != nil {
		t.Errorf("Livez: %v", err)
	}
	err := c.Readyz(ctx())
	if !IsUnavailable(err) {
		t.Fatalf("Readyz on 503 = %v, want unavailable", err)
	}
	if want := "HTTP 503 Service Unavailable: not ready: no leader"; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
	m, err := c.Metrics(ctx())
	if err != nil || m != "actorflow_up 1\n" {
		t.Errorf("Metrics = %q, %v", m, err)
	}
}

// TestLogStreams proves a followed log is a live stream: the first chunk arrives before the
// server has finished, and the client's timeout, which bounds ordinary calls, does not cut it.
func TestLogStreams(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-r.Context().Done() // answers only when the client gives up
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "line 1\n")
		w.(http.Flusher).Flush()
		select {
		case <-release:
			_, _ = io.WriteString(w, "line 2\n")
		case <-r.Context().Done(): // the test failed early and closed the stream
		}
	})
	c := New(f.URL, WithTimeout(50*time.Millisecond))
	log, err := c.InstanceLog(ctx(), "i/1", LogOptions{Node: "load", Attempt: 2, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	first := make([]byte, len("line 1\n"))
	if _, err := io.ReadFull(log, first); err != nil || string(first) != "line 1\n" {
		t.Fatalf("first chunk = %q, %v", first, err)
	}

	// An ordinary call on the same client times out: the timeout has now surely elapsed.
	if err := c.do(ctx(), request{method: "GET", path: "/slow"}, nil); Classify(err) != "timeout" {
		t.Fatalf("slow call = %v, want timeout", err)
	}
	close(release)
	rest, err := io.ReadAll(log)
	if err != nil || string(rest) != "line 2\n" {
		t.Fatalf("rest of stream = %q, %v; the timeout must not cut a followed log", rest, err)
	}

	f.mu.Lock()
	req := f.got[0]
	f.mu.Unlock()
	if req.Path != "/api/v1/instances/i%2F1/log" || req.Query != "attempt=2&follow=1&node=load" {
		t.Errorf("request = %s?%s", req.Path, req.Query)
	}
	if req.Header.Get("Accept") != "text/plain" {
		t.Errorf("Accept = %q", req.Header.Get("Accept"))
	}
}

func TestLogErrorDecoded(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyJSON(http.StatusNotFound, apiv1.ErrorBody{Error: apiv1.Error{
		Code: "not_found", Message: "instance i-9 does not exist"}}))
	_, err := New(f.URL).InstanceLog(ctx(), "i-9", LogOptions{})
	if !IsNotFound(err) || err.Error() != "instance i-9 does not exist" {
		t.Fatalf("err = %v, want the decoded not_found", err)
	}
	if q := f.only(t).Query; q != "" {
		t.Errorf("query = %q, want none for default options", q)
	}
}
