package gateway

import (
	"context"
	"maps"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// ListInstances pages instances newest first from the store's indexes (headers only: a list
// never loads nodes or definitions).
func (g *Gateway) ListInstances(ctx context.Context, q httpapi.InstanceQuery) (apiv1.List[apiv1.Instance], error) {
	if err := ctx.Err(); err != nil {
		return apiv1.List[apiv1.Instance]{}, mapErr(err, "list instances")
	}
	sq := store.InstanceQuery{Workflow: q.Workflow, Limit: q.Limit, Offset: q.Offset}
	if sq.Limit <= 0 {
		sq.Limit = defaultLimit
	}
	if q.Status != "" {
		st, err := workflows.ParseInstanceStatus(q.Status)
		if err != nil {
			return apiv1.List[apiv1.Instance]{}, err
		}
		sq.Status = &st
	}
	recs, total, err := g.cfg.Store.Instances(sq)
	if err != nil {
		return apiv1.List[apiv1.Instance]{}, mapErr(err, "list instances")
	}
	items := make([]apiv1.Instance, len(recs))
	for i, rec := range recs {
		items[i] = instanceOf(rec, false)
	}
	return apiv1.List[apiv1.Instance]{Items: items, Total: total}, nil
}

// GetInstance returns one instance with its nodes in document order, each with its kind and
// action type (from the definition the instance runs), attempts and outputs.
func (g *Gateway) GetInstance(ctx context.Context, id string) (apiv1.Instance, error) {
	rec, err := g.instance(ctx, id)
	if err != nil {
		return apiv1.Instance{}, err
	}
	return instanceOf(rec, true), nil
}

// instance reads one instance with its nodes and definition.
func (g *Gateway) instance(ctx context.Context, id string) (store.InstanceRecord, error) {
	if err := ctx.Err(); err != nil {
		return store.InstanceRecord{}, mapErr(err, "read instance "+id)
	}
	rec, ok, err := g.cfg.Store.Instance(id)
	if err != nil {
		return store.InstanceRecord{}, mapErr(err, "read instance "+id)
	}
	if !ok {
		return store.InstanceRecord{}, notFoundf("no instance %q", id)
	}
	return rec, nil
}

// instanceOf converts a stored instance; withNodes adds its nodes (the record must be full).
func instanceOf(rec store.InstanceRecord, withNodes bool) apiv1.Instance {
	in := rec.Instance
	out := apiv1.Instance{ID: in.ID, Workflow: in.Workflow, Status: in.Status.String(),
		Trigger: string(in.Trigger), Params: maps.Clone(in.Params), Scheduled: apiv1.At(in.Scheduled),
		Created: apiv1.At(in.Created), Started: apiv1.At(in.Started), Ended: apiv1.At(in.Ended),
		Message: in.Message, Group: rec.Group}
	if out.Params == nil {
		out.Params = map[string]string{} // the wire shape has params always
	}
	if !withNodes {
		return out
	}
	kinds := shapes(rec.Definition)
	out.Nodes = make([]apiv1.Node, len(in.Nodes))
	for i, n := range in.Nodes {
		out.Nodes[i] = nodeOf(n, kinds[n.Name])
	}
	return out
}

func nodeOf(n workflows.NodeRun, s shape) apiv1.Node {
	out := apiv1.Node{Name: n.Name, Kind: s.kind, Type: s.typ, Status: n.Status.String(),
		Attempts: len(n.Attempts), Started: apiv1.At(n.Started), Ended: apiv1.At(n.Ended),
		Message: n.Message, Outputs: maps.Clone(n.Outputs)}
	if len(n.Attempts) > 0 {
		out.AttemptList = make([]apiv1.Attempt, len(n.Attempts))
		for i, a := range n.Attempts {
			out.AttemptList[i] = apiv1.Attempt{Number: a.Number, Status: a.Status.String(), Worker: a.Worker,
				Started: apiv1.At(a.Started), Ended: apiv1.At(a.Ended), ExitCode: a.ExitCode, Message: a.Message}
		}
	}
	return out
}
