package logserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary request targets: the handler must never panic, never answer
// a file outside the root, and answer 200 only for a well-formed log request.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		"/logs/run-1/a/1/stdout", "/logs/run-1/a/1/stderr?offset=3&max=2", "/logs/..%2F..%2Fsecret/x/1/stdout",
		"/logs/%2e%2e/%2e%2e/1/stdout", "/logs/a/b/1/stdout?offset=99999999999999999999", "/logs/a/b/01/stdout",
		"/logs/%00/%ff/1/stdout?max=-1&offset=0",
	} {
		f.Add(s)
	}
	fx := newFixture(f)
	fx.write(Ref{Instance: "run-1", Node: "a", Attempt: 1}, "hello\n")
	h := Handler(fx.root)
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req, err := http.NewRequest(http.MethodGet, "http://worker"+target, nil)
		if err != nil {
			return // not a request a client could send
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if strings.Contains(w.Body.String(), secret) {
			t.Fatalf("%q answered the secret", target)
		}
		if w.Code == http.StatusOK && !strings.HasPrefix(req.URL.Path, "/logs/") {
			t.Fatalf("%q answered 200 outside /logs/", target)
		}
	})
}
