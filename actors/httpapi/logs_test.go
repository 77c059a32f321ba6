package httpapi

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

func TestLogWhole(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "GET", target: "/api/v1/instances/i%2F1/log?node=load&attempt=2"})
	if rec.Code != http.StatusOK || rec.Body.String() != "line 1\nline 2\n" {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	want := call{"OpenLog", []any{"i/1", "load", 2, false}}
	if calls := hs.fake.seen(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
}

func TestLogOpenError(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.errs["OpenLog"] = notFoundf("no instance i-1")
	rec := hs.do(req{method: "GET", target: "/api/v1/instances/i-1/log?follow=1"})
	if rec.Code != http.StatusNotFound || decodeError(t, rec.Body.Bytes()).Code != "not_found" {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}

// TestLogFollowStreams: with follow=1 the client receives each chunk as the backend produces
// it, long before the stream ends, and the response ends when the backend's reader does.
func TestLogFollowStreams(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	pr, pw := io.Pipe()
	hs.fake.openLog = func(context.Context) (io.ReadCloser, error) { return pr, nil }
	srv := httptest.NewServer(hs.h)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/api/v1/instances/i-1/log?node=load&follow=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewReader(resp.Body)
	for _, chunk := range []string{"first\n", "second\n"} {
		if _, err := io.WriteString(pw, chunk); err != nil {
			t.Fatal(err)
		}
		// The stream is still open (pw is not closed), so this line can only arrive by a flush.
		got, err := lines.ReadString('\n')
		if err != nil || got != chunk {
			t.Fatalf("read %q, %v; want %q while the stream is open", got, err, chunk)
		}
	}
	_ = pw.Close() // the instance ended
	rest, err := io.ReadAll(lines)
	if err != nil || len(rest) != 0 {
		t.Fatalf("after the end: %q, %v; want a clean end", rest, err)
	}
	want := call{"OpenLog", []any{"i-1", "load", 0, true}}
	if calls := hs.fake.seen(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
}

// TestLogFollowClientLeaves: when the client goes away the backend's context is cancelled and
// its reader closed.
func TestLogFollowClientLeaves(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	closed := make(chan struct{})
	ctxDone := make(chan struct{})
	hs.fake.openLog = func(ctx context.Context) (io.ReadCloser, error) {
		return &ctxReader{ctx: ctx, done: ctxDone, closed: closed}, nil
	}
	srv := httptest.NewServer(hs.h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/instances/i-1/log?follow=true", nil)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := bufio.NewReader(resp.Body).ReadString('\n'); got != "hello\n" {
		t.Fatalf("first line %q", got)
	}
	cancel()
	_ = resp.Body.Close()
	<-ctxDone
	<-closed
}

// ctxReader emits one line, then blocks until its context ends, like a followed log.
type ctxReader struct {
	ctx    context.Context
	sent   bool
	done   chan struct{}
	closed chan struct{}
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if !c.sent {
		c.sent = true
		return copy(p, "hello\n"), nil
	}
	<-c.ctx.Done()
	close(c.done)
	return 0, c.ctx.Err()
}

func (c *ctxReader) Close() error {
	close(c.closed)
	return nil
}

// TestLogFailsMidStream: a reader error after output has been produced cuts the connection,
// so the client sees an error instead of a log that merely looks complete.
func TestLogFailsMidStream(t *testing.T) {
	t.Parallel()
	for _, follow := range []bool{false, true} {
		hs := newHarness(t, Options{})
		hs.fake.openLog = func(context.Context) (io.ReadCloser, error) {
			return io.NopCloser(io.MultiReader(
				&onceReader{data: "partial\n"},
				&errReader{err: errors.New("disk gone")})), nil
		}
		srv := httptest.NewServer(hs.h)
		target := srv.URL + "/api/v1/instances/i-1/log"
		if follow {
			target += "?follow=1"
		}
		resp, err := http.Get(target)
		switch {
		case err != nil && !follow:
			// Unflushed, the partial output was still in the server's buffer when the
			// connection was cut: the error arrives instead of the headers.
		case err != nil:
			t.Errorf("follow: %v; want the headers, flushed before any output", err)
		default:
			body, err := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err == nil {
				t.Errorf("follow=%v: read %q to a clean end; want an error", follow, body)
			}
		}
		srv.Close()
	}
}

type onceReader struct{ data string }

func (o *onceReader) Read(p []byte) (int, error) {
	if o.data == "" {
		return 0, io.EOF
	}
	n := copy(p, o.data)
	o.data = o.data[n:]
	return n, nil
}

type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

// TestLogFailsBeforeOutput: a reader error before any byte is an ordinary error answer.
func TestLogFailsBeforeOutput(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.openLog = func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(&errReader{err: notFoundf("attempt 3 has no log")}), nil
	}
	rec := hs.do(req{method: "GET", target: "/api/v1/instances/i-1/log?attempt=3"})
	if rec.Code != http.StatusNotFound || decodeError(t, rec.Body.Bytes()).Message != "attempt 3 has no log" {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}
