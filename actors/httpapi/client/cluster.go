package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

// XMLConfig lists every file of the scanned xmlconfig directory with its load status and
// problems, by path: GET /api/v1/xmlconfig (no limit: the whole list). See XMLConfigPage.
func (c *Client) XMLConfig(ctx context.Context) (apiv1.List[apiv1.XMLFile], error) {
	return c.XMLConfigPage(ctx, XMLFileFilter{})
}

// XMLFileFilter narrows XMLConfigPage; zero fields are left to the server (no Limit: every
// file from Offset on).
type XMLFileFilter struct {
	Status string // loaded (or ok), error, disabled
	Limit  int    // 1…1000
	Offset int
}

// XMLConfigPage returns one page of the xmlconfig files, by path, with the number matching
// the filter: GET /api/v1/xmlconfig?status=&limit=&offset=.
func (c *Client) XMLConfigPage(ctx context.Context, f XMLFileFilter) (apiv1.List[apiv1.XMLFile], error) {
	q := url.Values{}
	setIf(q, "status", f.Status)
	page(q, f.Limit, f.Offset)
	var out apiv1.List[apiv1.XMLFile]
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/xmlconfig", query: q}, &out)
	return out, err
}

// Members lists the cluster's nodes: GET /api/v1/cluster/members.
func (c *Client) Members(ctx context.Context) (apiv1.List[apiv1.Member], error) {
	var out apiv1.List[apiv1.Member]
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/cluster/members"}, &out)
	return out, err
}

// Front returns the dashboard: GET /api/v1/front.
func (c *Client) Front(ctx context.Context) (apiv1.Front, error) {
	var out apiv1.Front
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/v1/front"}, &out)
	return out, err
}

// Livez returns nil when the process answers: GET /livez.
func (c *Client) Livez(ctx context.Context) error {
	_, err := c.text(ctx, request{method: http.MethodGet, path: "/livez"})
	return err
}

// Readyz returns nil when the node is ready to serve (200); a 503 comes back as an *Error with
// code "unavailable": GET /readyz.
func (c *Client) Readyz(ctx context.Context) error {
	_, err := c.text(ctx, request{method: http.MethodGet, path: "/readyz"})
	return err
}

// Metrics returns the Prometheus text exposition: GET /metrics.
func (c *Client) Metrics(ctx context.Context) (string, error) {
	return c.text(ctx, request{method: http.MethodGet, path: "/metrics"})
}
