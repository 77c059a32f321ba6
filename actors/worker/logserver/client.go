package logserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Ref names one stream of one attempt's log.
type Ref struct {
	Instance string
	Node     string
	Attempt  int
	Stderr   bool
}

func (r Ref) String() string {
	s := fmt.Sprintf("%s/%s#%d", r.Instance, r.Node, r.Attempt)
	if r.Stderr {
		return s + " stderr"
	}
	return s + " stdout"
}

// urlPath is the request path of r (doc.go).
func (r Ref) urlPath() string {
	stream := "stdout"
	if r.Stderr {
		stream = "stderr"
	}
	return Prefix + escape(r.Instance) + "/" + escape(r.Node) + "/" + strconv.Itoa(r.Attempt) + "/" + stream
}

// escape makes a name one path segment. url.PathEscape leaves "." and ".." as they are,
// which a proxy cleaning the path would take as moves: they are sent as %2E.
func escape(name string) string {
	if name == "." || name == ".." {
		return strings.Repeat("%2E", len(name))
	}
	return url.PathEscape(name)
}

// DefaultTimeout bounds one request of a Client without a Timeout: a worker that is
// partitioned away must not hold a log read for long.
const DefaultTimeout = 10 * time.Second

// maxView bounds a view's body: two capped streams' worth (head and tail of 16 MiB each,
// plus the marker) with room to spare. A longer answer is not a log server's.
const maxView = 64 << 20

// Client reads logs from workers' log servers. The zero value is ready to use.
type Client struct {
	// HTTP does the requests. nil: http.DefaultClient.
	HTTP *http.Client
	// Timeout bounds each request. 0: DefaultTimeout.
	Timeout time.Duration
}

// View returns the readable view of a log from the log server at base ("http://host:port").
// A log without a file is empty: nil, nil.
func (c *Client) View(ctx context.Context, base string, ref Ref) ([]byte, error) {
	resp, cancel, err := c.get(ctx, base+ref.urlPath())
	if err != nil {
		return nil, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	defer cancel()
	defer release(resp)
	if absentReply(resp) {
		return nil, nil
	}
	if err := replyErr(resp); err != nil {
		return nil, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxView+1))
	if err == nil && len(data) > maxView {
		err = fmt.Errorf("answer longer than %d bytes", maxView)
	}
	if err != nil {
		return nil, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	return data, nil
}

// Range returns up to limit bytes of a log file from off and the file's size when read.
// A log without a file gives no data and size 0; a size below off means the file was
// written anew since the caller's last read.
func (c *Client) Range(ctx context.Context, base string, ref Ref, off, limit int64) (data []byte, size int64, err error) {
	u := base + ref.urlPath() + "?offset=" + strconv.FormatInt(off, 10) + "&max=" + strconv.FormatInt(limit, 10)
	resp, cancel, err := c.get(ctx, u)
	if err != nil {
		return nil, 0, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	defer cancel()
	defer release(resp)
	if absentReply(resp) {
		return nil, 0, nil
	}
	if err := replyErr(resp); err != nil {
		return nil, 0, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	size, err = strconv.ParseInt(resp.Header.Get(SizeHeader), 10, 64)
	if err != nil || size < 0 {
		return nil, 0, fmt.Errorf("log %s from %s: no valid %s header (%q)", ref, base, SizeHeader, resp.Header.Get(SizeHeader))
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, min(limit, MaxRange)+1))
	if err == nil && int64(len(data)) > min(limit, MaxRange) {
		err = fmt.Errorf("answer longer than the %d bytes asked for", limit)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("log %s from %s: %w", ref, base, err)
	}
	return data, size, nil
}

// get starts a GET bounded by the client's timeout; cancel releases it once the body is read.
func (c *Client) get(ctx context.Context, u string) (*http.Response, context.CancelFunc, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		cancel()
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the caller names the URL already
		}
		return nil, nil, err
	}
	return resp, cancel, nil
}

// release drains a little of what is left of a body before closing it, so the connection
// goes back to the pool instead of being closed (a 404's text, mostly).
func release(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
}

func absentReply(resp *http.Response) bool {
	return resp.StatusCode == http.StatusNotFound && resp.Header.Get(AbsentHeader) != ""
}

// replyErr is the error of a reply that is not a 200, with the server's one-line reason.
func replyErr(resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	msg := strings.TrimSpace(string(b))
	if resp.StatusCode == http.StatusNotFound {
		return fmt.Errorf("404 without the log server's %s header: not a worker log server (%s)", AbsentHeader, msg)
	}
	return fmt.Errorf("%s: %s", resp.Status, msg)
}
