package workflows

import (
	"maps"
	"slices"
	"time"
)

// InstanceView is a read-only copy of an instance for the API: every node in document order
// with what the definition says about it. Nothing in it aliases the engine's state.
type InstanceView struct {
	ID        string            `json:"id"`
	Workflow  string            `json:"workflow"`
	Status    InstanceStatus    `json:"status"`
	Trigger   TriggerKind       `json:"trigger"`
	Params    map[string]string `json:"params,omitempty"`
	Scheduled time.Time         `json:"scheduled,omitzero"`
	Created   time.Time         `json:"created,omitzero"`
	Started   time.Time         `json:"started,omitzero"`
	Ended     time.Time         `json:"ended,omitzero"`
	Message   string            `json:"message,omitempty"`
	RerunOf   string            `json:"rerun_of,omitempty"`
	Nodes     []NodeView        `json:"nodes"`
}

// NodeView is one node's record plus its kind, action type and, for a join, how many of its
// predecessors have arrived in the current round.
type NodeView struct {
	NodeRun
	Kind     NodeKind   `json:"kind"`
	Type     ActionType `json:"type,omitempty"`
	Arrived  int        `json:"arrived,omitempty"`
	Expected int        `json:"expected,omitempty"`
}

// View copies the instance for display.
func (r *Run) View() InstanceView {
	in := r.inst
	v := InstanceView{ID: in.ID, Workflow: in.Workflow, Status: in.Status, Trigger: in.Trigger,
		Params: maps.Clone(in.Params), Scheduled: in.Scheduled, Created: in.Created,
		Started: in.Started, Ended: in.Ended, Message: in.Message, RerunOf: in.RerunOf,
		Nodes: make([]NodeView, len(in.Nodes))}
	for i := range in.Nodes {
		pn := &r.plan.nodes[i]
		nv := NodeView{NodeRun: in.Nodes[i].clone(), Kind: pn.node.Kind}
		if pn.node.Action != nil {
			nv.Type = pn.node.Action.Type
		}
		if pn.node.Kind == KindJoin {
			nv.Arrived, nv.Expected = int(r.joinCount[i]), int(pn.expected)
		}
		v.Nodes[i] = nv
	}
	return v
}

// NodeRun returns a copy of the named node's record.
func (r *Run) NodeRun(name string) (NodeRun, bool) {
	i, ok := r.plan.index[name]
	if !ok {
		return NodeRun{}, false
	}
	return r.inst.Nodes[i].clone(), true
}

// Outputs returns a copy of the named node's outputs (nil when it has none or is unknown).
func (r *Run) Outputs(node string) map[string]string {
	if i, ok := r.plan.index[node]; ok {
		return maps.Clone(r.inst.Nodes[i].Outputs)
	}
	return nil
}

// InFlight lists the attempts the engine currently waits for, in document order.
func (r *Run) InFlight() []InFlight {
	var out []InFlight
	for _, i := range r.active.sorted() {
		n := &r.inst.Nodes[i]
		if a := n.current(); n.Status == NodeRunning && a != nil && !a.Status.Terminal() {
			out = append(out, InFlight{Node: n.Name, Attempt: a.Number, Visit: a.Visit, Status: a.Status, Worker: a.Worker})
		}
	}
	return out
}

// clone deep-copies a record.
func (n *NodeRun) clone() NodeRun {
	c := *n
	c.Attempts = slices.Clone(n.Attempts)
	c.Outputs = maps.Clone(n.Outputs)
	c.Arrivals = slices.Clone(n.Arrivals)
	return c
}
