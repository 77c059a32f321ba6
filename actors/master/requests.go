package master

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

// onTrigger fires a workflow by hand with its coordinator's params (overridden by the
// request's). Like akkaflow's trigger it ignores the coordinator's enabled state and window,
// clears its dependency flags and recomputes its next fire; its success satisfies downstream
// dependencies. A workflow without a coordinator runs with the given params only (a 2017
// workflow takes the params of the standalone coordinator that targets it).
func (m *master) onTrigger(ctx actor.Context, req *TriggerRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &TriggerResponse{Result: resultOf(err)}) }
	d, err := m.workflowDef(req.Workflow)
	if err != nil {
		fail(err)
		return
	}
	m.withModel(ctx, d, fail, func(wf *workflows.Workflow) { m.trigger(ctx, req, d, wf, sender, fail) })
}

func (m *master) trigger(ctx actor.Context, req *TriggerRequest, d *definition, wf *workflows.Workflow,
	sender *actor.PID, fail func(error)) {
	if len(req.IgnoreNodes) > 0 {
		if err := checkIgnored(wf, req.IgnoreNodes); err != nil {
			fail(err)
			return
		}
	}
	now := m.now()
	c := m.coords[req.Workflow]
	var (
		list []workflows.Param
		loc  *time.Location
	)
	switch {
	case c != nil:
		list, loc = c.spec.Params, c.loc
	default:
		if sc := m.standaloneFor(req.Workflow); sc != nil {
			list, loc = sc.spec.Params, sc.loc
		}
	}
	in := m.buildInput(d, wf, workflows.TriggerManual, list, req.Params, time.Time{}, now, loc)
	if len(req.IgnoreNodes) > 0 {
		in.ignore = req.IgnoreNodes
	}
	bl, err := buildInstance(in)
	if err != nil {
		fail(err)
		return
	}
	b := newBatch()
	b.add(bl)
	if c != nil {
		c.state.Deps = schedule.DepState{}
		c.state.State = c.state.Rearm(c.sched, now)
		b.touch(c.name)
	}
	m.cfg.Observer.CoordinatorFired(metrics.FireManual)
	var affected []*coordinator
	if c != nil {
		affected = []*coordinator{c}
	}
	m.evaluate(ctx, b, affected, func(err error) {
		m.reply(ctx, sender, &TriggerResponse{Result: resultOf(err), ID: in.id})
	})
}

// standaloneFor returns the first (by name) standalone coordinator that targets wf.
func (m *master) standaloneFor(wf string) *coordinator {
	for _, name := range m.idx.standalone[wf] {
		if c := m.coords[name]; c != nil {
			return c
		}
	}
	return nil
}

// onRun starts an ad-hoc instance with exactly the given params (akkaflow's run).
func (m *master) onRun(ctx actor.Context, req *RunRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &RunResponse{Result: resultOf(err)}) }
	d, err := m.workflowDef(req.Workflow)
	if err != nil {
		fail(err)
		return
	}
	m.withModel(ctx, d, fail, func(wf *workflows.Workflow) {
		in := m.buildInput(d, wf, workflows.TriggerRun, nil, req.Params, time.Time{}, m.now(), nil)
		bl, err := buildInstance(in)
		if err != nil {
			fail(err)
			return
		}
		m.commitBuilt(ctx, bl, func(err error) {
			m.reply(ctx, sender, &RunResponse{Result: resultOf(err), ID: in.id})
		})
	})
}

