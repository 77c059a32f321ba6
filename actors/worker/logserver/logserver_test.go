package logserver

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/workflows/executors"
)

// secret is written outside the log root: no request may ever answer it.
const secret = "TOP-SECRET-OUTSIDE-THE-ROOT"

// fixture is a log root under a directory that also holds a secret file, and a server.
type fixture struct {
	t    testing.TB
	root string
	srv  *httptest.Server
	c    Client
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "logs", "tasks")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "secret"), filepath.Join(dir, "logs", "stdout.log"),
		filepath.Join(dir, "stdout.log")} {
		if err := os.WriteFile(p, []byte(secret), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(Handler(root))
	t.Cleanup(srv.Close)
	return &fixture{t: t, root: root, srv: srv}
}

// write leaves a finished log of ref with text.
func (f *fixture) write(ref Ref, text string) string {
	f.t.Helper()
	dir := worker.LogDir(f.root, ref.Instance, ref.Node, ref.Attempt)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		f.t.Fatal(err)
	}
	name := executors.StdoutLogName
	if ref.Stderr {
		name = executors.StderrLogName
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// get does a raw request (path as sent, not escaped again).
func (f *fixture) get(rawPath string) (int, http.Header, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	req.URL.Opaque = rawPath // sent exactly as written: no cleaning, no escaping
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatalf("GET %s: %v", rawPath, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestViewOfFinishedAndAbsentLogs(t *testing.T) {
	f := newFixture(t)
	out := Ref{Instance: "run-1", Node: "a", Attempt: 1}
	errRef := Ref{Instance: "run-1", Node: "a", Attempt: 1, Stderr: true}
	f.write(out, "line 1\nline 2\n")
	f.write(errRef, "oops\n")
	ctx := context.Background()

	got, err := f.c.View(ctx, f.srv.URL, out)
	if err != nil || string(got) != "line 1\nline 2\n" {
		t.Fatalf("stdout view: %q, %v", got, err)
	}
	got, err = f.c.View(ctx, f.srv.URL, errRef)
	if err != nil || string(got) != "oops\n" {
		t.Fatalf("stderr view: %q, %v", got, err)
	}
	for _, ref := range []Ref{{Instance: "run-1", Node: "a", Attempt: 2}, {Instance: "run-2", Node: "a", Attempt: 1},
		{Instance: "run-1", Node: "b", Attempt: 1, Stderr: true}} {
		got, err := f.c.View(ctx, f.srv.URL, ref)
		if err != nil || got != nil {
			t.Fatalf("absent %s: %q, %v; want nil, nil", ref, got, err)
		}
		if _, size, err := f.c.Range(ctx, f.srv.URL, ref, 0, 10); err != nil || size != 0 {
			t.Fatalf("absent %s, ranged: size %d, %v", ref, size, err)
		}
	}
}

// Names are any text: the client escapes them, the server maps them as the worker does.
func TestNamesThatAreNotPathsRoundTrip(t *testing.T) {
	f := newFixture(t)
	names := []string{"with/slash", "..", "../../secret", "a b%20c?x=1#frag", "日本語", ".hidden", "-dash", "a\x00b"}
	for i, name := range names {
		ref := Ref{Instance: "inst " + name, Node: name, Attempt: i + 1}
		want := "output of " + name + "\n"
		f.write(ref, want)
		got, err := f.c.View(context.Background(), f.srv.URL, ref)
		if err != nil || string(got) != want {
			t.Fatalf("name %q: %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestViewStitchesALiveCappedLog(t *testing.T) {
	f := newFixture(t)
	ref := Ref{Instance: "run-1", Node: "big", Attempt: 1}
	dir := worker.LogDir(f.root, ref.Instance, ref.Node, ref.Attempt)
	logs, err := executors.OpenAttemptLogs(dir, 64)
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	for i := range 50 {
		io.WriteString(logs.Stdout, strings.Repeat(string(rune('a'+i%26)), 9)+"\n")
	}
	want, err := executors.ReadLog(filepath.Join(dir, executors.StdoutLogName))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.c.View(context.Background(), f.srv.URL, ref)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("view %q, want ReadLog's %q", got, want)
	}
	// The tail is in the view although the file holds only the head.
	if !strings.Contains(string(got), "xxxxxxxxx\n") || !strings.HasPrefix(string(got), "aaaaaaaaa\n") {
		t.Fatalf("the view lacks the head or the tail: %q", got)
	}
}

func TestRangeReadsFromAnOffset(t *testing.T) {
	f := newFixture(t)
	ref := Ref{Instance: "run-1", Node: "a", Attempt: 1}
	f.write(ref, "0123456789")
	ctx := context.Background()
	cases := []struct {
		off, max int64
		want     string
	}{
		{0, 4, "0123"}, {4, 100, "456789"}, {9, 1, "9"}, {10, 5, ""}, {50, 5, ""},
	}
	for _, c := range cases {
		data, size, err := f.c.Range(ctx, f.srv.URL, ref, c.off, c.max)
		if err != nil || string(data) != c.want || size != 10 {
			t.Fatalf("offset %d max %d: %q size %d, %v; want %q size 10", c.off, c.max, data, size, err, c.want)
		}
	}
	// Growth shows in the size and the next read.
	f.write(ref, "0123456789abc")
	data, size, err := f.c.Range(ctx, f.srv.URL, ref, 10, 100)
	if err != nil || string(data) != "abc" || size != 13 {
		t.Fatalf("after growth: %q size %d, %v", data, size, err)
	}
}

func TestRangeIsCappedByTheServer(t *testing.T) {
	f := newFixture(t)
	ref := Ref{Instance: "run-1", Node: "a", Attempt: 1}
	f.write(ref, strings.Repeat("x", MaxRange+10))
	code, h, body := f.get("/logs/run-1/a/1/stdout?offset=0&max=99999999")
	if code != http.StatusOK || len(body) != MaxRange || h.Get(SizeHeader) != "1048586" {
		t.Fatalf("status %d, %d bytes, size %q; want 200, %d bytes, size 1048586", code, len(body), h.Get(SizeHeader), MaxRange)
	}
}

func TestMalformedRequestsAreRejected(t *testing.T) {
	f := newFixture(t)
	f.write(Ref{Instance: "run-1", Node: "a", Attempt: 1}, "ok\n")
	cases := []struct {
		path string
		code int
	}{
		{"/logs/run-1/a/0/stdout", 400},
		{"/logs/run-1/a/-1/stdout", 400},
		{"/logs/run-1/a/x/stdout", 400},
		{"/logs/run-1/a/99999999999/stdout", 400},
		{"/logs/run-1/a/1/stdin", 400},
		{"/logs/run-1/a/1/stdout?offset=-1", 400},
		{"/logs/run-1/a/1/stdout?offset=x", 400},
		{"/logs/run-1/a/1/stdout?offset=0&max=0", 400},
		{"/logs/run-1/a/1", 404},
		{"/other", 404},
	}
	for _, c := range cases {
		code, h, body := f.get(c.path)
		if code != c.code {
			t.Errorf("%s: %d %q, want %d", c.path, code, body, c.code)
		}
		if code == 404 && h.Get(AbsentHeader) != "" {
			t.Errorf("%s: a route miss must not read as an absent log", c.path)
		}
	}
	resp, err := f.srv.Client().Post(f.srv.URL+"/logs/run-1/a/1/stdout", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST: %d, want 405", resp.StatusCode)
	}
}

// TestNoTraversal tries to reach files outside the root in every spelling a client could
// send. None may answer the secret.
func TestNoTraversal(t *testing.T) {
	f := newFixture(t)
	paths := []string{
		"/logs/../../secret/x/1/stdout",
		"/logs/..%2F..%2F..%2Fsecret/x/1/stdout",
		"/logs/%2e%2e/%2e%2e/1/stdout",
		"/logs/%2E%2E%2F%2E%2E/%2E%2E/1/stdout",
		"/logs/..%5C..%5Csecret/x/1/stdout",
		"/logs/x/..%2F..%2F..%2F..%2F..%2Fstdout.log%00/1/stdout",
		"/logs/..%2F../..%2F../1/stdout",
		"/logs/%2F/%2F/1/stdout",
		"/logs/x/x/1/..%2F..%2F..%2F..%2Fsecret",
		"/logs/x/x/1/stdout/../../../../../secret",
		"/logs/../../../stdout.log/x/1/stdout",
	}
	for _, p := range paths {
		for _, q := range []string{"", "?offset=0"} {
			code, _, body := f.get(p + q)
			if strings.Contains(body, secret) {
				t.Fatalf("%s%s answered the secret (status %d)", p, q, code)
			}
		}
	}
	// Through the client, with names that would climb out if used as paths.
	for _, name := range []string{"..", "../..", "../../..", "/", "./../secret"} {
		ref := Ref{Instance: name, Node: name, Attempt: 1}
		if got, err := f.c.View(context.Background(), f.srv.URL, ref); err != nil || got != nil {
			t.Fatalf("name %q: %q, %v; want an absent log", name, got, err)
		}
	}
}

func TestSymlinksAreNotFollowed(t *testing.T) {
	f := newFixture(t)
	ref := Ref{Instance: "run-1", Node: "a", Attempt: 1}
	p := f.write(ref, "x")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(filepath.Dir(f.root), "..", "secret"), p); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "?offset=0"} {
		code, _, body := f.get("/logs/run-1/a/1/stdout" + q)
		if strings.Contains(body, secret) || code == http.StatusOK {
			t.Fatalf("symlinked log%s: %d %q", q, code, body)
		}
	}
}

func TestClientRejectsWhatIsNotALogServer(t *testing.T) {
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	var c Client
	if _, err := c.View(context.Background(), other.URL, Ref{Instance: "i", Node: "n", Attempt: 1}); err == nil {
		t.Fatal("a plain 404 read as an empty log")
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("no size header"))
	}))
	defer broken.Close()
	if _, _, err := c.Range(context.Background(), broken.URL, Ref{Instance: "i", Node: "n", Attempt: 1}, 0, 10); err == nil {
		t.Fatal("a ranged answer without a size was accepted")
	}
	// Nobody listening: an error, quickly.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	if _, err := c.View(context.Background(), url, Ref{Instance: "i", Node: "n", Attempt: 1}); err == nil {
		t.Fatal("a closed port gave no error")
	}
}

func TestListenServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	s, err := Listen("127.0.0.1:0", dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Advertised("10.0.0.9"); got != s.Addr() {
		t.Fatalf("Advertised of a specific address: %s, want %s", got, s.Addr())
	}
	ref := Ref{Instance: "i", Node: "n", Attempt: 1}
	if err := os.MkdirAll(worker.LogDir(dir, "i", "n", 1), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(worker.LogDir(dir, "i", "n", 1), executors.StdoutLogName), []byte("hi\n"), 0o644)
	var c Client
	if got, err := c.View(context.Background(), "http://"+s.Addr(), ref); err != nil || string(got) != "hi\n" {
		t.Fatalf("view: %q, %v", got, err)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.View(context.Background(), "http://"+s.Addr(), ref); err == nil {
		t.Fatal("still serving after Shutdown")
	}

	any, err := Listen("0.0.0.0:0", dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer any.Shutdown(context.Background())
	if got := any.Advertised("10.0.0.9"); !strings.HasPrefix(got, "10.0.0.9:") {
		t.Fatalf("Advertised of 0.0.0.0: %s, want 10.0.0.9:port", got)
	}
	if _, err := Listen(s.Addr()+"x", dir, slog.Default()); err == nil {
		t.Fatal("a bad address was accepted")
	}
}

// BenchmarkViewOfAnAttempt is what a non-following read costs per attempt over loopback: one
// stdout view and one absent stderr. Measured on two shared cores: 0.17–0.31 ms; it was
// 1.3 ms before the client drained 404 bodies (each closed connection meant a new one), so a
// 10,000-node instance's whole log takes a few seconds from remote workers.
func BenchmarkViewOfAnAttempt(b *testing.B) {
	f := newFixture(b)
	out := Ref{Instance: "run-1", Node: "a", Attempt: 1}
	f.write(out, "hello\n")
	errRef := out
	errRef.Stderr = true
	ctx := context.Background()
	for b.Loop() {
		if _, err := f.c.View(ctx, f.srv.URL, out); err != nil {
			b.Fatal(err)
		}
		if _, err := f.c.View(ctx, f.srv.URL, errRef); err != nil {
			b.Fatal(err)
		}
	}
}
