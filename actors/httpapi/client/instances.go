package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// InstanceFilter narrows ListInstances; zero fields are left to the server.
type InstanceFilter struct {
	Workflow string
	Status   string // prep running succeeded failed killed
	Limit    int
	Offset   int
}

// ListInstances returns one page of instances: GET /api/v1/instances.
func (c *Client) ListInstances(ctx context.Context, f InstanceFilter) (apiv1.List[apiv1.Instance], error) {
	q := url.Values{}
	setIf(q, "workflow", f.Workflow)
	setIf(q, "status", f.Status)
	page(q, f.Limit, f.Offset)
	var out apiv1.List[apiv1.Instance]
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/instances", query: q}, &out)
	return out, err
}

// GetInstance returns one instance with its nodes: GET /api/v1/instances/{id}.
func (c *Client) GetInstance(ctx context.Context, id string) (apiv1.Instance, error) {
	var out apiv1.Instance
	err := c.do(ctx, request{method: http.MethodGet, path: instancePath(id)}, &out)
	return out, err
}

// DeleteInstance removes a finished instance and its logs: DELETE /api/v1/instances/{id}.
func (c *Client) DeleteInstance(ctx context.Context, id string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: instancePath(id)}, nil)
}

// KillInstance stops a running or queued instance: POST …/{id}/kill. Killing a finished
// instance fails with code "conflict".
func (c *Client) KillInstance(ctx context.Context, id string) error {
	return c.do(ctx, request{method: http.MethodPost, path: instancePath(id) + "/kill"}, nil)
}

// RerunInstance reruns a finished instance: POST …/{id}/rerun.
func (c *Client) RerunInstance(ctx context.Context, id string, r apiv1.RerunRequest) (apiv1.Created, error) {
	var out apiv1.Created
	err := c.do(ctx, jsonRequest(instancePath(id)+"/rerun", r), &out)
	return out, err
}

// LogOptions selects which log InstanceLog returns.
type LogOptions struct {
	Node    string // one node's output; empty: the whole instance
	Attempt int    // one attempt of that node; 0: the server's default (the latest)
	Follow  bool   // keep streaming until the instance ends
}

// InstanceLog returns an instance's log as text: GET …/{id}/log. The caller must Close the
// reader. With Follow the body streams until the instance ends; stop earlier by cancelling ctx
// or closing the reader.
func (c *Client) InstanceLog(ctx context.Context, id string, o LogOptions) (io.ReadCloser, error) {
	q := url.Values{}
	setIf(q, "node", o.Node)
	if o.Attempt > 0 {
		q.Set("attempt", fmt.Sprint(o.Attempt))
	}
	if o.Follow {
		q.Set("follow", "1")
	}
	x, err := c.send(ctx, request{method: http.MethodGet, path: instancePath(id) + "/log",
		query: q, accept: "text/plain", stream: true})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func instancePath(id string) string { return "/api/v1/instances/" + seg(id) }
