package httpcall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// DefaultMaxBody is how much of a response body reaches stdout by default.
const DefaultMaxBody = 1 << 20

// snippetSize is how much of an unexpected response's body the failure message quotes.
const snippetSize = 512

// StatusOutput is the Result.Outputs key holding the response status code.
const StatusOutput = "http.status"

// Options configure the executor.
type Options struct {
	// Client sends the requests; nil means a client of its own with net/http's default
	// transport settings. Its Timeout, if any, applies on top of the action's.
	Client *http.Client
	// MaxBody caps the response bytes written to stdout; 0 means DefaultMaxBody.
	MaxBody int64
}

// Executor runs http actions.
type Executor struct {
	client  *http.Client
	maxBody int64
}

// New returns the http executor.
func New(opt Options) *Executor {
	e := &Executor{client: opt.Client, maxBody: opt.MaxBody}
	if e.client == nil {
		e.client = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if e.maxBody <= 0 {
		e.maxBody = DefaultMaxBody
	}
	return e
}

// Register adds the http executor to reg.
func Register(reg *executors.Registry, opt Options) {
	reg.Register(workflows.ActionHTTP, New(opt))
}

// errCallTimeout is the cause of the action's own timeout, told apart from the node's.
type errCallTimeout struct{ after time.Duration }

func (e errCallTimeout) Error() string { return "no complete response within " + e.after.String() }

// Run implements executors.Executor.
func (e *Executor) Run(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	if ctx.Err() != nil {
		return executors.Interrupted(ctx)
	}
	if t.Action == nil || t.Action.HTTP == nil {
		return executors.Failed("task %s/%s is not an http action", t.InstanceID, t.Node)
	}
	b := t.Action.HTTP
	method := strings.ToUpper(strings.TrimSpace(b.Method))
	if method == "" {
		method = http.MethodGet
	}
	call := method + " " + b.URL
	callCtx := ctx
	if b.Timeout > 0 {
		var cancel context.CancelFunc
		callCtx, cancel = context.WithTimeoutCause(ctx, b.Timeout, errCallTimeout{b.Timeout})
		defer cancel()
	}
	var body io.Reader
	if b.Body != "" {
		body = strings.NewReader(b.Body)
	}
	req, err := http.NewRequestWithContext(callCtx, method, b.URL, body)
	if err != nil {
		return executors.Failed("%s: cannot build the request: %v", call, err)
	}
	for _, h := range b.Headers {
		if strings.EqualFold(h.Name, "Host") {
			req.Host = h.Value // net/http ignores a Host entry in Header
			continue
		}
		req.Header.Add(h.Name, h.Value)
	}
	start := time.Now()
	resp, err := e.client.Do(req)
	if err != nil {
		return e.callFailed(ctx, callCtx, call, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, e.maxBody+1))
	if err != nil {
		return e.callFailed(ctx, callCtx, call+" (reading the response body)", err)
	}
	cut := int64(len(data)) > e.maxBody
	if cut {
		data = data[:e.maxBody]
	}
	writeNote := writeResponse(tio.Stdout, resp, data, cut, e.maxBody)
	took := time.Since(start).Round(time.Millisecond)

	res := executors.Result{ExitCode: -1, Outputs: map[string]string{StatusOutput: strconv.Itoa(resp.StatusCode)}}
	if expected(b.ExpectStatus, resp.StatusCode) {
		res.Status, res.ExitCode = workflows.AttemptSucceeded, 0
		res.Message = fmt.Sprintf("%s answered %s in %s", call, resp.Status, took)
	} else {
		res.Status = workflows.AttemptFailed
		res.Message = fmt.Sprintf("%s answered %s; expected %s", call, resp.Status, describeExpected(b.ExpectStatus))
		if s := snippet(data); s != "" {
			res.Message += "\nresponse body starts with:\n" + s
		}
	}
	if writeNote != "" {
		res.Message += "; " + writeNote
	}
	return res
}

// callFailed turns a transport error into a Result: the caller's cancel is a kill or the
// node's timeout; the action's own timeout and anything else are failures.
func (e *Executor) callFailed(ctx, callCtx context.Context, call string, err error) executors.Result {
	if ctx.Err() != nil {
		return executors.Interrupted(ctx)
	}
	var te errCallTimeout
	if errors.As(context.Cause(callCtx), &te) {
		return executors.Failed("%s: %v (the action's timeout)", call, te)
	}
	return executors.Failed("%s: %v", call, err)
}

func expected(list []int, code int) bool {
	if len(list) == 0 {
		return code >= 200 && code <= 299
	}
	return slices.Contains(list, code)
}

func describeExpected(list []int) string {
	if len(list) == 0 {
		return "a 2xx status"
	}
	parts := make([]string, len(list))
	for i, c := range list {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, " or ")
}

// snippet is the start of a body for a message: printable text only, cut at a rune.
func snippet(data []byte) string {
	if len(data) > snippetSize {
		data = data[:snippetSize]
		for len(data) > 0 && !utf8.Valid(data) {
			data = data[:len(data)-1]
		}
	}
	if !utf8.Valid(data) {
		return fmt.Sprintf("[%d bytes of binary data]", len(data))
	}
	return strings.TrimSpace(string(data))
}

// writeResponse prints the response to w; it returns a note if w failed (the call's
// result stands regardless).
func writeResponse(w io.Writer, resp *http.Response, body []byte, cut bool, max int64) string {
	if w == nil {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s\n", resp.Proto, resp.Status)
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range resp.Header[k] {
			fmt.Fprintf(&sb, "%s: %s\n", k, v)
		}
	}
	sb.WriteString("\n")
	if _, err := io.WriteString(w, sb.String()); err != nil {
		return "cannot write the response to stdout: " + err.Error()
	}
	if _, err := w.Write(body); err != nil {
		return "cannot write the response to stdout: " + err.Error()
	}
	tail := "\n"
	if cut {
		tail = fmt.Sprintf("\n[response body cut at %d bytes]\n", max)
	}
	if _, err := io.WriteString(w, tail); err != nil {
		return "cannot write the response to stdout: " + err.Error()
	}
	return ""
}
