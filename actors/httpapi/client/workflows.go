package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// WorkflowFilter narrows ListWorkflows; zero fields are left to the server.
type WorkflowFilter struct {
	Dir    string // only definitions in this directory
	Query  string // free text matched by the server (q=)
	Limit  int
	Offset int
}

// ListWorkflows returns one page of definitions: GET /api/v1/workflows.
func (c *Client) ListWorkflows(ctx context.Context, f WorkflowFilter) (apiv1.List[apiv1.Workflow], error) {
	q := url.Values{}
	setIf(q, "dir", f.Dir)
	setIf(q, "q", f.Query)
	page(q, f.Limit, f.Offset)
	var out apiv1.List[apiv1.Workflow]
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/workflows", query: q}, &out)
	return out, err
}

// GetWorkflow returns one definition with its source and nodes: GET /api/v1/workflows/{name}.
func (c *Client) GetWorkflow(ctx context.Context, name string) (apiv1.WorkflowDetail, error) {
	var out apiv1.WorkflowDetail
	err := c.do(ctx, request{method: http.MethodGet, path: workflowPath(name)}, &out)
	return out, err
}

// DeleteWorkflow removes a definition: DELETE /api/v1/workflows/{name}.
func (c *Client) DeleteWorkflow(ctx context.Context, name string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: workflowPath(name)}, nil)
}

// AddWorkflow creates or replaces a definition from its XML: POST /api/v1/workflows. path, when
// set, is recorded as the definition's source file. An invalid definition fails with code
// "invalid" and every problem in Error.Problems.
func (c *Client) AddWorkflow(ctx context.Context, xml []byte, path string) (apiv1.PutWorkflowResponse, error) {
	q := url.Values{}
	setIf(q, "path", path)
	var out apiv1.PutWorkflowResponse
	err := c.do(ctx, xmlRequest("/api/v1/workflows", q, xml), &out)
	return out, err
}

// CheckWorkflow validates XML without storing it: POST /api/v1/workflows/check.
func (c *Client) CheckWorkflow(ctx context.Context, xml []byte) (apiv1.PutWorkflowResponse, error) {
	var out apiv1.PutWorkflowResponse
	err := c.do(ctx, xmlRequest("/api/v1/workflows/check", nil, xml), &out)
	return out, err
}

// TriggerWorkflow fires a workflow as its coordinator would: POST …/{name}/trigger.
func (c *Client) TriggerWorkflow(ctx context.Context, name string, r apiv1.TriggerRequest) (apiv1.Created, error) {
	var out apiv1.Created
	err := c.do(ctx, jsonRequest(workflowPath(name)+"/trigger", r), &out)
	return out, err
}

// RunWorkflow starts an ad-hoc instance that sets no downstream flags: POST …/{name}/run.
func (c *Client) RunWorkflow(ctx context.Context, name string, r apiv1.RunRequest) (apiv1.Created, error) {
	var out apiv1.Created
	err := c.do(ctx, jsonRequest(workflowPath(name)+"/run", r), &out)
	return out, err
}

// ResetWorkflow clears dependency flags and recomputes the next fire: POST …/{name}/reset.
func (c *Client) ResetWorkflow(ctx context.Context, name string) error {
	return c.do(ctx, request{method: http.MethodPost, path: workflowPath(name) + "/reset"}, nil)
}

// BackfillWorkflow creates one instance per cron slot in [From, To): POST …/{name}/backfill.
func (c *Client) BackfillWorkflow(ctx context.Context, name string, r apiv1.BackfillRequest) (apiv1.BackfillResponse, error) {
	var out apiv1.BackfillResponse
	err := c.do(ctx, jsonRequest(workflowPath(name)+"/backfill", r), &out)
	return out, err
}

func workflowPath(name string) string { return "/api/v1/workflows/" + seg(name) }

func xmlRequest(path string, q url.Values, xml []byte) request {
	return request{method: http.MethodPost, path: path, query: q, body: xml,
		contentType: "application/xml"}
}

func jsonRequest(path string, v any) request {
	return request{method: http.MethodPost, path: path, body: jsonBody(v),
		contentType: "application/json"}
}
