package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// TestErrorMapping: every code the backend can return becomes its status and the error body.
func TestErrorMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err     error
		status  int
		code    string
		message string
	}{
		{workflows.Errorf(workflows.CodeInvalid, "bad cron"), 400, "invalid", "bad cron"},
		{workflows.Errorf(workflows.CodeUnauthorized, "who are you"), 401, "unauthorized", "who are you"},
		{workflows.Errorf(workflows.CodeNotFound, "no workflow x"), 404, "not_found", "no workflow x"},
		{workflows.Errorf(workflows.CodeConflict, "instance running"), 409, "conflict", "instance running"},
		{workflows.Errorf(workflows.CodeUnsupported, "not yet"), 501, "unsupported", "not yet"},
		{workflows.Errorf(workflows.CodeUnavailable, "no leader"), 503, "unavailable", "no leader"},
		{workflows.Errorf(workflows.CodeTimeout, "master slow"), 504, "timeout", "master slow"},
		{fmt.Errorf("ask: %w", workflows.Errorf(workflows.CodeNotFound, "wrapped")), 404, "not_found", "wrapped"},
		{context.DeadlineExceeded, 504, "timeout", "the operation did not finish in time"},
		{fmt.Errorf("ask master: %w", context.Canceled), 503, "unavailable", "the request was cancelled"},
		{workflows.Errorf(workflows.CodeInternal, "bolt: /var/lib/secret.db corrupt"), 500, "internal", internalMessage},
		{errors.New("dial tcp 10.0.0.7:2552: refused"), 500, "internal", internalMessage},
		{workflows.Errorf(workflows.Code("brand_new"), "future"), 500, "internal", internalMessage},
	}
	for _, tc := range cases {
		t.Run(tc.code+" "+tc.err.Error(), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, Options{})
			hs.fake.errs["GetWorkflow"] = tc.err
			rec := hs.do(req{method: "GET", target: "/api/v1/workflows/daily"})
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d", rec.Code, tc.status)
			}
			assertJSON(t, rec, apiv1.ErrorBody{Error: apiv1.Error{Code: tc.code, Message: tc.message}})
			logged := strings.Contains(hs.logs.String(), "request failed")
			if logged != (tc.status == 500) {
				t.Errorf("internal error logged = %v for status %d; log:\n%s", logged, tc.status, hs.logs)
			}
			if tc.status == 500 && !strings.Contains(hs.logs.String(), tc.err.Error()) {
				t.Errorf("the log lacks the cause %q", tc.err)
			}
		})
	}
}

func TestProblemsReachTheClient(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	ps := workflows.Problems{
		{Pos: workflows.Pos{File: "a.xml", Line: 3, Col: 7}, Severity: workflows.SeverityError,
			Code: "unknown-element", Message: "unknown <foo>"},
		{Pos: workflows.Pos{Line: 9}, Severity: workflows.SeverityError, Code: "no-end", Message: "no path reaches <end>"},
	}
	hs.fake.errs["PutWorkflow"] = ps.Err()
	rec := hs.do(req{method: "POST", target: "/api/v1/workflows", body: "<work-flow/>"})
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status = %d", rec.Code)
	}
	assertJSON(t, rec, apiv1.ErrorBody{Error: apiv1.Error{Code: "invalid", Message: ps.Err().Error(),
		Problems: []apiv1.Problem{
			{File: "a.xml", Line: 3, Col: 7, Severity: "error", Code: "unknown-element", Message: "unknown <foo>"},
			{Line: 9, Severity: "error", Code: "no-end", Message: "no path reaches <end>"},
		}}})
}

