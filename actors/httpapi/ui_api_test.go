package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func TestRunGrid(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "GET", target: "/api/v1/workflows/etl%2Fdaily/grid?limit=25&offset=50"})
	var got apiv1.List[apiv1.Instance]
	if rec.Code != http.StatusOK || jsonStrict(rec.Body.Bytes(), &got) != nil || len(got.Items) != 1 ||
		got.Items[0].Nodes[0].Status != "succeeded" {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	want := call{"RunGrid", []any{"etl/daily", 25, 50}}
	if calls := hs.fake.seen(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
	if rec := hs.do(req{method: "GET", target: "/api/v1/workflows/x/grid?limit=5000"}); rec.Code != http.StatusBadRequest {
		t.Errorf("limit 5000 = %d, want 400", rec.Code)
	}
	hs.fake.errs["RunGrid"] = notFoundf("gone")
	if rec := hs.do(req{method: "GET", target: "/api/v1/workflows/x/grid"}); rec.Code != http.StatusNotFound {
		t.Errorf("backend error = %d, want 404", rec.Code)
	}
}

func TestWorkflowDirs(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	rec := hs.do(req{method: "GET", target: "/api/v1/dirs"})
	var got apiv1.List[apiv1.Dir]
	if rec.Code != http.StatusOK || jsonStrict(rec.Body.Bytes(), &got) != nil || len(got.Items) != 2 || got.Items[1].Path != "etl" {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
}

// sseEvents parses a text/event-stream body into (event, id, data) triples.
func sseEvents(t *testing.T, body string) [][3]string {
	t.Helper()
	var out [][3]string
	for _, block := range strings.Split(body, "\n\n") {
		var ev [3]string
		for _, line := range strings.Split(block, "\n") {
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "event":
				ev[0] = v
			case "id":
				ev[1] = v
			case "data":
				ev[2] = v
			}
		}
		if ev[0] != "" {
			out = append(out, ev)
		}
	}
	return out
}

// TestLogEvents: the log arrives as JSON-string chunks that never split a UTF-8 character,
// each with the byte count so far as its id, then an end event; the backend is asked to follow.
func TestLogEvents(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	text := "first line\n统计 done\n"
	cut := strings.Index(text, "计") + 1 // inside the character
	hs.fake.openLog = func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(&chunked{parts: []string{text[:cut], text[cut:]}}), nil
	}
	rec := hs.do(req{method: "GET", target: "/api/v1/instances/i-1/log/events?node=load&attempt=2"})
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("got %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	evs := sseEvents(t, rec.Body.String())
	var joined string
	for _, ev := range evs[:len(evs)-1] {
		var chunk string
		if ev[0] != "log" || json.Unmarshal([]byte(ev[2]), &chunk) != nil || strings.ContainsRune(chunk, '\uFFFD') {
			t.Fatalf("event %q", ev)
		}
		joined += chunk
	}
	if joined != text || evs[len(evs)-1][0] != "end" || evs[len(evs)-2][1] != strconv.Itoa(len(text)) {
		t.Errorf("events %q", evs)
	}
	want := call{"OpenLog", []any{"i-1", "load", 2, true}}
	if calls := hs.fake.seen(); !reflect.DeepEqual(calls[0], want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
}

// TestLogEventsResume: Last-Event-ID skips the bytes already delivered.
func TestLogEventsResume(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	r := mustRequest(t, "GET", "/api/v1/instances/i-1/log/events")
	r.Header.Set("Last-Event-ID", "7")
	evs := sseEvents(t, serve(hs.h, r).Body.String())
	if len(evs) != 2 || evs[0][2] != `"line 2\n"` || evs[0][1] != "14" || evs[1][0] != "end" {
		t.Errorf("events %q", evs)
	}
	r.Header.Set("Last-Event-ID", "x")
	if rec := serve(hs.h, r); rec.Code != http.StatusBadRequest {
		t.Errorf("bad Last-Event-ID = %d", rec.Code)
	}
}

// TestLogEventsErrors: open failures are plain error answers; a failure midway is an error event.
func TestLogEventsErrors(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	hs.fake.errs["OpenLog"] = notFoundf("no instance i-1")
	if rec := hs.do(req{method: "GET", target: "/api/v1/instances/i-1/log/events"}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown instance = %d", rec.Code)
	}
	hs = newHarness(t, Options{})
	hs.fake.openLog = func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(&chunked{parts: []string{"some"}, err: errors.New("disk on fire")}), nil
	}
	evs := sseEvents(t, hs.do(req{method: "GET", target: "/api/v1/instances/i-1/log/events"}).Body.String())
	if len(evs) != 2 || evs[1][0] != "error" || !strings.Contains(evs[1][2], `"internal"`) || strings.Contains(evs[1][2], "fire") {
		t.Errorf("events %q", evs)
	}
}

// chunked returns its parts one Read at a time, then err (io.EOF when nil).
type chunked struct {
	parts []string
	err   error
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.parts) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		return 0, io.EOF
	}
	n := copy(p, c.parts[0])
	c.parts[0] = c.parts[0][n:]
	if c.parts[0] == "" {
		c.parts = c.parts[1:]
	}
	return n, nil
}

// TestEmbeddedUI: without Options.UI the embedded UI is under /ui/, browsers asking for / are
// sent there and everything else asking for / gets the text index.
func TestEmbeddedUI(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, Options{})
	r := mustRequest(t, "GET", "/")
	r.Header.Set("Accept", "text/html,application/xhtml+xml")
	if rec := serve(hs.h, r); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/ui/" {
		t.Errorf("browser GET / = %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec := hs.do(req{method: "GET", target: "/ui/workflows/daily"})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="main"`) {
		t.Errorf("client route = %d %s", rec.Code, rec.Body)
	}
	if rec := hs.do(req{method: "GET", target: "/api/v1/nope"}); rec.Code != http.StatusNotFound ||
		decodeError(t, rec.Body.Bytes()).Code != "not_found" {
		t.Errorf("API typo = %d %s", rec.Code, rec.Body)
	}
}
