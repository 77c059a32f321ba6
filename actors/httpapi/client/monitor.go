package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// MonitorFilter narrows ListDataMonitor; zero fields are left to the server.
type MonitorFilter struct {
	Workflow string
	Category string // the 2017 category attribute, else the workflow's name
	Name     string // the 2017 source-name attribute, else the node's name
	Limit    int
	Offset   int
}

// ListDataMonitor returns one page of data-monitor results, newest first:
// GET /api/v1/data-monitor.
func (c *Client) ListDataMonitor(ctx context.Context, f MonitorFilter) (apiv1.List[apiv1.MonitorResult], error) {
	q := url.Values{}
	setIf(q, "workflow", f.Workflow)
	setIf(q, "category", f.Category)
	setIf(q, "name", f.Name)
	page(q, f.Limit, f.Offset)
	var out apiv1.List[apiv1.MonitorResult]
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/data-monitor", query: q}, &out)
	return out, err
}
