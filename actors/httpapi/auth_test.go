package httpapi

import (
	"net/http"
	"strings"
	"testing"
)

const testToken = "s3cret-token"

// mutatingRoutes is every REST call that changes state.
var mutatingRoutes = []req{
	{method: "POST", target: "/api/v1/workflows", body: "<work-flow/>"},
	{method: "DELETE", target: "/api/v1/workflows/daily"},
	{method: "POST", target: "/api/v1/workflows/daily/trigger"},
	{method: "POST", target: "/api/v1/workflows/daily/run"},
	{method: "POST", target: "/api/v1/workflows/daily/reset"},
	{method: "POST", target: "/api/v1/workflows/daily/enable"},
	{method: "POST", target: "/api/v1/workflows/daily/disable"},
	{method: "POST", target: "/api/v1/workflows/daily/backfill",
		body: `{"from":"2024-01-01T00:00:00Z","to":"2024-01-02T00:00:00Z"}`},
	{method: "DELETE", target: "/api/v1/instances/i-1"},
	{method: "POST", target: "/api/v1/instances/i-1/kill"},
	{method: "POST", target: "/api/v1/instances/i-1/rerun"},
}

// readRoutes never need the token; check is a POST but changes nothing.
var readRoutes = []req{
	{method: "GET", target: "/api/v1/workflows"},
	{method: "GET", target: "/api/v1/workflows/daily"},
	{method: "POST", target: "/api/v1/workflows/check", body: "<work-flow/>"},
	{method: "GET", target: "/api/v1/instances"},
	{method: "GET", target: "/api/v1/instances/i-1"},
	{method: "GET", target: "/api/v1/instances/i-1/log"},
	{method: "GET", target: "/api/v1/xmlconfig"},
	{method: "GET", target: "/api/v1/cluster/members"},
	{method: "GET", target: "/api/v1/front"},
	{method: "GET", target: "/livez"},
	{method: "GET", target: "/readyz"},
	{method: "GET", target: "/metrics"},
	{method: "GET", target: "/"},
}

func TestAuthOnMutatingRoutes(t *testing.T) {
	t.Parallel()
	for _, r := range mutatingRoutes {
		t.Run(r.method+" "+r.target, func(t *testing.T) {
			t.Parallel()
			for _, bad := range []string{"", "wrong", testToken + "x", strings.ToUpper(testToken)} {
				hs := newHarness(t, Options{Token: testToken})
				r := r
				r.token = bad
				rec := hs.do(r)
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("token %q: status = %d, want 401", bad, rec.Code)
				}
				if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate = %q", got)
				}
				if e := decodeError(t, rec.Body.Bytes()); e.Code != "unauthorized" {
					t.Errorf("code = %q", e.Code)
				}
				if calls := hs.fake.seen(); len(calls) != 0 {
					t.Errorf("the backend ran without the token: %v", calls)
				}
			}
			hs := newHarness(t, Options{Token: testToken})
			r.token = testToken
			if rec := hs.do(r); rec.Code >= 400 {
				t.Errorf("with the token: status = %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestAuthSchemeIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{Token: testToken})
	hr := mustRequest(t, "POST", "/api/v1/instances/i-1/kill")
	hr.Header.Set("Authorization", "bearer "+testToken)
	if rec := serve(hs.h, hr); rec.Code != http.StatusNoContent {
		t.Errorf("status = %d, want 204", rec.Code)
	}
}

func TestReadsNeedNoToken(t *testing.T) {
	t.Parallel()
	for _, r := range readRoutes {
		hs := newHarness(t, Options{Token: testToken})
		if rec := hs.do(r); rec.Code != http.StatusOK {
			t.Errorf("%s %s without a token: status = %d %s", r.method, r.target, rec.Code, rec.Body)
		}
	}
}

// TestNoTokenConfigured: an empty Token means no auth at all.
func TestNoTokenConfigured(t *testing.T) {
	t.Parallel()
	for _, r := range mutatingRoutes {
		hs := newHarness(t, Options{})
		if rec := hs.do(r); rec.Code >= 400 {
			t.Errorf("%s %s: status = %d %s", r.method, r.target, rec.Code, rec.Body)
		}
	}
}