// onRerun reruns a finished instance as a new one (history stays): the workflow's current
// definition (or, if it was deleted, the one the instance ran), the original params and
// scheduled time, time expressions evaluated at that logical date.
func (m *master) onRerun(ctx actor.Context, req *RerunRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &RerunResponse{Result: resultOf(err)}) }
	// The store is read first, the memory checked after: a result committed a moment ago is
	// then also known here (the supervisor reports the end right after its commit).
	m.readInstance(ctx, req.ID, fail, func(ctx actor.Context, rec store.InstanceRecord) {
		prev := rec.Instance
		if e := m.instances[req.ID]; e != nil || !prev.Status.Terminal() {
			status := prev.Status
			if e != nil {
				status = e.state()
			}
			fail(workflows.Errorf(workflows.CodeConflict, "instance %s is %s: only a finished instance can be rerun", req.ID, status))
			return
		}
		build := func(in buildInput, expanded bool) {
			bl, err := buildRerun(in, &prev, req.FromFailed, expanded)
			if err != nil {
				fail(err)
				return
			}
			m.commitBuilt(ctx, bl, func(err error) {
				m.reply(ctx, sender, &RerunResponse{Result: resultOf(err), ID: in.id})
			})
		}
		in := buildInput{id: m.cfg.NewID(), trigger: workflows.TriggerRerun, scheduled: prev.Scheduled,
			now: m.now(), ref: prev.Created, loc: m.cfg.Location}
		if d, err := m.workflowDef(prev.Workflow); err == nil {
			in.version, in.origin, in.source = d.version, d.origin, d.source
			if c := m.coords[d.name]; c != nil {
				in.loc = c.loc
			}
			m.withModel(ctx, d, fail, func(wf *workflows.Workflow) {
				in.wf = wf
				build(in, false)
			})
			return
		}
		wf, err := decodeWorkflow(rec.Definition)
		if err != nil {
			fail(workflows.Errorf(workflows.CodeNotFound, "workflow %q is no longer defined and instance %s has no usable definition", prev.Workflow, req.ID))
			return
		}
		in.wf, in.version = wf, rec.Version
		build(in, true)
	})
}

// readInstance reads an instance off the mailbox and continues with it on the mailbox;
// fail gets CodeNotFound or the store's error.
func (m *master) readInstance(ctx actor.Context, id string, fail func(error), then func(actor.Context, store.InstanceRecord)) {
	st := m.cfg.Store
	m.async(ctx, func() func(actor.Context) {
		rec, ok, err := st.Instance(id)
		return func(ctx actor.Context) {
			switch {
			case err != nil:
				fail(workflows.Errorf(workflows.CodeInternal, "read instance %s: %v", id, err))
			case !ok:
				fail(workflows.Errorf(workflows.CodeNotFound, "no instance %s", id))
			default:
				then(ctx, rec)
			}
		}
	})
}

// onKill kills a queued instance without running it, or asks a running one's supervisor.
func (m *master) onKill(ctx actor.Context, req *KillRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &KillResponse{Result: resultOf(err)}) }
	e := m.instances[req.ID]
	switch {
	case e != nil && e.broken:
		fail(workflows.Errorf(workflows.CodeUnavailable, "instance %s is out of service until the master restarts", req.ID))
	case e != nil && e.pid == nil:
		m.queuedKill(ctx, e, req.Reason, sender)
	case e != nil:
		ctx.Send(e.pid, supKill{Reason: req.Reason, ReplyTo: sender})
	default:
		m.readInstance(ctx, req.ID, fail, func(_ actor.Context, rec store.InstanceRecord) {
			if e := m.instances[req.ID]; e != nil && e.pid != nil && !e.broken {
				ctx.Send(e.pid, supKill{Reason: req.Reason, ReplyTo: sender}) // created meanwhile
				return
			}
			if !rec.Instance.Status.Terminal() { // committed a moment ago, not admitted yet
				fail(workflows.Errorf(workflows.CodeUnavailable, "instance %s is being created; try again", req.ID))
				return
			}
			fail(workflows.Errorf(workflows.CodeConflict, "instance %s already %s", req.ID, rec.Instance.Status))
		})
	}
}

// onDeleteInstance removes a finished instance.
func (m *master) onDeleteInstance(ctx actor.Context, req *DeleteInstanceRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &DeleteInstanceResponse{Result: resultOf(err)}) }
	m.readInstance(ctx, req.ID, fail, func(ctx actor.Context, rec store.InstanceRecord) {
		if e := m.instances[req.ID]; e != nil || !rec.Instance.Status.Terminal() {
			status := rec.Instance.Status
			if e != nil {
				status = e.state()
			}
			fail(workflows.Errorf(workflows.CodeConflict, "instance %s is %s: only a finished instance can be deleted", req.ID, status))
			return
		}
		m.commit(ctx, []store.Command{store.DeleteInstance{ID: req.ID}}, fail)
	})
}

// onReset clears a coordinator's dependency flags and recomputes its next fire.
func (m *master) onReset(ctx actor.Context, req *ResetRequest, sender *actor.PID) {
	c := m.coords[req.Workflow]
	if c == nil {
		err := workflows.Errorf(workflows.CodeNotFound, "no workflow or coordinator named %q", req.Workflow)
		if m.defs[req.Workflow] != nil {
			err = workflows.Errorf(workflows.CodeInvalid, "workflow %q has no coordinator to reset", req.Workflow)
		}
		m.reply(ctx, sender, &ResetResponse{Result: resultOf(err)})
		return
	}
	now := m.now()
	c.state.Deps = schedule.DepState{}
	c.state.State = c.state.Rearm(c.sched, now)
	c.state.LastReset = now
	b := newBatch()
	b.touch(c.name)
	m.evaluate(ctx, b, []*coordinator{c}, func(err error) { m.reply(ctx, sender, &ResetResponse{Result: resultOf(err)}) })
}

