package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// ServeHTTP wraps every request: metrics and a log line, panic recovery, the body cap, then
// the route. Latency uses the monotonic clock, not Options.Now, which is the domain's clock.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer s.observe(sw, r, start) // runs last, so it sees the 500 a recovered panic wrote
	defer s.recoverPanic(sw, r)
	r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
	s.dispatch(sw, r)
}

// dispatch serves the route the mux picks. What the mux itself would answer (404, 405) is
// answered with the JSON error body (the envelope under /akkaflow/) instead of its plain text.
func (s *server) dispatch(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r) // sets r.Pattern and the path values
		return
	}
	probe := &headerProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	fail := s.fail
	if isAkkaflow(r) {
		fail = s.akkaFail
	}
	if probe.status == http.StatusMethodNotAllowed {
		fail(w, r, &methodNotAllowed{method: r.Method, path: r.URL.Path,
			allow: probe.header.Values("Allow")})
		return
	}
	fail(w, r, notFoundf("no route %s %s", r.Method, r.URL.Path))
}

// observe records the request's metrics and log line. Reads log at debug: dashboards poll.
func (s *server) observe(sw *statusWriter, r *http.Request, start time.Time) {
	d := time.Since(start)
	code := sw.code()
	s.metrics.ObserveHTTP(r.Pattern, code, d)
	level := slog.LevelInfo
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		level = slog.LevelDebug
	}
	s.log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path,
		"route", r.Pattern, "status", code, "bytes", sw.bytes, "duration", d,
		"remote", r.RemoteAddr)
}

// recoverPanic turns a handler's panic into a logged 500. http.ErrAbortHandler is re-raised:
// it is how a handler deliberately cuts a response short (a log stream that failed midway).
func (s *server) recoverPanic(sw *statusWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.log.ErrorContext(r.Context(), "http: handler panicked", "method", r.Method,
		"path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	if sw.status != 0 {
		panic(http.ErrAbortHandler) // the answer has begun: only cutting it short is honest
	}
	s.fail(sw, r, fmt.Errorf("panic: %v", v))
}

// statusWriter remembers the status and size of a response. Unwrap lets
// http.ResponseController reach Flush and SetWriteDeadline on the real writer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 { // 1xx are interim: the final status follows
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the status sent, 200 when the handler wrote nothing at all.
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// headerProbe captures what the mux's own 404/405 handler decided, discarding its text body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }

func (p *headerProbe) WriteHeader(code int) { p.status = code }

func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
