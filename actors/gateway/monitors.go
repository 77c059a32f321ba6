package gateway

import (
	"context"
	"math"
	"regexp"
	"strconv"

	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors/monitor"
	"github.com/actorflow/actorflow/workflows/store"
)

// monitorReader lists data-monitor results from instance records in one read transaction
// (*store.Store has it): a page costs the walk of the instances kept for the filter, each
// costing a byte search in its definition unless it has a data-monitor node (see
// store.MonitorResults). A Reader without it cannot answer.
type monitorReader interface {
	MonitorResults(q store.MonitorQuery) ([]store.MonitorResult, int, error)
}

// DataMonitorResults pages the results of data-monitor nodes, newest first: akkaflow's
// data_monitor table, derived from the node records (store.MonitorResults says which nodes
// hold a result and how category and name default).
func (g *Gateway) DataMonitorResults(ctx context.Context, q httpapi.MonitorQuery) (apiv1.List[apiv1.MonitorResult], error) {
	if err := ctx.Err(); err != nil {
		return apiv1.List[apiv1.MonitorResult]{}, mapErr(err, "list data-monitor results")
	}
	mr, ok := g.cfg.Store.(monitorReader)
	if !ok {
		return apiv1.List[apiv1.MonitorResult]{}, unsupportedf("this node's store cannot list data-monitor results")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	rs, total, err := mr.MonitorResults(store.MonitorQuery{Workflow: q.Workflow, Category: q.Category,
		Name: q.Name, Limit: limit, Offset: q.Offset})
	if err != nil {
		return apiv1.List[apiv1.MonitorResult]{}, mapErr(err, "list data-monitor results")
	}
	items := make([]apiv1.MonitorResult, len(rs))
	for i, r := range rs {
		items[i] = monitorResultOf(r)
	}
	return apiv1.List[apiv1.MonitorResult]{Items: items, Total: total}, nil
}

func monitorResultOf(r store.MonitorResult) apiv1.MonitorResult {
	n := r.Node
	out := apiv1.MonitorResult{InstanceID: r.InstanceID, Workflow: r.Workflow, Node: n.Name,
		Time: apiv1.At(n.Ended), Category: r.Category, Name: r.SourceName, Status: n.Status.String(),
		Message: n.Message}
	if v, ok := n.Outputs[monitor.OutputValue]; ok {
		out.Value = number(v)
		out.Min = number(n.Outputs[monitor.OutputMin])
		out.Max = number(n.Outputs[monitor.OutputMax])
		if b, err := strconv.ParseBool(n.Outputs[monitor.OutputOK]); err == nil {
			out.Ok = &b
		}
		return out
	}
	if n.Status == workflows.NodeFailed {
		// A failed attempt's outputs do not reach the node record (only a success's do), so
		// an out-of-range failure is read back from the message the executor wrote.
		out.Value, out.Min, out.Max, out.Ok = fromOutOfRange(n.Message)
	}
	return out
}

// outOfRange matches the failure message of monitor's judge: "value V is below the minimum
// M[ and above …] (allowed: [LO, HI])", where an absent bound is -∞ or +∞.
var outOfRange = regexp.MustCompile(`^value (\S+) is (?:below|above) .*\(allowed: \[(\S+), (\S+)\]\)`)

func fromOutOfRange(msg string) (value, lo, hi *float64, ok *bool) {
	m := outOfRange.FindStringSubmatch(msg)
	if m == nil {
		return nil, nil, nil, nil
	}
	if value = number(m[1]); value == nil {
		return nil, nil, nil, nil
	}
	f := false
	return value, number(m[2]), number(m[3]), &f
}

// number parses an output number; "", ±∞ and anything else JSON cannot carry are unknown.
func number(s string) *float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}
