package client

import (
	"context"
	"net/http"
)

// EnableWorkflow switches a coordinator on: POST /api/v1/workflows/{name}/enable. A
// coordinator its XML disables (is-enabled="false") or whose file was removed stays off: the
// server answers "conflict".
func (c *Client) EnableWorkflow(ctx context.Context, name string) error {
	return c.do(ctx, request{method: http.MethodPost, path: workflowPath(name) + "/enable"}, nil)
}

// DisableWorkflow switches a coordinator off: POST /api/v1/workflows/{name}/disable. It then
// does not fire on its own; TriggerWorkflow and RunWorkflow still work.
func (c *Client) DisableWorkflow(ctx context.Context, name string) error {
	return c.do(ctx, request{method: http.MethodPost, path: workflowPath(name) + "/disable"}, nil)
}
