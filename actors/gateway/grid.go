package gateway

import (
	"context"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows/store"
)

// RunGrid pages a workflow's instances newest first with their nodes (the store's full
// records: one page, never the history), keeping of each node only what a grid cell shows:
// name, kind, type, status, attempt count and times. An unknown workflow is an empty page,
// as for ListInstances: its history may outlive its definition.
func (g *Gateway) RunGrid(ctx context.Context, workflow string, limit, offset int) (apiv1.List[apiv1.Instance], error) {
	if err := ctx.Err(); err != nil {
		return apiv1.List[apiv1.Instance]{}, mapErr(err, "read the runs of "+workflow)
	}
	if limit <= 0 {
		limit = defaultLimit
	}
	recs, total, err := g.cfg.Store.Instances(store.InstanceQuery{Workflow: workflow, Limit: limit,
		Offset: offset, Full: true})
	if err != nil {
		return apiv1.List[apiv1.Instance]{}, mapErr(err, "read the runs of "+workflow)
	}
	items := make([]apiv1.Instance, len(recs))
	for i, rec := range recs {
		in := instanceOf(rec, true)
		for j := range in.Nodes {
			in.Nodes[j].AttemptList, in.Nodes[j].Outputs, in.Nodes[j].Message = nil, nil, ""
		}
		items[i] = in
	}
	return apiv1.List[apiv1.Instance]{Items: items, Total: total}, nil
}
