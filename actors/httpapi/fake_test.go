package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// call is one Backend method call as the fake saw it.
type call struct {
	Method string
	Args   []any // without the context
}

// fakeBackend answers every method with canned values, records its calls, and fails a method
// when errs names it.
type fakeBackend struct {
	mu      sync.Mutex
	calls   []call
	errs    map[string]error
	panics  map[string]bool
	ready   error
	created bool // PutWorkflow's answer
	openLog func(ctx context.Context) (io.ReadCloser, error)
	list    apiv1.List[apiv1.Workflow]
}

func newFake() *fakeBackend {
	return &fakeBackend{errs: map[string]error{}, panics: map[string]bool{}, created: true,
		list: apiv1.List[apiv1.Workflow]{Items: []apiv1.Workflow{{Name: "daily", Origin: "file"}}, Total: 1}}
}

func (f *fakeBackend) rec(method string, args ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{method, args})
	if f.panics[method] {
		panic("fake: " + method + " exploded")
	}
	return f.errs[method]
}

// seen returns the calls so far.
func (f *fakeBackend) seen() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeBackend) ListWorkflows(_ context.Context, q WorkflowQuery) (apiv1.List[apiv1.Workflow], error) {
	return f.list, f.rec("ListWorkflows", q)
}

func (f *fakeBackend) GetWorkflow(_ context.Context, name string) (apiv1.WorkflowDetail, error) {
	return apiv1.WorkflowDetail{Workflow: apiv1.Workflow{Name: name, Origin: "file"}, XML: "<work-flow/>"},
		f.rec("GetWorkflow", name)
}

func (f *fakeBackend) PutWorkflow(_ context.Context, xml []byte, path string) (apiv1.PutWorkflowResponse, error) {
	return apiv1.PutWorkflowResponse{Name: "daily", Created: f.created}, f.rec("PutWorkflow", string(xml), path)
}

func (f *fakeBackend) CheckWorkflow(_ context.Context, xml []byte) (apiv1.PutWorkflowResponse, error) {
	return apiv1.PutWorkflowResponse{Name: "daily", Created: true}, f.rec("CheckWorkflow", string(xml))
}

func (f *fakeBackend) DeleteWorkflow(_ context.Context, name string) error {
	return f.rec("DeleteWorkflow", name)
}

func (f *fakeBackend) TriggerWorkflow(_ context.Context, name string, r apiv1.TriggerRequest) (string, error) {
	return "i-1", f.rec("TriggerWorkflow", name, r)
}

func (f *fakeBackend) RunWorkflow(_ context.Context, name string, params map[string]string) (string, error) {
	return "i-2", f.rec("RunWorkflow", name, params)
}

func (f *fakeBackend) ResetWorkflow(_ context.Context, name string) error {
	return f.rec("ResetWorkflow", name)
}

func (f *fakeBackend) SetWorkflowEnabled(_ context.Context, name string, enabled bool) error {
	return f.rec("SetWorkflowEnabled", name, enabled)
}

func (f *fakeBackend) Backfill(_ context.Context, name string, r apiv1.BackfillRequest) (apiv1.BackfillResponse, error) {
	return apiv1.BackfillResponse{Group: "g-1", Instances: []string{"i-4", "i-5"}}, f.rec("Backfill", name, r)
}

func (f *fakeBackend) ListInstances(_ context.Context, q InstanceQuery) (apiv1.List[apiv1.Instance], error) {
	return apiv1.List[apiv1.Instance]{Items: []apiv1.Instance{{ID: "i-1", Workflow: "daily", Status: "prep"}},
		Total: 1}, f.rec("ListInstances", q)
}

func (f *fakeBackend) GetInstance(_ context.Context, id string) (apiv1.Instance, error) {
	return apiv1.Instance{ID: id, Workflow: "daily", Status: "running"}, f.rec("GetInstance", id)
}

func (f *fakeBackend) DeleteInstance(_ context.Context, id string) error {
	return f.rec("DeleteInstance", id)
}

func (f *fakeBackend) KillInstance(_ context.Context, id string) error {
	return f.rec("KillInstance", id)
}

func (f *fakeBackend) RerunInstance(_ context.Context, id string, fromFailed bool) (string, error) {
	return "i-3", f.rec("RerunInstance", id, fromFailed)
}

