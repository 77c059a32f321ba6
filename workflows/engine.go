package workflows

import (
	"maps"
	"time"
)

// The run engine: (instance state, event) → (new state, effects). ARCHITECTURE §6.
//
// A Run pairs a shared, read-only Plan with one *Instance and the indexes derived from it.
// Apply is deterministic: it reads only the event (time included) and the state, so replaying
// the same events over a restored Instance gives the same state and effects. It is not safe
// for concurrent use; one run supervisor owns each Run.
//
// Semantics (akkaflow spec §7, with ARCHITECTURE §6's fixes):
//   - Control nodes execute synchronously inside Apply: start and fork pass through (fork
//     follows every path), a join fires when each distinct predecessor has arrived in this
//     round and then starts a new round; end succeeds the instance and a kill node kills it
//     (message = the kill node's message). Either one cancels whatever still runs: attempts
//     get CancelTask, pending timers CancelTimer, their nodes become killed.
//   - An action reached is skipped (is-ignore, or succeeded in the run a rerun-from-failed
//     recovers) and follows ok, or gets a new visit and its first attempt of that visit is
//     dispatched. Its timeout covers every attempt of the visit and the waits between them.
//   - An action reached while it is still running or waiting for a retry (two branches, or a
//     loop, reaching it at once) absorbs the arrival: a node has one visit in progress at most.
//   - A failed or lost attempt is retried while tries in the visit ≤ RetryTimes, after
//     Action.RetryDelay (0 = at once). Then the node fails (or is lost) and takes its error
//     transition; without one the instance fails, cancelling everything else. A timeout fails
//     the node the same way ("timed out after …").
//   - Fencing: results for any attempt but the node's current one, a second result for the
//     same attempt, stale timers, and anything after the instance finished change nothing and
//     produce no effect; Result.Ignored says why.
//   - Quiescence: when nothing runs or waits and neither end nor kill was reached, the
//     instance fails ("no path reached an end"); joins still waiting for a branch become
//     upstream_failed, naming the predecessors that can no longer arrive.
//
// Performance: every event costs O(1) amortised in the size of the workflow, plus the work it
// causes (one dispatch per path of a fork, one cancellation per running node at the end).
type Run struct {
	plan *Plan
	inst *Instance

	// Derived from inst (rebuilt by Restore, never persisted).
	active    engIndexSet // nodes running or up for retry: what to cancel, what keeps it alive
	joinCount []int32     // per join: distinct predecessors arrived in its current round
	skip      []bool      // per node: in inst.Skip

	// Per-Apply scratch.
	at      time.Time
	res     Result
	mark    []uint32 // per node: epoch in which it was last listed in res.Changed
	epoch   uint32
	queue   []engArrival
	observe func(engTransition) // tests: sees every status change as it happens
}

// Result is what one Apply produced.
type Result struct {
	// Effects, in the order the caller must carry them out (after committing the state).
	Effects []Effect
	// Changed names the nodes whose records changed, in the order they first changed, so a
	// store persists only those records. Header says whether the instance's own fields did.
	Changed []string
	Header  bool
	// Ignored says why the event changed nothing ("" when it was applied).
	Ignored string
}

// InstanceSpec describes a new instance.
type InstanceSpec struct {
	ID        string
	Trigger   TriggerKind
	Params    map[string]string
	Scheduled time.Time
	Created   time.Time
}

// NewRun creates an instance of p in prep, with a prep record for every node.
func NewRun(p *Plan, spec InstanceSpec) *Run {
	inst := &Instance{
		ID: spec.ID, Workflow: p.wf.Name, Status: InstancePrep, Trigger: spec.Trigger,
		Params: maps.Clone(spec.Params), Scheduled: spec.Scheduled, Created: spec.Created,
		Nodes: make([]NodeRun, len(p.nodes)),
	}
	for i := range p.nodes {
		inst.Nodes[i] = NodeRun{Name: p.nodes[i].node.Name, Status: NodePrep}
	}
	return engNewRun(p, inst)
}

// engNewRun wraps an instance whose records line up with the plan's nodes.
func engNewRun(p *Plan, inst *Instance) *Run {
	n := len(p.nodes)
	r := &Run{plan: p, inst: inst, joinCount: make([]int32, n), skip: make([]bool, n),
		mark: make([]uint32, n)}
	r.active.init(n)
	for _, name := range inst.Skip {
		if i, ok := p.index[name]; ok {
			r.skip[i] = true
		}
	}
	return r
}

// Plan returns the plan this run executes.
func (r *Run) Plan() *Plan { return r.plan }

// Instance returns the live state. Callers may read and serialise it but must not modify it.
func (r *Run) Instance() *Instance { return r.inst }

// Apply feeds one event to the instance. The error is non-nil only for a request the current
// state refuses (Start when not prep, KillRequested when already finished): it has code
// CodeConflict, and nothing changed. Stale or duplicate task results and timers are not errors:
// they come back with Result.Ignored set.
func (r *Run) Apply(ev Event) (Result, error) {
	r.begin(ev.When())
	var err error
	switch e := ev.(type) {
	case Start:
		err = r.onStart()
	case KillRequested:
		err = r.onKill(e)
	case TaskStarted:
		r.onTaskStarted(e)
	case TaskSucceeded:
		r.onTaskSucceeded(e)
	case TaskFailed:
		r.onTaskEnded(e.Node, e.Attempt, AttemptFailed, e.Message, e.ExitCode)
	case TaskLost:
		r.onTaskEnded(e.Node, e.Attempt, AttemptLost, e.Reason, NoExitCode)
	case TimerFired:
		r.onTimer(e.Timer)
	default:
		r.res.Ignored = "unknown event"
	}
	if err == nil && r.res.Ignored == "" {
		r.checkQuiescence()
	}
	res := r.res
	r.res = Result{}
	return res, err
}

// begin resets the per-Apply scratch.
func (r *Run) begin(at time.Time) {
	r.at = at
	r.res = Result{}
	r.epoch++
	if r.epoch == 0 { // wrapped: forget every mark so none looks current
		clear(r.mark)
		r.epoch = 1
	}
}

// ignore records why an event changed nothing.
func (r *Run) ignore(why string) { r.res.Ignored = why }

// emit appends an effect.
func (r *Run) emit(e Effect) { r.res.Effects = append(r.res.Effects, e) }

// touch lists node i as changed (once per Apply).
func (r *Run) touch(i int32) {
	if r.mark[i] != r.epoch {
		r.mark[i] = r.epoch
		r.res.Changed = append(r.res.Changed, r.inst.Nodes[i].Name)
	}
}

// actionIndex resolves an event's node to an action index.
func (r *Run) actionIndex(name string) (int32, bool) {
	i, ok := r.plan.index[name]
	if !ok || r.plan.nodes[i].node.Kind != KindAction {
		return -1, false
	}
	return i, true
}
