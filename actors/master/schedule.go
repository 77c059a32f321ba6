package master

import (
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

// batch gathers what one evaluation (plus whatever caused it) must commit as one entry: the
// state of every coordinator it touched and the instances it created. A fire and its
// instances are therefore durable together or not at all: a fire is never lost or doubled.
type batch struct {
	cmds    []store.Command
	created []*built
	touched map[string]bool
}

func newBatch() *batch { return &batch{touched: map[string]bool{}} }

func (b *batch) touch(name string) { b.touched[name] = true }

func (b *batch) add(bl *built) {
	b.cmds = append(b.cmds, bl.cmd)
	b.created = append(b.created, bl)
}

// evaluate decides the coordinators cs (those an event affected) now and commits b (nil: a
// fresh batch) with everything the decisions changed; then runs after that commit (right away
// when nothing was to commit). Finally the single wake-up timer is re-armed for the earliest
// next event. Only the affected coordinators are decided: the others' decisions cannot have
// changed (a decision changes only with its own state or when its Wake comes, see evaluateDue).
func (m *master) evaluate(ctx actor.Context, b *batch, cs []*coordinator, then func(error)) {
	if b == nil {
		b = newBatch()
	}
	m.decideAll(cs, m.cfg.Clock.Now(), b)
	m.commitBatch(ctx, b, then)
	m.rearmWake(ctx)
}

// evaluateDue decides the coordinators whose wake-up has come (the timer fired).
func (m *master) evaluateDue(ctx actor.Context) {
	now := m.cfg.Clock.Now()
	var due []*coordinator
	for c := m.idx.wakes.next(); c != nil && !c.wake.After(now); c = m.idx.wakes.next() {
		m.idx.wakes.drop(c)
		due = append(due, c)
	}
	b := newBatch()
	m.decideAll(due, now, b)
	m.commitBatch(ctx, b, nil)
	m.rearmWake(ctx)
}

// decideAll decides cs in name order (so fires and commands come in a fixed order), each
// once, skipping any that was replaced or removed meanwhile.
func (m *master) decideAll(cs []*coordinator, now time.Time, b *batch) {
	if len(cs) > 1 {
		cs = slices.Clone(cs)
		sortByName(cs)
		cs = slices.Compact(cs)
	}
	for _, c := range cs {
		if m.coords[c.name] == c {
			m.decide(c, now, b)
		}
	}
}

// decide evaluates one coordinator at now, adding its fire (if any) to b, and files it in
// the wake heap under its next wake-up.
func (m *master) decide(c *coordinator, now time.Time, b *batch) {
	if m.cfg.onDecide != nil {
		m.cfg.onDecide(c.name)
	}
	if c.dailyReset() && schedule.DailyResetDue(c.state.LastReset, now, c.loc) {
		c.state.LastReset = now
		if len(c.state.Deps.Upstreams) > 0 {
			c.state.Deps = schedule.DepState{}
			b.touch(c.name)
		}
	}
	d := schedule.Evaluate(&c.spec, c.sched, c.state.State, now)
	c.reason = d.Reason
	switch {
	case d.Fire:
		c.state.State = c.state.Apply(d)
		b.touch(c.name)
		kind := metrics.FireCron
		if len(c.spec.Depends) > 0 {
			kind = metrics.FireDependency
		}
		m.fire(c, d.Scheduled, workflows.TriggerSchedule, now, nil, b)
		m.cfg.Observer.CoordinatorFired(kind)
	case !d.Next.Equal(c.state.Next):
		c.state.Next = d.Next
		b.touch(c.name)
	}
	c.wake = d.Wake
	if c.dailyReset() {
		if r := schedule.NextDailyReset(now, c.loc); c.wake.IsZero() || r.Before(c.wake) {
			c.wake = r
		}
	}
	m.idx.wakes.set(c)
}

// fire creates one instance per target of c for the slot scheduled. A target whose params or
// texts cannot be expanded gets a failed instance saying why, so that a broken definition is
// visible instead of silently skipping its fires.
func (m *master) fire(c *coordinator, scheduled time.Time, trigger workflows.TriggerKind, now time.Time,
	overrides map[string]string, b *batch) {
	for _, target := range c.targets {
		d, err := m.workflowDef(target)
		if err != nil {
			m.log.Warn("master: coordinator fired for a workflow that is not loaded", "coordinator", c.name,
				"workflow", target, "scheduled", scheduled)
			continue
		}
		wf, err := m.model(d)
		if err != nil { // the XML parsed when it was put: a bug, not a user error
			m.log.Error("master: coordinator fired for a workflow whose definition no longer loads",
				"coordinator", c.name, "workflow", target, "scheduled", scheduled, "err", err)
			continue
		}
		in := m.buildInput(d, wf, trigger, c.spec.Params, overrides, scheduled, now, c.loc)
		bl, err := buildInstance(in)
		if err != nil {
			m.log.Warn("master: fire recorded as failed", "coordinator", c.name, "workflow", target, "err", err)
			bl = failedInstance(in, err)
		}
		b.add(bl)
	}
}

// commitBuilt commits one built instance on its own (run, rerun) and calls then with the outcome.
func (m *master) commitBuilt(ctx actor.Context, bl *built, then func(error)) {
	b := newBatch()
	b.add(bl)
	m.commitBatch(ctx, b, then)
}

// commitBatch commits b's commands and touched coordinators; once committed, the instances it
// created join the admission queue.
func (m *master) commitBatch(ctx actor.Context, b *batch, then func(error)) {
	cmds := b.cmds
	names := make([]string, 0, len(b.touched))
	for name := range b.touched {
		if m.coords[name] != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		cmds = append(cmds, m.coords[name].put())
	}
	if len(cmds) == 0 {
		if then != nil {
			then(nil)
		}
		return
	}
	m.commit(ctx, cmds, func(err error) {
		if err != nil {
			m.log.Error("master: coordinator commit failed", "err", err)
		} else {
			m.enqueueCreated(ctx, b.created)
		}
		if then != nil {
			then(err)
		}
	})
}

// rearmWake sets the one coordinator timer to the earliest wake-up any coordinator asked for
// (the top of the wake heap).
func (m *master) rearmWake(ctx actor.Context) {
	var at time.Time
	if c := m.idx.wakes.next(); c != nil {
		at = c.wake
	}
	if m.wake.timer != nil && at.Equal(m.wake.at) {
		return
	}
	m.wake.stop()
	if at.IsZero() {
		return
	}
	m.wake.at = at
	gen := m.wake.gen
	self, root := ctx.Self(), ctx.ActorSystem().Root
	// A fresh reading: now may be a little old, and the timer counts from the clock's now.
	m.wake.timer = m.cfg.Clock.AfterFunc(at.Sub(m.cfg.Clock.Now()), func() { root.Send(self, coordWake{Gen: gen}) })
}

// satisfy records that workflow wf succeeded (an instance whose trigger satisfies
// dependencies) for every coordinator waiting for it, then evaluates those: a downstream that
// became ready fires in the same commit.
func (m *master) satisfy(ctx actor.Context, wf string, scheduled, at time.Time) {
	cs := m.dependentsOf(wf)
	if len(cs) == 0 {
		return
	}
	b := newBatch()
	for _, c := range cs {
		c.state.Deps = c.state.Deps.Clone()
		c.state.Deps.Satisfy(wf, scheduled, at)
		b.touch(c.name)
	}
	m.evaluate(ctx, b, cs, nil)
}

// catchUp fires the cron slots missed while no master ran, by each coordinator's policy
// (latest by default; all; none), as catch-up instances with their slot as scheduled time.
// Only pure cron coordinators catch up: one with dependencies keeps its pending slot and
// fires it, late, when its upstreams are ready (schedule.Evaluate).
func (m *master) catchUp(cs []*coordinator, now time.Time, b *batch) {
	for _, c := range cs {
		if !c.spec.Enabled || c.sched == nil || len(c.spec.Depends) > 0 {
			continue
		}
		base := c.state.LastFired
		if base.IsZero() && !c.state.Next.IsZero() {
			base = c.state.Next.Add(-time.Nanosecond) // armed but never fired: Next itself counts
		}
		if base.IsZero() {
			continue
		}
		if c.spec.Catchup == workflows.CatchupNone {
			if floor := c.sched.Next(base); !floor.IsZero() && !floor.After(now) {
				c.state.State = c.state.Rearm(c.sched, now)
				b.touch(c.name)
			}
			continue
		}
		var slots []time.Time
		for _, s := range schedule.Missed(c.sched, base, now, c.spec.Catchup, 0) {
			if (c.spec.Start.IsZero() || !s.Before(c.spec.Start)) && (c.spec.End.IsZero() || !s.After(c.spec.End)) {
				slots = append(slots, s)
			}
		}
		if len(slots) == 0 {
			continue
		}
		for _, s := range slots {
			m.fire(c, s, workflows.TriggerCatchup, now, nil, b)
			m.cfg.Observer.CoordinatorFired(metrics.FireCatchup)
		}
		c.state.LastFired = slots[len(slots)-1].UTC()
		c.state.Next = c.sched.Next(now)
		b.touch(c.name)
	}
}
