package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// instanceLogEvents streams an instance's log as server-sent events (text/event-stream), for
// browsers: EventSource cannot read a plain streamed body incrementally everywhere, and it
// reconnects by itself. The query is that of /log (node, attempt); the log is always followed.
//
// Events:
//   - "log": data is one chunk as a JSON string (a chunk may hold any bytes, newlines included;
//     JSON keeps each event on one data line). Chunks end on UTF-8 boundaries. id is the number
//     of log bytes sent so far, so a reconnecting EventSource (Last-Event-ID) resumes after them.
//   - "end": the log is complete (the backend's reader ended); the client should close.
//   - "error": data is a JSON {"code","message"} (open failures, a reader failing midway).
//
// Errors before the stream starts (bad query, unknown instance) are answered like /log: the
// JSON error body with its status, which EventSource reports as a failed connection.
func (s *server) instanceLogEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	attempt, err := intParam(q, "attempt", 0, 0, math.MaxInt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	skip, err := resumeOffset(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.b.OpenLog(r.Context(), r.PathValue("id"), q.Get("node"), attempt, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	ctl := http.NewResponseController(w)
	_ = ctl.SetWriteDeadline(time.Time{}) // the stream lives as long as the instance
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "retry: 2000\n\n")
	_ = ctl.Flush()

	sse := sseLog{w: w, ctl: ctl, sent: skip}
	buf := make([]byte, logChunk)
	for {
		n, err := rc.Read(buf)
		if n > 0 {
			data := buf[:n]
			if skip > 0 { // already delivered before the client reconnected
				d := min(int64(n), skip)
				data, skip = data[d:], skip-d
			}
			if !sse.chunk(data) {
				return // the client went away
			}
		}
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF):
			sse.flushTail()
			sse.event("end", "", "{}")
			return
		case r.Context().Err() != nil:
			return
		}
		f := s.prepareFailure(w, r, err)
		body, _ := json.Marshal(map[string]string{"code": f.body.Code, "message": f.body.Message})
		sse.event("error", "", string(body))
		return
	}
}

// resumeOffset reads Last-Event-ID (a byte count this stream sent before); absent is 0.
func resumeOffset(r *http.Request) (int64, error) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, invalidf("Last-Event-ID %q: want the byte count of an earlier log event", v)
	}
	return n, nil
}

// sseLog writes log events; tail holds the start of a UTF-8 sequence split by a read, so no
// event carries half a character (JSON would turn it into U+FFFD).
type sseLog struct {
	w    io.Writer
	ctl  *http.ResponseController
	tail []byte
	sent int64
}

func (s *sseLog) chunk(p []byte) bool {
	data := append(s.tail, p...)
	cut := len(data) - partialRune(data)
	s.tail = append([]byte(nil), data[cut:]...)
	if cut == 0 {
		return true
	}
	s.sent += int64(cut)
	return s.event("log", strconv.FormatInt(s.sent, 10), jsonString(data[:cut]))
}

// flushTail sends what is left of a cut sequence: the log really ends with it.
func (s *sseLog) flushTail() {
	if len(s.tail) > 0 {
		s.sent += int64(len(s.tail))
		s.event("log", strconv.FormatInt(s.sent, 10), jsonString(s.tail))
		s.tail = nil
	}
}

func (s *sseLog) event(name, id, data string) bool {
	msg := "event: " + name + "\n"
	if id != "" {
		msg += "id: " + id + "\n"
	}
	msg += "data: " + data + "\n\n"
	if _, err := io.WriteString(s.w, msg); err != nil {
		return false
	}
	_ = s.ctl.Flush()
	return true
}

// partialRune is how many bytes at the end of p start a UTF-8 sequence that p does not finish.
func partialRune(p []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(p); k++ {
		b := p[len(p)-k]
		if b < utf8.RuneSelf {
			return 0 // ASCII: nothing pending
		}
		if utf8.RuneStart(b) {
			if utf8.FullRune(p[len(p)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

func jsonString(p []byte) string {
	b, _ := json.Marshal(string(p)) // strings always marshal
	return string(b)
}
