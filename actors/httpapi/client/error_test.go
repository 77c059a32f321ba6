package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

func TestErrorEnvelopeDecoded(t *testing.T) {
	t.Parallel()
	problems := []apiv1.Problem{
		{File: "a.xml", Line: 3, Col: 7, Severity: "error", Code: "unknown-element", Message: "unknown <foo>"},
		{Line: 9, Severity: "error", Code: "no-end", Message: "no path reaches <end>"},
	}
	f := newFake(t, replyJSON(http.StatusBadRequest, apiv1.ErrorBody{Error: apiv1.Error{
		Code: "invalid", Message: "2 problems", Problems: problems}}))
	_, err := New(f.URL).AddWorkflow(ctx(), []byte("<x/>"), "")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want *Error", err, err)
	}
	if e.Status != 400 || e.Code != "invalid" || e.Message != "2 problems" || !reflect.DeepEqual(e.Problems, problems) {
		t.Errorf("decoded %+v", e)
	}
	if !IsInvalid(err) || IsNotFound(err) {
		t.Error("classified wrongly")
	}
}

// TestClassify covers each class the CLI maps to an exit code, from a server that speaks the
// envelope and from one (or a proxy in front of it) that does not.
func TestClassify(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    workflows.Code
		is      func(error) bool
	}{
		{"not found envelope", envelope(404, "not_found"), workflows.CodeNotFound, IsNotFound},
		{"invalid envelope", envelope(400, "invalid"), workflows.CodeInvalid, IsInvalid},
		{"conflict envelope", envelope(409, "conflict"), workflows.CodeConflict, IsConflict},
		{"unavailable envelope", envelope(503, "unavailable"), workflows.CodeUnavailable, IsUnavailable},
		{"unauthorized envelope", envelope(401, "unauthorized"), workflows.CodeUnauthorized, IsUnauthorized},
		{"timeout envelope", envelope(504, "timeout"), workflows.CodeTimeout, IsUnavailable},
		{"internal envelope", envelope(500, "internal"), workflows.CodeInternal, nil},
		{"code unknown to this client falls back to status", envelope(409, "rate_limited"), workflows.CodeConflict, IsConflict},
		{"plain 404", replyText(404, "404 page not found\n"), workflows.CodeNotFound, IsNotFound},
		{"plain 403", replyText(403, "forbidden"), workflows.CodeUnauthorized, IsUnauthorized},
		{"proxy 502 html", replyText(502, "<html>bad gateway</html>"), workflows.CodeUnavailable, IsUnavailable},
		{"plain 500", replyText(500, ""), workflows.CodeInternal, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tc.handler)
			err := New(f.URL).KillInstance(ctx(), "i-1")
			if got := Classify(err); got != tc.want {
				t.Errorf("Classify = %q, want %q (err %v)", got, tc.want, err)
			}
			if tc.is != nil && !tc.is(err) {
				t.Errorf("helper does not recognise %v", err)
			}
		})
	}
}

func envelope(status int, code string) http.HandlerFunc {
	return replyJSON(status, apiv1.ErrorBody{Error: apiv1.Error{Code: code, Message: "msg " + code}})
}

func TestFallbackMessage(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyText(404, "404 page not found\n"))
	err := New(f.URL).KillInstance(ctx(), "i-1")
	if want := "HTTP 404 Not Found: 404 page not found"; err == nil || err.Error() != want {
		t.Errorf("message = %v, want %q", err, want)
	}
	g := newFake(t, replyText(502, "<html>bad gateway</html>"))
	err = New(g.URL).KillInstance(ctx(), "i-1")
	if want := "HTTP 502 Bad Gateway"; err == nil || err.Error() != want {
		t.Errorf("message = %v, want %q without the HTML", err, want)
	}
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyJSON(200, apiv1.Front{}))
	f.Close() // nothing listens there any more
	_, err := New(f.URL).Front(ctx())
	var e *Error
	if !errors.As(err, &e) || e.Status != 0 || !IsUnavailable(err) {
		t.Fatalf("err = %#v, want a Status-0 unavailable *Error", err)
	}
	if errors.Unwrap(err) == nil {
		t.Error("the transport error is not kept")
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	f := newFake(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	_, err := New(f.URL, WithTimeout(20*time.Millisecond)).Front(ctx())
	if Classify(err) != workflows.CodeTimeout || !IsUnavailable(err) {
		t.Fatalf("err = %v, want timeout", err)
	}
}

// TestCallerCancel: a cancellation the caller made is its own error, not the server's fault.
func TestCallerCancel(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	f := newFake(t, func(_ http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	})
	c, cancel := context.WithCancel(ctx())
	go func() {
		<-arrived
		cancel()
	}()
	_, err := New(f.URL).Front(c)
	var e *Error
	if !errors.Is(err, context.Canceled) || errors.As(err, &e) {
		t.Fatalf("err = %#v, want context.Canceled and no *Error", err)
	}
}

func TestUnreadableAnswer(t *testing.T) {
	t.Parallel()
	f := newFake(t, replyText(200, "<html>login page</html>"))
	_, err := New(f.URL).Front(ctx())
	if Classify(err) != workflows.CodeInternal {
		t.Fatalf("err = %v, want internal", err)
	}
}
