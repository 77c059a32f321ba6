package master

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/params"
	"github.com/actorflow/actorflow/workflows/store"
)

// Building instances is pure: it reads an immutable definition and its inputs, so a backfill
// can build thousands off the mailbox.

// buildInput is everything an instance is made from.
type buildInput struct {
	wf        *workflows.Workflow // the current definition, unexpanded (never modified)
	version   uint64
	origin    store.Origin
	source    string
	id        string
	trigger   workflows.TriggerKind
	list      []workflows.Param // coordinator param-list (nil: none)
	overrides map[string]string // explicit params; they win over the list
	scheduled time.Time         // logical time; zero for manual triggers and runs
	now       time.Time
	ref       time.Time // reference time of time expressions when there is no scheduled time (zero: now)
	loc       *time.Location
	ignore    []string // non-nil: ignore exactly these actions (trigger's ignore_nodes)
	group     string
}

// built is an instance ready to be committed (cmd) and, once committed, queued (run; nil for
// an instance recorded as failed).
type built struct {
	cmd    store.CreateInstance
	run    *workflows.Run
	origin store.Origin
	source string
}

// buildInput gathers the inputs of an instance of d, whose model is wf (models.go).
func (m *master) buildInput(d *definition, wf *workflows.Workflow, trigger workflows.TriggerKind, list []workflows.Param,
	overrides map[string]string, scheduled, now time.Time, loc *time.Location) buildInput {
	if loc == nil {
		loc = m.cfg.Location
	}
	return buildInput{wf: wf, version: d.version, origin: d.origin, source: d.source,
		id: m.cfg.NewID(), trigger: trigger, list: list, overrides: overrides, scheduled: scheduled,
		now: now, loc: loc}
}

// env is the expansion environment: time bases count from the scheduled time when there is
// one (a late, caught-up or backfilled run sees its own logical date), else from now.
func (in *buildInput) env(p map[string]string) params.Env {
	ref := in.now
	switch {
	case !in.scheduled.IsZero():
		ref = in.scheduled
	case !in.ref.IsZero():
		ref = in.ref
	}
	return params.Env{Params: p, Now: ref, Scheduled: in.scheduled, InstanceID: in.id,
		Workflow: in.wf.Name, Location: in.loc}
}

// buildInstance evaluates the params, expands the definition with them and creates the prep
// instance. The expanded definition is stored with it: the instance keeps that version
// whatever happens to the source. Errors are *workflows.Error with CodeInvalid naming what
// failed (an unknown ${param:x} names x).
func buildInstance(in buildInput) (*built, error) {
	vals, err := params.EvalList(in.list, in.env(in.overrides))
	if err != nil {
		return nil, err
	}
	exp, err := params.ExpandWorkflow(in.wf, in.env(vals))
	if err != nil {
		return nil, err
	}
	if in.ignore != nil {
		setIgnored(exp, in.ignore)
	}
	plan, err := workflows.NewPlan(exp)
	if err != nil {
		return nil, err
	}
	run := workflows.NewRun(plan, workflows.InstanceSpec{ID: in.id, Trigger: in.trigger, Params: vals,
		Scheduled: in.scheduled, Created: in.now})
	return newBuilt(in, exp, run)
}

func newBuilt(in buildInput, exp *workflows.Workflow, run *workflows.Run) (*built, error) {
	js, err := json.Marshal(exp)
	if err != nil {
		return nil, workflows.Errorf(workflows.CodeInternal, "encode the definition of %s: %v", in.id, err)
	}
	return &built{run: run, origin: in.origin, source: in.source, cmd: store.CreateInstance{
		Instance: cloneInstance(run.Instance()), Definition: js, Version: in.version,
		Group: in.group, Priority: exp.Priority}}, nil
}

// failedInstance records a fire that could not be expanded: a failed instance with the
// reason, so the fire is visible rather than silently dropped.
func failedInstance(in buildInput, cause error) *built {
	plan, err := workflows.NewPlan(in.wf)
	inst := workflows.Instance{ID: in.id, Workflow: in.wf.Name, Trigger: in.trigger,
		Params: maps.Clone(in.overrides), Scheduled: in.scheduled, Created: in.now}
	if err == nil {
		inst = cloneInstance(workflows.NewRun(plan, workflows.InstanceSpec{ID: in.id, Trigger: in.trigger,
			Params: in.overrides, Scheduled: in.scheduled, Created: in.now}).Instance())
	}
	inst.Status, inst.Ended, inst.Message = workflows.InstanceFailed, in.now, cause.Error()
	js, _ := json.Marshal(in.wf)
	return &built{origin: in.origin, source: in.source, cmd: store.CreateInstance{Instance: inst,
		Definition: js, Version: in.version, Group: in.group, Priority: in.wf.Priority}}
}

// buildRerun creates the rerun of prev as a new instance. wf is the workflow's current
// definition (expanded here with prev's params and logical date), or, when it was deleted,
// the definition prev ran (already expanded).
func buildRerun(in buildInput, prev *workflows.Instance, fromFailed bool, expanded bool) (*built, error) {
	exp := in.wf
	if !expanded {
		var err error
		if exp, err = params.ExpandWorkflow(in.wf, in.env(prev.Params)); err != nil {
			return nil, err
		}
	}
	plan, err := workflows.NewPlan(exp)
	if err != nil {
		return nil, err
	}
	run, err := workflows.NewRerun(plan, prev, in.id, fromFailed, in.now)
	if err != nil {
		return nil, err
	}
	return newBuilt(in, exp, run)
}

// setIgnored applies a trigger's ignore list (akkaflow §6.4): the named actions are ignored
// and every other action's is-ignore is reset to false. exp is a private expanded copy.
func setIgnored(exp *workflows.Workflow, names []string) {
	for _, n := range exp.Nodes {
		if n.Action != nil {
			n.Action.IsIgnore = slices.Contains(names, n.Name)
		}
	}
}

// checkIgnored names the entries of names that are not actions of wf.
func checkIgnored(wf *workflows.Workflow, names []string) error {
	var bad []string
	for _, name := range names {
		if n := wf.Node(name); n == nil || n.Action == nil {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		return workflows.Errorf(workflows.CodeInvalid, "ignore_nodes: %s: no such action in workflow %q",
			quoteList(bad), wf.Name)
	}
	return nil
}

// cloneInstance deep-copies an instance, so a command handed to the log never shares memory
// with the engine's live state.
func cloneInstance(in *workflows.Instance) workflows.Instance {
	out := *in
	out.Params = maps.Clone(in.Params)
	out.Skip = slices.Clone(in.Skip)
	out.Nodes = make([]workflows.NodeRun, len(in.Nodes))
	for i := range in.Nodes {
		out.Nodes[i] = cloneNode(&in.Nodes[i])
	}
	return out
}

func cloneNode(n *workflows.NodeRun) workflows.NodeRun {
	c := *n
	c.Attempts = slices.Clone(n.Attempts)
	c.Outputs = maps.Clone(n.Outputs)
	c.Arrivals = slices.Clone(n.Arrivals)
	return c
}
