package master

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
)

// status reports the live state (no I/O: everything is in memory).
func (m *master) status() *StatusResponse {
	now := m.now()
	r := &StatusResponse{Term: m.cfg.Term, Ready: m.reconciled, Queued: len(m.queue),
		Running: maps.Clone(m.running), RunningTotal: m.nRunning, PendingTasks: len(m.pending)}
	names := slices.Sorted(maps.Keys(m.workers))
	for _, n := range names {
		w := m.workers[n]
		r.Workers = append(r.Workers, WorkerStatus{Name: w.Name, Host: w.Host, Labels: slices.Clone(w.Labels),
			Slots: w.slots(), Used: w.used})
	}
	for _, c := range m.sortedCoordinators() {
		cs := CoordinatorStatus{Name: c.name, Targets: slices.Clone(c.targets), Enabled: c.spec.Enabled,
			Cron: c.spec.Cron, NextFire: c.state.Next, LastFired: c.state.LastFired, Ready: true}
		if len(c.spec.Depends) > 0 {
			ups := make([]string, len(c.spec.Depends))
			for i, d := range c.spec.Depends {
				ups[i] = d.Workflow
			}
			cs.Ready, cs.Waiting = c.state.Deps.Ready(ups, c.state.Next, c.spec.DependReset, c.loc, now)
		}
		cs.Reason = c.reason
		r.Coordinators = append(r.Coordinators, cs)
	}
	return r
}

// onSupOutput carries out what a supervisor's committed step asks, in order: acknowledge
// results, cancel attempts, place dispatches, forget the finished instance.
func (m *master) onSupOutput(ctx actor.Context, out *supOutput) {
	e := m.instances[out.Instance]
	if out.Broken != nil {
		if e != nil && !e.broken {
			m.markBroken(ctx, e, out.Broken)
		}
		return
	}
	for _, a := range out.Acks {
		m.ack(ctx, a)
	}
	for _, c := range out.Cancels {
		m.cancel(ctx, c)
	}
	if e != nil && e.pid != nil && !e.broken {
		for _, d := range out.Dispatches {
			m.onDispatch(ctx, d)
		}
	}
	if out.Finished != nil {
		m.finishInstance(ctx, out.Finished)
	}
}

// quoteList renders names as "a", "b" and "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
