package master

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// workerState is a worker and the slots the master's placements use on it.
type workerState struct {
	Worker
	used int
}

func (w *workerState) slots() int { return max(w.Slots, 1) }

// placement is an attempt sent to a worker and not yet finished.
type placement struct {
	worker string
	spec   *taskSpec
}

// pendingTask is a dispatch waiting for a worker slot.
type pendingTask struct {
	spec  *taskSpec
	seq   uint64
	timer Timer // HostWait, armed while no registered worker could ever take it
}

// onDispatch places a dispatch at once when a worker has a free slot, else queues it.
func (m *master) onDispatch(ctx actor.Context, spec *taskSpec) {
	if m.reconciled && len(m.pending) == 0 && m.place(ctx, spec) {
		return
	}
	m.taskSeq++
	p := &pendingTask{spec: spec, seq: m.taskSeq}
	m.insertPending(p)
	m.drain(ctx)
}

// insertPending keeps pending in placement order: action priority, then workflow priority
// (both descending), then arrival.
func (m *master) insertPending(p *pendingTask) {
	i, _ := slices.BinarySearchFunc(m.pending, p, comparePending)
	m.pending = slices.Insert(m.pending, i, p)
	m.pendingBy[p.spec.Key] = p
}

func comparePending(a, b *pendingTask) int {
	switch {
	case a.spec.ActionPriority != b.spec.ActionPriority:
		return b.spec.ActionPriority - a.spec.ActionPriority
	case a.spec.WorkflowPriority != b.spec.WorkflowPriority:
		return b.spec.WorkflowPriority - a.spec.WorkflowPriority
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

func (m *master) removePending(p *pendingTask) {
	if i := slices.Index(m.pending, p); i >= 0 {
		m.pending = slices.Delete(m.pending, i, i+1)
	}
	delete(m.pendingBy, p.spec.Key)
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
}

// drain places pending dispatches in order while slots are free, and arms the HostWait timer
// of pinned (host) or labelled dispatches that no registered worker could ever take. An
// unconstrained dispatch waits for any worker, however long: a cluster briefly without
// workers must not fail everything that is running.
func (m *master) drain(ctx actor.Context) {
	if !m.reconciled || len(m.pending) == 0 {
		return
	}
	kept := m.pending[:0]
	for _, p := range m.pending {
		if m.place(ctx, p.spec) {
			delete(m.pendingBy, p.spec.Key)
			if p.timer != nil {
				p.timer.Stop()
			}
			continue
		}
		kept = append(kept, p)
		constrained := p.spec.Host != "" || len(p.spec.Labels) > 0
		if constrained && p.timer == nil && !m.eligibleExists(p.spec) {
			key := p.spec.Key
			self, root := ctx.Self(), ctx.ActorSystem().Root
			p.timer = m.cfg.Clock.AfterFunc(m.cfg.HostWait, func() { root.Send(self, hostWaitExpired{Key: key}) })
		}
	}
	clear(m.pending[len(kept):])
	m.pending = kept
}

// place sends spec to the least-loaded eligible worker with a free slot; false if none.
func (m *master) place(ctx actor.Context, spec *taskSpec) bool {
	w := m.pick(spec)
	if w == nil {
		return false
	}
	w.used++
	m.placements[spec.Key] = &placement{worker: w.Name, spec: spec}
	ctx.Request(w.PID, &messages.RunTask{Ref: spec.Key.ref(), Term: m.cfg.Term, Workflow: spec.Workflow,
		ActionJson: spec.Action, Attachments: spec.Attachments, Priority: int32(spec.ActionPriority),
		Env: spec.Env})
	m.cfg.Observer.ObserveDispatch(m.cfg.Clock.Now().Sub(spec.Ready))
	return true
}

// pick chooses among eligible workers with a free slot the least loaded (by share of slots
// used, then by name for a stable choice).
func (m *master) pick(spec *taskSpec) *workerState {
	var best *workerState
	for _, w := range m.workers {
		if w.used >= w.slots() || !eligible(w, spec) {
			continue
		}
		if best == nil || w.used*best.slots() < best.used*w.slots() ||
			(w.used*best.slots() == best.used*w.slots() && w.Name < best.Name) {
			best = w
		}
	}
	return best
}

// eligible reports whether w may run spec: its host pin (host or worker name) and labels.
func eligible(w *workerState, spec *taskSpec) bool {
	if w.Draining {
		return false
	}
	if spec.Host != "" && spec.Host != w.Host && spec.Host != w.Name {
		return false
	}
	for _, l := range spec.Labels {
		if !slices.Contains(w.Labels, l) {
			return false
		}
	}
	return true
}

func (m *master) eligibleExists(spec *taskSpec) bool {
	for _, w := range m.workers {
		if eligible(w, spec) {
			return true
		}
	}
	return false
}

// onHostWaitExpired fails a dispatch that found no eligible worker in HostWait.
func (m *master) onHostWaitExpired(ctx actor.Context, key taskKey) {
	p := m.pendingBy[key]
	if p == nil {
		return
	}
	p.timer = nil
	if m.eligibleExists(p.spec) {
		return // one appeared; it waits for a slot like any other
	}
	m.removePending(p)
	m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskFailed{At: m.cfg.Clock.Now(),
		Node: key.Node, Attempt: key.Attempt, Message: fmt.Sprintf("no worker %s joined within %s",
			requirement(p.spec), m.cfg.HostWait)}})
}

// requirement describes what a task needs of a worker, for messages.
func requirement(spec *taskSpec) string {
	var parts []string
	if spec.Host != "" {
		parts = append(parts, fmt.Sprintf("on host %q", spec.Host))
	}
	if len(spec.Labels) > 0 {
		parts = append(parts, "with labels "+quoteList(spec.Labels))
	}
	if len(parts) == 0 {
		return "at all"
	}
	return strings.Join(parts, " ")
}

// dropPendingOf forgets the queued dispatches of an instance that no longer runs.
func (m *master) dropPendingOf(id string) {
	for _, p := range slices.Clone(m.pending) {
		if p.spec.Key.Instance == id {
			m.removePending(p)
		}
	}
}

// release frees the slot of a placed attempt and returns its placement (nil if none).
func (m *master) release(key taskKey) *placement {
	pl := m.placements[key]
	if pl == nil {
		return nil
	}
	delete(m.placements, key)
	if w := m.workers[pl.worker]; w != nil && w.used > 0 {
		w.used--
	}
	return pl
}

// cancel stops an attempt: a queued dispatch is dropped, a placed one is killed on its worker.
func (m *master) cancel(ctx actor.Context, c cancelSpec) {
	if p := m.pendingBy[c.Key]; p != nil {
		m.removePending(p)
		return
	}
	worker := c.Worker
	if pl := m.placements[c.Key]; pl != nil {
		worker = pl.worker
	}
	if w := m.workers[worker]; w != nil {
		ctx.Send(w.PID, &messages.KillTask{Ref: c.Key.ref(), Term: m.cfg.Term, Reason: c.Reason})
	}
}

// toSupervisor delivers an event to an instance's supervisor (dropped if it has none).
func (m *master) toSupervisor(ctx actor.Context, id string, ev supEvent) bool {
	e := m.instances[id]
	if e == nil || e.pid == nil || e.broken {
		return false
	}
	ctx.Send(e.pid, ev)
	return true
}

// now is the master's clock.
func (m *master) now() time.Time { return m.cfg.Clock.Now() }