// TestRequestValidation: malformed requests are 400 (413 when too large) before the backend
// is asked anything.
func TestRequestValidation(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", MaxBodyBytes+1)
	cases := []struct {
		name   string
		req    req
		status int
		msg    string
	}{
		{"limit not a number", req{method: "GET", target: "/api/v1/workflows?limit=ten"}, 400, "limit"},
		{"limit zero", req{method: "GET", target: "/api/v1/workflows?limit=0"}, 400, "from 1 to 1000"},
		{"limit above max", req{method: "GET", target: "/api/v1/instances?limit=1001"}, 400, "from 1 to 1000"},
		{"negative offset", req{method: "GET", target: "/api/v1/instances?offset=-1"}, 400, "offset"},
		{"unknown status", req{method: "GET", target: "/api/v1/instances?status=done"}, 400, "unknown instance status"},
		{"xmlconfig limit above max", req{method: "GET", target: "/api/v1/xmlconfig?limit=1001"}, 400, "from 1 to 1000"},
		{"xmlconfig negative offset", req{method: "GET", target: "/api/v1/xmlconfig?offset=-5"}, 400, "offset"},
		{"xmlconfig unknown status", req{method: "GET", target: "/api/v1/xmlconfig?status=broken"}, 400, "loaded (or ok), error or disabled"},
		{"unknown JSON field", req{method: "POST", target: "/api/v1/workflows/daily/trigger",
			body: `{"param":{"a":"b"}}`}, 400, "unknown field"},
		{"trailing JSON", req{method: "POST", target: "/api/v1/workflows/daily/run", body: `{} {}`}, 400, "after the JSON"},
		{"not JSON", req{method: "POST", target: "/api/v1/instances/i-1/rerun", body: `from_failed`}, 400, "JSON"},
		{"empty XML", req{method: "POST", target: "/api/v1/workflows", body: "  \n"}, 400, "no workflow XML"},
		{"empty form field", req{method: "POST", target: "/api/v1/workflows/check", body: "xml=",
			contentType: "application/x-www-form-urlencoded"}, 400, "no workflow XML"},
		{"backfill without range", req{method: "POST", target: "/api/v1/workflows/daily/backfill", body: `{}`}, 400, "from and to"},
		{"backfill reversed", req{method: "POST", target: "/api/v1/workflows/daily/backfill",
			body: `{"from":"2024-01-02T00:00:00Z","to":"2024-01-01T00:00:00Z"}`}, 400, "before"},
		{"backfill negative parallel", req{method: "POST", target: "/api/v1/workflows/daily/backfill",
			body: `{"from":"2024-01-01T00:00:00Z","to":"2024-01-02T00:00:00Z","parallel":-1}`}, 400, "negative"},
		{"log attempt", req{method: "GET", target: "/api/v1/instances/i-1/log?attempt=last"}, 400, "attempt"},
		{"log follow", req{method: "GET", target: "/api/v1/instances/i-1/log?follow=maybe"}, 400, "follow"},
		{"XML too large", req{method: "POST", target: "/api/v1/workflows", body: huge}, 413, "exceeds"},
		{"form too large", req{method: "POST", target: "/api/v1/workflows", body: "xml=" + huge,
			contentType: "application/x-www-form-urlencoded"}, 413, "exceeds"},
		{"JSON too large", req{method: "POST", target: "/api/v1/workflows/daily/run", body: huge}, 413, "exceeds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, Options{})
			rec := hs.do(tc.req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			body := decodeError(t, rec.Body.Bytes())
			if body.Code != "invalid" || !strings.Contains(body.Message, tc.msg) {
				t.Errorf("error = %+v, want code invalid and %q in the message", body, tc.msg)
			}
			if calls := hs.fake.seen(); len(calls) != 0 {
				t.Errorf("the backend was called: %v", calls)
			}
		})
	}
}

// TestUnroutedRequests: what the mux rejects still gets the JSON error body.
func TestUnroutedRequests(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "PUT", target: "/api/v1/workflows/daily"})
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("PUT status = %d, want 405", rec.Code)
	}
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "DELETE") {
		t.Errorf("Allow = %q, want GET and DELETE", allow)
	}
	if e := decodeError(t, rec.Body.Bytes()); e.Code != "invalid" || !strings.Contains(e.Message, "PUT") {
		t.Errorf("405 body = %+v", e)
	}
	rec = hs.do(req{method: "GET", target: "/api/v1/nothing"})
	if rec.Code != http.StatusNotFound || decodeError(t, rec.Body.Bytes()).Code != "not_found" {
		t.Errorf("unknown path: %d %s", rec.Code, rec.Body)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.panics["Members"] = true
	rec := hs.do(req{method: "GET", target: "/api/v1/cluster/members"})
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	assertJSON(t, rec, apiv1.ErrorBody{Error: apiv1.Error{Code: "internal", Message: internalMessage}})
	if log := hs.logs.String(); !strings.Contains(log, "handler panicked") || !strings.Contains(log, "Members exploded") {
		t.Errorf("the panic is not logged:\n%s", log)
	}
	// The server keeps serving.
	if rec := hs.do(req{method: "GET", target: "/livez"}); rec.Code != http.StatusOK {
		t.Errorf("livez after a panic = %d", rec.Code)
	}
}

func decodeError(t *testing.T, b []byte) apiv1.Error {
	t.Helper()
	var body apiv1.ErrorBody
	if err := jsonStrict(b, &body); err != nil {
		t.Fatalf("error body %s: %v", b, err)
	}
	return body.Error
}
