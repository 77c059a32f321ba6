package workflows

import (
	"maps"
	"time"
)

// Recovery is what a new owner of a restored instance must re-establish.
type Recovery struct {
	// Effects re-arm every pending timer (retries and timeouts) at its stored time; a time in
	// the past means "fire now".
	Effects []Effect
	// InFlight lists the attempts dispatched or running when the state was saved. They are
	// not re-dispatched: the caller re-sends each one (workers de-duplicate on instance, node,
	// attempt) or, when its worker is gone, feeds TaskLost.
	InFlight []InFlight
}

// InFlight is an attempt the engine waits for.
type InFlight struct {
	Node    string        `json:"node"`
	Attempt int           `json:"attempt"`
	Visit   int           `json:"visit"`
	Status  AttemptStatus `json:"status"`
	Worker  string        `json:"worker,omitempty"`
}

// Restore continues an instance from its saved state (after a failover or restart). p must be
// the plan of the definition version the instance was created with: node records must line up
// with its nodes, name for name.
func Restore(p *Plan, inst *Instance) (*Run, Recovery, error) {
	if inst == nil {
		return nil, Recovery{}, Errorf(CodeInvalid, "no instance to restore")
	}
	if inst.Workflow != p.wf.Name || len(inst.Nodes) != len(p.nodes) {
		return nil, Recovery{}, Errorf(CodeInvalid, "instance %s (%s, %d nodes) does not belong to %s",
			inst.ID, inst.Workflow, len(inst.Nodes), p)
	}
	for i := range inst.Nodes {
		if inst.Nodes[i].Name != p.nodes[i].node.Name {
			return nil, Recovery{}, Errorf(CodeInvalid, "instance %s: node record %d is %q, the plan has %q",
				inst.ID, i, inst.Nodes[i].Name, p.nodes[i].node.Name)
		}
	}
	r := engNewRun(p, inst)
	r.rebuildJoins()
	var rec Recovery
	if inst.Status != InstanceRunning {
		return r, rec, nil // nothing runs or waits
	}
	for i := range inst.Nodes {
		n := &inst.Nodes[i]
		if n.Status != NodeRunning && n.Status != NodeUpForRetry {
			continue
		}
		r.active.add(int32(i))
		if !n.Deadline.IsZero() {
			rec.Effects = append(rec.Effects, SetTimer{Timer: r.timeoutTimer(int32(i)), At: n.Deadline})
		}
		if n.Status == NodeUpForRetry {
			rec.Effects = append(rec.Effects, SetTimer{Timer: r.retryTimer(int32(i)), At: n.RetryAt})
		}
	}
	rec.InFlight = r.InFlight()
	return r, rec, nil
}

// rebuildJoins recounts, for every join, the predecessors that arrived in its current round.
// It reads every arrival once: O(nodes), paid only on restore.
func (r *Run) rebuildJoins() {
	for i := range r.inst.Nodes {
		for _, a := range r.inst.Nodes[i].Arrivals {
			j, ok := r.plan.index[a.Join]
			if ok && r.plan.nodes[j].node.Kind == KindJoin && a.Round == r.inst.Nodes[j].Visit+1 {
				r.joinCount[j]++
			}
		}
	}
}

// NewRerun creates a fresh prep instance that reruns prev (which must have finished) with p,
// the workflow's current definition, and prev's parameters and scheduled time. id "" keeps
// prev's id (akkaflow's behaviour). With fromFailed (akkaflow's recover=true) every action that
// succeeded in prev — or was skipped there for the same reason — is skipped when reached,
// keeping its outputs so ${output:…} still resolves; the flow still walks from start.
func NewRerun(p *Plan, prev *Instance, id string, fromFailed bool, at time.Time) (*Run, error) {
	if prev == nil {
		return nil, Errorf(CodeInvalid, "no instance to rerun")
	}
	if prev.Workflow != p.wf.Name {
		return nil, Errorf(CodeInvalid, "instance %s belongs to %q, not %q", prev.ID, prev.Workflow, p.wf.Name)
	}
	if !prev.Status.Terminal() {
		return nil, Errorf(CodeConflict, "instance %s is %s: only a finished instance can be rerun", prev.ID, prev.Status)
	}
	if id == "" {
		id = prev.ID
	}
	r := NewRun(p, InstanceSpec{ID: id, Trigger: TriggerRerun, Params: prev.Params,
		Scheduled: prev.Scheduled, Created: at})
	r.inst.RerunOf = prev.ID
	if !fromFailed {
		return r, nil
	}
	before := make(map[string]*NodeRun, len(prev.Nodes))
	for i := range prev.Nodes {
		before[prev.Nodes[i].Name] = &prev.Nodes[i]
	}
	wasSkipped := make(map[string]bool, len(prev.Skip))
	for _, name := range prev.Skip {
		wasSkipped[name] = true
	}
	for i := range p.nodes {
		old := before[p.nodes[i].node.Name]
		if p.nodes[i].node.Kind != KindAction || old == nil {
			continue
		}
		carried := old.Status == NodeSkipped && wasSkipped[old.Name]
		if old.Status != NodeSucceeded && !carried {
			continue
		}
		r.skip[i] = true
		r.inst.Skip = append(r.inst.Skip, old.Name)
		r.inst.Nodes[i].Outputs = maps.Clone(old.Outputs)
	}
	return r, nil
}