func (f *fakeBackend) OpenLog(ctx context.Context, id, node string, attempt int, follow bool) (io.ReadCloser, error) {
	if err := f.rec("OpenLog", id, node, attempt, follow); err != nil {
		return nil, err
	}
	if f.openLog != nil {
		return f.openLog(ctx)
	}
	return io.NopCloser(strings.NewReader("line 1\nline 2\n")), nil
}

func (f *fakeBackend) ListXMLFiles(_ context.Context, q XMLFileQuery) (apiv1.List[apiv1.XMLFile], error) {
	return apiv1.List[apiv1.XMLFile]{}, f.rec("ListXMLFiles", q)
}

func (f *fakeBackend) Members(context.Context) (apiv1.List[apiv1.Member], error) {
	return apiv1.List[apiv1.Member]{Items: []apiv1.Member{{Name: "m1", Role: "master",
		Address: "10.0.0.1:2551", Status: "alive", Leader: true}}, Total: 1}, f.rec("Members")
}

func (f *fakeBackend) Front(_ context.Context, now time.Time) (apiv1.Front, error) {
	return apiv1.Front{Queued: 2, Workflows: 1}, f.rec("Front", now)
}

func (f *fakeBackend) Ready() error { return f.ready }

func (f *fakeBackend) TriggerBlood(_ context.Context, name string) (string, error) {
	return "i-6", f.rec("TriggerBlood", name)
}

func (f *fakeBackend) ResetAll(context.Context) error { return f.rec("ResetAll") }

func (f *fakeBackend) TodayTriggerLeft(_ context.Context, now time.Time) (map[string]int, error) {
	return map[string]int{"daily": 2}, f.rec("TodayTriggerLeft", now)
}

// testNow is the clock every test server uses.
var testNow = time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)

// logBuffer collects a server's log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// harness is a server over a fake backend, with its log.
type harness struct {
	fake *fakeBackend
	h    http.Handler
	logs *logBuffer
}

func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	hs := &harness{fake: newFake(), logs: &logBuffer{}}
	opts.Logger = slog.New(slog.NewTextHandler(hs.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts.Now = func() time.Time { return testNow }
	hs.h = New(hs.fake, opts)
	return hs
}

// req is one request to send through the handler.
type req struct {
	method, target, body, contentType, token, accept string
}

func (hs *harness) do(r req) *httptest.ResponseRecorder {
	hr := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
	if r.contentType != "" {
		hr.Header.Set("Content-Type", r.contentType)
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.accept != "" {
		hr.Header.Set("Accept", r.accept)
	}
	rec := httptest.NewRecorder()
	hs.h.ServeHTTP(rec, hr)
	return rec
}

// jsonStrict decodes b into v, rejecting unknown fields: a body must be exactly its shape.
func jsonStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func mustRequest(t testing.TB, method, target string) *http.Request {
	t.Helper()
	return httptest.NewRequest(method, target, nil)
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func (f *fakeBackend) RunGrid(_ context.Context, workflow string, limit, offset int) (apiv1.List[apiv1.Instance], error) {
	return apiv1.List[apiv1.Instance]{Items: []apiv1.Instance{{ID: "i-1", Workflow: workflow, Status: "running",
			Nodes: []apiv1.Node{{Name: "load", Kind: "action", Status: "succeeded"}}}}, Total: 1},
		f.rec("RunGrid", workflow, limit, offset)
}

func (f *fakeBackend) WorkflowDirs(context.Context) (apiv1.List[apiv1.Dir], error) {
	return apiv1.List[apiv1.Dir]{Items: []apiv1.Dir{{Path: "", Workflows: 2}, {Path: "etl", Workflows: 1}}, Total: 2},
		f.rec("WorkflowDirs")
}

func (f *fakeBackend) DataMonitorResults(_ context.Context, q MonitorQuery) (apiv1.List[apiv1.MonitorResult], error) {
	v := 42.5
	return apiv1.List[apiv1.MonitorResult]{Items: []apiv1.MonitorResult{{InstanceID: "i-1", Workflow: "daily",
			Node: "check", Category: "daily", Name: "check", Value: &v, Status: "succeeded"}}, Total: 7},
		f.rec("DataMonitorResults", q)
}
