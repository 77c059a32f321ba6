package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// DefaultTimeout bounds one request unless WithTimeout says otherwise.
const DefaultTimeout = 30 * time.Second

// Client calls one actorflow server. It is safe for concurrent use.
type Client struct {
	base    *url.URL // scheme://host[/prefix], no trailing slash
	baseErr error    // why the base URL is unusable; returned by every call
	hc      *http.Client
	token   string
	timeout time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithToken sends "Authorization: Bearer <token>" on every request; empty sends nothing.
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// WithHTTPClient replaces the underlying HTTP client (transport, TLS, proxies).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithTimeout bounds each request; zero or negative means no client-side limit.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// New returns a client for the server at baseURL ("http://host:port", optionally with a path
// prefix). A bare "host:port" means http://host:port, matching how addresses appear in flags
// and scripts.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{hc: http.DefaultClient, timeout: DefaultTimeout}
	c.base, c.baseErr = parseBase(baseURL)
	for _, o := range opts {
		o(c)
	}
	return c
}

// BaseURL is the server address the client calls, normalised; empty when it is unusable.
func (c *Client) BaseURL() string {
	if c.base == nil {
		return ""
	}
	return c.base.String()
}

func parseBase(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = errors.New("want http://host:port or https://host:port")
	}
	if err != nil {
		return nil, &Error{Code: string(workflows.CodeInvalid),
			Message: fmt.Sprintf("invalid server address %q: %v", raw, err)}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// request is one HTTP exchange before it is sent.
type request struct {
	method      string
	path        string // escaped, starting with "/", appended to the base path
	query       url.Values
	body        []byte
	contentType string
	accept      string
	stream      bool // the timeout covers the headers only (see InstanceLog)
}

// errTimeout is the cause a context carries when the client's own deadline expired, which
// tells it apart from a caller's cancellation.
var errTimeout = errors.New("client timeout")

// exchange is a 2xx response still being read, with the context that bounds it.
type exchange struct {
	resp *http.Response
	ctx  context.Context // carries errTimeout as its cause when the client's deadline hit
	stop func()          // releases the timer and the context
}

func (x *exchange) Read(p []byte) (int, error) { return x.resp.Body.Read(p) }

func (x *exchange) Close() error {
	err := x.resp.Body.Close()
	x.stop()
	return err
}

// send performs r and returns a 2xx exchange the caller must Close; any other status is
// decoded into an *Error.
func (c *Client) send(ctx context.Context, r request) (*exchange, error) {
	if c.baseErr != nil {
		return nil, c.baseErr
	}
	ctx, cancel := context.WithCancelCause(ctx)
	var timer *time.Timer
	if c.timeout > 0 {
		timer = time.AfterFunc(c.timeout, func() { cancel(errTimeout) })
	}
	stop := func() {
		if timer != nil {
			timer.Stop()
		}
		cancel(nil)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.url(r.path, r.query), bytes.NewReader(r.body))
	if err != nil {
		stop()
		return nil, &Error{Code: string(workflows.CodeInvalid), Message: err.Error(), cause: err}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", r.accept)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if r.stream && timer != nil {
		timer.Stop() // headers are in; the body may stream for as long as it needs
	}
	if err != nil {
		defer stop()
		return nil, c.failure(ctx, r, err)
	}
	x := &exchange{resp: resp, ctx: ctx, stop: stop}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer x.Close()
		return nil, decodeError(resp)
	}
	return x, nil
}

// failure turns a failed exchange into an *Error, except a cancellation the caller made, which
// comes back as the caller's context error.
func (c *Client) failure(ctx context.Context, r request, err error) error {
	where := fmt.Sprintf("%s %s", r.method, c.url(r.path, nil))
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, errTimeout):
		return &Error{Code: string(workflows.CodeTimeout), cause: err,
			Message: fmt.Sprintf("%s: no complete answer within %s", where, c.timeout)}
	case cause != nil:
		return fmt.Errorf("%s: %w", where, cause)
	}
	return &Error{Code: string(workflows.CodeUnavailable), cause: err,
		Message: fmt.Sprintf("cannot reach the actorflow server at %s: %v", c.base, rootCause(err))}
}

// rootCause drops url.Error's "Get URL:" prefix, which the message already says.
func rootCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (c *Client) url(path string, q url.Values) string {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + path
	u.Path, _ = url.PathUnescape(u.RawPath) // path was built from escaped segments
	u.RawQuery = q.Encode()
	return u.String()
}

// do sends r and decodes a JSON answer into out (nil: the body is discarded).
func (c *Client) do(ctx context.Context, r request, out any) error {
	if r.accept == "" {
		r.accept = "application/json"
	}
	x, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer x.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, x)
	} else {
		err = json.NewDecoder(x).Decode(out)
	}
	if err == nil || out == nil && x.ctx.Err() == nil {
		return nil // an unread tail of a body nobody wanted is no failure
	}
	if x.ctx.Err() != nil {
		return c.failure(x.ctx, r, err)
	}
	return &Error{Status: x.resp.StatusCode, Code: string(workflows.CodeInternal), cause: err,
		Message: fmt.Sprintf("%s %s: unreadable response: %v", r.method, r.path, err)}
}

// text sends r and returns the whole body as text.
func (c *Client) text(ctx context.Context, r request) (string, error) {
	r.accept = "text/plain"
	x, err := c.send(ctx, r)
	if err != nil {
		return "", err
	}
	defer x.Close()
	b, err := io.ReadAll(x)
	if err != nil {
		return "", c.failure(x.ctx, r, err)
	}
	return string(b), nil
}

// jsonBody marshals v for a request; the apiv1 shapes always marshal.
func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("client: marshal %T: %v", v, err))
	}
	return b
}

// seg escapes one path segment so a name with "/" or "?" stays one segment.
func seg(s string) string { return url.PathEscape(s) }

// page adds limit/offset when set; zero leaves the server's default.
func page(q url.Values, limit, offset int) {
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	if offset > 0 {
		q.Set("offset", fmt.Sprint(offset))
	}
}

// setIf adds a query parameter only when it has a value.
func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}
