package httpapi

import (
	"errors"
	"io"
	"math"
	"net/http"
	"time"
)

// logChunk bounds one read of a log; with follow each read is flushed as it arrives.
const logChunk = 32 << 10

// instanceLog streams an instance's log as text. Errors before the first byte get the JSON
// error body; after it the status is sent, so a failing reader cuts the connection short
// (http.ErrAbortHandler) rather than ending it cleanly and passing a truncated log off as whole.
func (s *server) instanceLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	attempt, err := intParam(q, "attempt", 0, 0, math.MaxInt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	follow, err := boolParam(q, "follow")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.b.OpenLog(r.Context(), r.PathValue("id"), q.Get("node"), attempt, follow)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()

	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	ctl := http.NewResponseController(w)
	started := false
	if follow {
		// A followed log lives as long as the instance: lift the server's write timeout, ask
		// proxies not to buffer, and send the headers now so the client's header timeout holds.
		_ = ctl.SetWriteDeadline(time.Time{})
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		_ = ctl.Flush()
		started = true
	}
	buf := make([]byte, logChunk)
	for {
		n, err := rc.Read(buf)
		if n > 0 {
			started = true
			if _, werr := w.Write(buf[:n]); werr != nil {
				return // the client went away
			}
			if follow {
				_ = ctl.Flush()
			}
		}
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF):
			return
		case r.Context().Err() != nil:
			return // the client went away; the reader merely noticed
		case !started:
			s.fail(w, r, err)
			return
		}
		s.log.ErrorContext(r.Context(), "http: log stream failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}