// backfillChunk bounds the instances committed per entry.
const backfillChunk = 512

// onBackfill creates one instance per cron slot in [From, To), built off the mailbox and
// committed in chunks, all in one group that runs at most Parallel at once.
func (m *master) onBackfill(ctx actor.Context, req *BackfillRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &BackfillResponse{Result: resultOf(err)}) }
	d, err := m.workflowDef(req.Workflow)
	if err != nil {
		fail(err)
		return
	}
	c := m.coords[req.Workflow]
	if c == nil || c.sched == nil {
		fail(workflows.Errorf(workflows.CodeInvalid, "workflow %q has no cron schedule to backfill", req.Workflow))
		return
	}
	if !req.To.After(req.From) {
		fail(workflows.Errorf(workflows.CodeInvalid, "backfill range is empty: to (%s) must be after from (%s)",
			req.To.Format(time.RFC3339), req.From.Format(time.RFC3339)))
		return
	}
	slots := schedule.Slots(c.sched, req.From, req.To)
	if len(slots) == 0 {
		fail(workflows.Errorf(workflows.CodeInvalid, "no slot of %q (%s) in [%s, %s)", c.spec.Cron, req.Workflow,
			req.From.Format(time.RFC3339), req.To.Format(time.RFC3339)))
		return
	}
	parallel := max(req.Parallel, 1)
	grp := groupID(m.cfg.NewID(), parallel)
	now := m.now()
	inputs := make([]buildInput, len(slots))
	for i, s := range slots {
		inputs[i] = m.buildInput(d, nil, workflows.TriggerBackfill, c.spec.Params, req.Params, s, now, c.loc)
		inputs[i].group = grp
	}
	cached := m.models.get(d) // nil: parsed with the instances, off the mailbox
	m.async(ctx, func() func(actor.Context) {
		wf := cached
		if wf == nil {
			var err error
			if wf, err = modelOf(d); err != nil {
				return func(actor.Context) { fail(err) }
			}
		}
		out := make([]*built, len(inputs))
		for i, in := range inputs {
			in.wf = wf
			bl, err := buildInstance(in)
			if err != nil {
				return func(actor.Context) { fail(err) }
			}
			out[i] = bl
		}
		return func(ctx actor.Context) { m.commitBackfill(ctx, grp, out, sender) }
	})
}

func (m *master) commitBackfill(ctx actor.Context, grp string, all []*built, sender *actor.PID) {
	ids := make([]string, len(all))
	for i, bl := range all {
		ids[i] = bl.cmd.Instance.ID
	}
	var firstErr error
	for start := 0; start < len(all); start += backfillChunk {
		b := newBatch()
		for _, bl := range all[start:min(start+backfillChunk, len(all))] {
			b.add(bl)
		}
		last := start+backfillChunk >= len(all)
		m.commitBatch(ctx, b, func(err error) {
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if last {
				m.cfg.Observer.CoordinatorFired(metrics.FireBackfill)
				resp := &BackfillResponse{Result: resultOf(firstErr), Group: grp, IDs: ids}
				if firstErr != nil {
					resp.IDs = nil
				}
				m.reply(ctx, sender, resp)
			}
		})
	}
}

// prune commits the retention policy and re-arms its timer.
func (m *master) prune(ctx actor.Context) {
	r := m.cfg.Retention
	m.commit(ctx, []store.Command{store.Prune{Before: m.now().Add(-r.MaxAge), KeepPerWorkflow: r.KeepPerWorkflow}},
		func(err error) {
			if err != nil {
				m.log.Warn("master: retention prune failed", "err", err)
			}
		})
	m.armRetention(ctx)
}

func (m *master) armRetention(ctx actor.Context) {
	self, root := ctx.Self(), ctx.ActorSystem().Root
	m.retention = m.cfg.Clock.AfterFunc(m.cfg.RetentionEvery, func() { root.Send(self, retentionTick{}) })
}

// state names an in-memory instance's status for messages.
func (e *instanceEntry) state() workflows.InstanceStatus {
	if e.pid == nil {
		return workflows.InstancePrep
	}
	return workflows.InstanceRunning
}
