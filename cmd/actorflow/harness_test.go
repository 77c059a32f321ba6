package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// The CLI tests run one after another: cli/v2 keeps help state in package variables, so two
// apps showing help at once would race.

func TestMain(m *testing.M) {
	// A developer's own settings must not leak into what the tests send.
	for _, v := range []string{"ACTORFLOW_ADDR", "ACTORFLOW_API_TOKEN"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// testZone is where the tests' CLI thinks it is, so local times in tables are literal.
var testZone = time.FixedZone("UTC+2", 2*3600)

// testNow is the tests' "now", for the durations of things still running.
var testNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// utc is a point in time as the API would send it.
func utc(hour, min, sec int) apiv1.Time {
	return apiv1.At(time.Date(2024, 5, 1, hour, min, sec, 0, time.UTC))
}

// req is one request as the fake API received it.
type req struct {
	Method, Path, Query, Body string
	Header                    http.Header
}

// fakeAPI is an httptest server with ServeMux routes that records every request.
type fakeAPI struct {
	*httptest.Server
	mux *http.ServeMux
	mu  sync.Mutex
	got []req
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{mux: http.NewServeMux()}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.got = append(f.got, req{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			Body: string(body), Header: r.Header.Clone()})
		f.mu.Unlock()
		f.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

// reply answers pattern ("POST /api/v1/...") with status and v as JSON.
func (f *fakeAPI) reply(pattern string, status int, v any) {
	f.mux.HandleFunc(pattern, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, status, v) })
}

// fail answers pattern with the API's error envelope.
func (f *fakeAPI) fail(pattern string, status int, code, msg string, problems ...apiv1.Problem) {
	f.reply(pattern, status, apiv1.ErrorBody{Error: apiv1.Error{Code: code, Message: msg, Problems: problems}})
}

func (f *fakeAPI) requests() []req {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]req(nil), f.got...)
}

// only returns the one request the server saw.
func (f *fakeAPI) only(t *testing.T) req {
	t.Helper()
	got := f.requests()
	if len(got) != 1 {
		t.Fatalf("server saw %d requests, want 1: %+v", len(got), got)
	}
	return got[0]
}

// result is one CLI run.
type result struct {
	code        int
	out, errOut string
}

// run runs the CLI in-process against the fake, with --server pointing at it.
func (f *fakeAPI) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCLI(t, "", append([]string{"--server", f.URL}, args...)...)
}

// runCLI runs "actorflow args..." in-process with stdin and captured stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	app := newAppWith(clock{now: func() time.Time { return testNow }, loc: testZone})
	var out, errOut bytes.Buffer
	app.Writer, app.ErrWriter, app.Reader = &out, &errOut, strings.NewReader(stdin)
	code := run(context.Background(), app, append([]string{"actorflow"}, args...))
	return result{code: code, out: out.String(), errOut: errOut.String()}
}

// expect checks the exit code and shows both streams when it is wrong.
func (r result) expect(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.errOut)
	}
	return r
}

// lines splits output into lines with trailing spaces removed (tabwriter pads cells).
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// fields splits a table line into its cells' words, to assert content without padding.
func fields(line string) string { return strings.Join(strings.Fields(line), " ") }

// tableRows returns each line of out with its cells collapsed to single spaces.
func tableRows(out string) []string {
	var rows []string
	for _, l := range lines(out) {
		rows = append(rows, fields(l))
	}
	return rows
}

// decodeJSON parses stdout into v, failing the test when it is not one JSON value.
func decodeJSON(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(v); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", out)
	}
}

func contains(t *testing.T, haystack string, needles ...string) {
	t.Helper()
	for _, n := range needles {
		if !strings.Contains(haystack, n) {
			t.Errorf("output lacks %q:\n%s", n, haystack)
		}
	}
}
