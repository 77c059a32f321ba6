package httpcall

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

func httpTask(b *workflows.HTTPBody) executors.Task {
	return executors.Task{InstanceID: "i-1", Workflow: "wf", Node: "call", Attempt: 1,
		Action: &workflows.Action{Type: workflows.ActionHTTP, HTTP: b}}
}

func run(t *testing.T, ctx context.Context, opt Options, b *workflows.HTTPBody) (executors.Result, string) {
	t.Helper()
	reg := executors.NewRegistry()
	Register(reg, opt)
	var out bytes.Buffer
	res := reg.Run(ctx, httpTask(b), executors.TaskIO{Stdout: &out})
	return res, out.String()
}

func TestRequestIsSentAsWrittenAndTheResponseLogged(t *testing.T) {
	var gotMethod, gotBody, gotType, gotAuth, gotHost string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotMethod, gotBody, gotType, gotAuth, gotHost = r.Method, string(b), r.Header.Get("Content-Type"),
			r.Header.Get("Authorization"), r.Host
		w.Header().Set("X-Job", "42")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":42}`)
	}))
	defer srv.Close()
	res, out := run(t, context.Background(), Options{}, &workflows.HTTPBody{Method: "post", URL: srv.URL + "/jobs",
		Headers: []workflows.Header{{Name: "Content-Type", Value: "application/json"},
			{Name: "Authorization", Value: "Bearer t0ken"}, {Name: "Host", Value: "api.example.test"}},
		Body: `{"run":true}`})
	if res.Status != workflows.AttemptSucceeded || res.ExitCode != 0 {
		t.Fatalf("status %s: %s", res.Status, res.Message)
	}
	if gotMethod != "POST" || gotBody != `{"run":true}` || gotType != "application/json" ||
		gotAuth != "Bearer t0ken" || gotHost != "api.example.test" {
		t.Errorf("server saw %s %q type=%q auth=%q host=%q", gotMethod, gotBody, gotType, gotAuth, gotHost)
	}
	for _, want := range []string{"HTTP/1.1 201 Created\n", "X-Job: 42\n", `{"id":42}`} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out+res.Message, "t0ken") {
		t.Error("the request's Authorization header leaked into stdout or the message")
	}
	if res.Outputs[StatusOutput] != "201" {
		t.Errorf("outputs %v", res.Outputs)
	}
}

func TestStatusExpectations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/missing":
			http.Error(w, "no such job: nightly", http.StatusNotFound)
		case "/accepted":
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		path   string
		expect []int
		want   workflows.AttemptStatus
		msg    string
	}{
		{"/nocontent", nil, workflows.AttemptSucceeded, "204 No Content"},
		{"/missing", nil, workflows.AttemptFailed, "404 Not Found; expected a 2xx status\nresponse body starts with:\nno such job: nightly"},
		{"/missing", []int{404}, workflows.AttemptSucceeded, "404"},
		{"/accepted", []int{200, 201}, workflows.AttemptFailed, "202 Accepted; expected 200 or 201"},
	} {
		res, _ := run(t, context.Background(), Options{}, &workflows.HTTPBody{Method: "GET", URL: srv.URL + tc.path, ExpectStatus: tc.expect})
		if res.Status != tc.want || !strings.Contains(res.Message, tc.msg) {
			t.Errorf("%s expect %v: %s %q, want %s containing %q", tc.path, tc.expect, res.Status, res.Message, tc.want, tc.msg)
		}
	}
}

// hang answers only when the request is abandoned.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestActionTimeoutFailsTheAttempt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(hang))
	defer srv.Close()
	start := time.Now()
	res, _ := run(t, context.Background(), Options{}, &workflows.HTTPBody{Method: "GET", URL: srv.URL, Timeout: 50 * time.Millisecond})
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "no complete response within 50ms") {
		t.Fatalf("got %s %q, want failed by the action's timeout", res.Status, res.Message)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s", took)
	}
}

func TestKillAndNodeTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(hang))
	defer srv.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan executors.Result, 1)
	go func() {
		res, _ := run(t, ctx, Options{}, &workflows.HTTPBody{Method: "GET", URL: srv.URL})
		done <- res
	}()
	cancel(executors.ErrKilled)
	select {
	case res := <-done:
		if res.Status != workflows.AttemptKilled {
			t.Fatalf("got %s %q, want killed", res.Status, res.Message)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the kill did not abort the request")
	}

	tctx, tcancel := context.WithTimeoutCause(context.Background(), 30*time.Millisecond, executors.TimedOutAfter(30*time.Millisecond))
	defer tcancel()
	res, _ := run(t, tctx, Options{}, &workflows.HTTPBody{Method: "GET", URL: srv.URL, Timeout: time.Minute})
	if res.Status != workflows.AttemptTimedOut || !strings.Contains(res.Message, "timed out after 30ms") {
		t.Fatalf("got %s %q, want timed_out from the node's timeout", res.Status, res.Message)
	}
}

func TestBodyIsCapped(t *testing.T) {
	big := strings.Repeat("x", 10000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, big) }))
	defer srv.Close()
	res, out := run(t, context.Background(), Options{MaxBody: 100}, &workflows.HTTPBody{Method: "GET", URL: srv.URL})
	if res.Status != workflows.AttemptSucceeded {
		t.Fatalf("%s %s", res.Status, res.Message)
	}
	if !strings.Contains(out, "\n\n"+strings.Repeat("x", 100)+"\n[response body cut at 100 bytes]\n") {
		t.Fatalf("stdout not capped with a note:\n%s", out)
	}
}

func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String() + "/x"
	l.Close()
	res, _ := run(t, context.Background(), Options{}, &workflows.HTTPBody{Method: "GET", URL: url})
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "connection refused") ||
		!strings.Contains(res.Message, "GET "+url) {
		t.Fatalf("got %s %q", res.Status, res.Message)
	}
}

func TestBadRequest(t *testing.T) {
	res, _ := run(t, context.Background(), Options{}, &workflows.HTTPBody{Method: "GET", URL: "http://bad host/"})
	if res.Status != workflows.AttemptFailed || !strings.Contains(res.Message, "cannot build the request") {
		t.Fatalf("got %s %q", res.Status, res.Message)
	}
	reg := executors.NewRegistry()
	Register(reg, Options{})
	task := httpTask(nil)
	if r := reg.Run(context.Background(), task, executors.TaskIO{}); r.Status != workflows.AttemptFailed {
		t.Fatalf("an http task without a body: %s", r.Status)
	}
}
