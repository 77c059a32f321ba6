package master

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/schedule"
	"github.com/actorflow/actorflow/workflows/store"
)

// coordinator is one trigger: an embedded coordinator (named after its workflow, which it
// triggers) or a standalone 2017 coordinator (triggers its Targets). Its state changes in
// memory at once and is committed in the same entry as whatever it causes (the instances of a
// fire); commits are ordered, so the store sees the same sequence of states.
type coordinator struct {
	name    string
	spec    workflows.Coordinator // Enabled already combines the XML and the definition's state
	targets []string
	sched   schedule.Schedule // nil without cron (or with an unusable one)
	loc     *time.Location
	state   coordState
	wake    time.Time         // when it wants to be evaluated again (zero: only on events)
	last    schedule.Decision // the latest evaluation, for Status
}

// coordState is what the store keeps for a coordinator. Its JSON is schedule.State's with
// one more field, so a reader that knows only schedule.State reads it correctly.
type coordState struct {
	schedule.State
	// LastReset is the latest daily dependency reset (DependResetDaily).
	LastReset time.Time `json:"last_reset,omitzero"`
}

// newCoordinator builds the coordinator of d. The previous coordinator's state carries over
// (dependency flags by upstream name, as akkaflow, and the last fire); the next fire is
// recomputed from now when the coordinator is new or its schedule, window or enabled state
// changed.
func newCoordinator(d *definition, prev *coordinator, now time.Time, defaultLoc *time.Location) *coordinator {
	spec := *d.coordinator()
	spec.Enabled = spec.Enabled && d.enabled
	c := &coordinator{name: d.name, spec: spec, loc: defaultLoc}
	if d.workflow() != nil {
		c.targets = []string{d.name}
	} else {
		c.targets = slices.Clone(spec.Targets)
	}
	if spec.Timezone != "" {
		if z, err := time.LoadLocation(spec.Timezone); err == nil {
			c.loc = z
		}
	}
	if spec.Cron != "" {
		if s, _, err := schedule.Parse(spec.Cron, c.loc); err == nil {
			c.sched = s
		}
	}
	if prev == nil {
		c.state.State = c.state.Rearm(c.sched, now)
		c.state.LastReset = now
		return c
	}
	c.state = prev.state
	c.state.Deps = prev.state.Deps.Clone()
	p := prev.spec
	if p.Cron != spec.Cron || p.Timezone != spec.Timezone || p.Enabled != spec.Enabled ||
		!p.Start.Equal(spec.Start) || !p.End.Equal(spec.End) {
		c.state.State = c.state.Rearm(c.sched, now)
	}
	return c
}

// put is the command that stores the coordinator's state.
func (c *coordinator) put() store.PutCoordinator {
	b, _ := json.Marshal(c.state) // plain data: cannot fail
	return store.PutCoordinator{Name: c.name, NextFire: c.state.Next, State: b}
}

// dependsOn reports whether the coordinator waits for workflow wf.
func (c *coordinator) dependsOn(wf string) bool {
	for _, d := range c.spec.Depends {
		if d.Workflow == wf {
			return true
		}
	}
	return false
}

// dailyReset reports whether the coordinator clears its flags every day (akkaflow's policy).
func (c *coordinator) dailyReset() bool {
	return c.spec.DependReset == workflows.DependResetDaily && len(c.spec.Depends) > 0
}

// sortedCoordinators returns the coordinators in name order, so that evaluation (and hence
// the order of fires and commands) does not depend on map iteration.
func (m *master) sortedCoordinators() []*coordinator {
	out := make([]*coordinator, 0, len(m.coords))
	for _, c := range m.coords {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *coordinator) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	return out
}

// wakeTimer is the one timer for the earliest next coordinator event (no polling tick).
type wakeTimer struct {
	timer Timer
	at    time.Time
	gen   uint64
}

func (w *wakeTimer) stop() {
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	w.at = time.Time{}
	w.gen++
}
