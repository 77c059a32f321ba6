package master

import (
	"encoding/json"
	"slices"
	"strings"
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
	name       string
	spec       workflows.Coordinator // Enabled already combines the XML and the definition's state
	xmlEnabled bool                  // the XML's is-enabled (spec.Enabled without the definition's)
	targets    []string
	standalone bool              // a 2017 coordinator file (targets other workflows)
	sched      schedule.Schedule // nil without cron (or with an unusable one); shared, immutable
	loc        *time.Location
	state      coordState
	wake       time.Time // when it wants to be evaluated again (zero: only on events)
	heapIdx    int       // position in the wake heap, -1 when not in it
	reason     string    // why it did not fire at the latest evaluation, for Status
}

// coordState is what the store keeps for a coordinator. Its JSON is schedule.State's with
// one more field, so a reader that knows only schedule.State reads it correctly.
type coordState struct {
	schedule.State
	// LastReset is the latest daily dependency reset (DependResetDaily).
	LastReset time.Time `json:"last_reset,omitzero"`
}

// newCoordinator builds the coordinator of d as declared. The previous coordinator's state
// carries over (dependency flags by upstream name, as akkaflow, and the last fire); the next
// fire is recomputed from now when the coordinator is new or its schedule, window or enabled
// state changed.
func (m *master) newCoordinator(d *definition, declared *workflows.Coordinator, prev *coordinator, now time.Time) *coordinator {
	spec := *declared
	spec.Enabled = declared.Enabled && d.enabled && !m.switchedOff[d.name] // switchedOff: enable.go
	c := &coordinator{name: d.name, spec: spec, xmlEnabled: declared.Enabled, loc: m.cfg.Location, heapIdx: -1}
	if d.isWorkflow {
		c.targets = []string{d.name}
	} else {
		c.targets, c.standalone = slices.Clone(spec.Targets), true
	}
	if spec.Timezone != "" {
		if z := m.zones.location(spec.Timezone); z != nil {
			c.loc = z
		}
	}
	if spec.Cron != "" {
		c.sched = m.zones.schedule(spec.Cron, c.loc)
	}
	if prev == nil {
		c.state.State = c.state.Rearm(c.sched, now)
		c.state.LastReset = now
		return c
	}
	c.state = prev.state
	c.state.Deps = prev.state.Deps.Clone()
	c.wake = prev.wake // until it is evaluated again
	p := prev.spec
	if p.Cron != spec.Cron || p.Timezone != spec.Timezone || p.Enabled != spec.Enabled ||
		!p.Start.Equal(spec.Start) || !p.End.Equal(spec.End) {
		c.state.State = c.state.Rearm(c.sched, now)
	}
	return c
}

// declared returns the coordinator as its XML declares it (nil for none), to rebuild it
// for another state of its definition.
func (c *coordinator) declared() *workflows.Coordinator {
	if c == nil {
		return nil
	}
	spec := c.spec
	spec.Enabled = c.xmlEnabled
	return &spec
}

// put is the command that stores the coordinator's state.
func (c *coordinator) put() store.PutCoordinator {
	b, _ := json.Marshal(c.state) // plain data: cannot fail
	return store.PutCoordinator{Name: c.name, NextFire: c.state.Next, State: b}
}

// upstreams lists the workflows the coordinator waits for.
func (c *coordinator) upstreams() []string {
	out := make([]string, len(c.spec.Depends))
	for i, d := range c.spec.Depends {
		out[i] = d.Workflow
	}
	return out
}

// dailyReset reports whether the coordinator clears its flags every day (akkaflow's policy).
func (c *coordinator) dailyReset() bool {
	return c.spec.DependReset == workflows.DependResetDaily && len(c.spec.Depends) > 0
}

// sortedCoordinators returns the coordinators in name order, so that evaluation (and hence
// the order of fires and commands) does not depend on map iteration. O(n log n): for
// activation and Status only, never per event.
func (m *master) sortedCoordinators() []*coordinator {
	out := make([]*coordinator, 0, len(m.coords))
	for _, c := range m.coords {
		out = append(out, c)
	}
	sortByName(out)
	return out
}

func sortByName(cs []*coordinator) {
	slices.SortFunc(cs, func(a, b *coordinator) int { return strings.Compare(a.name, b.name) })
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
