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

// The worker protocol on the master's side: results are routed to the instance's supervisor
// by instance id; slots are released when a result (or a rejection, or the worker's loss)
// arrives; a result is acknowledged only after the supervisor committed it.

func (m *master) onTaskStarted(ctx actor.Context, msg *messages.TaskStarted) {
	key := keyOf(msg.GetRef())
	m.recon.found(key)
	m.adopt(key, msg.GetWorker())
	m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskStarted{At: m.now(), Node: key.Node,
		Attempt: key.Attempt, Worker: msg.GetWorker()}})
}

func (m *master) onTaskFinished(ctx actor.Context, msg *messages.TaskFinished, sender *actor.PID) {
	key := keyOf(msg.GetRef())
	m.recon.found(key)
	to := sender
	if to == nil || isFuture(to) {
		to = nil
		if w := m.workers[msg.GetWorker()]; w != nil {
			to = w.PID
		}
	}
	m.release(key)
	m.cfg.Observer.TaskFinished(workflows.AttemptStatus(msg.GetStatus()))
	ack := &ackRef{To: to, Key: key}
	e := m.instances[key.Instance]
	switch {
	case e != nil && e.broken:
		// Not acknowledged: the worker keeps it for the master that recovers the instance.
	case e == nil || e.pid == nil:
		m.ack(ctx, *ack) // unknown or finished instance: nothing waits for it
	default:
		ctx.Send(e.pid, supEvent{Event: taskEvent(msg, key, m.now()), Ack: ack})
	}
	m.drain(ctx)
}

// isFuture reports whether pid is a request future (a WorkerStatusResponse's unacked results
// come through one), which cannot take an acknowledgement.
func isFuture(pid *actor.PID) bool { return strings.HasPrefix(pid.Id, "future") }

// taskEvent converts a worker's result into the engine's event.
func taskEvent(msg *messages.TaskFinished, key taskKey, now time.Time) workflows.Event {
	switch msg.GetStatus() {
	case messages.AttemptStatus_ATTEMPT_SUCCEEDED:
		return workflows.TaskSucceeded{At: now, Node: key.Node, Attempt: key.Attempt, Outputs: msg.GetOutputs()}
	case messages.AttemptStatus_ATTEMPT_LOST:
		return workflows.TaskLost{At: now, Node: key.Node, Attempt: key.Attempt, Reason: msg.GetMessage()}
	}
	text := msg.GetMessage()
	switch msg.GetStatus() {
	case messages.AttemptStatus_ATTEMPT_FAILED:
	case messages.AttemptStatus_ATTEMPT_KILLED:
		text = prefix("killed on the worker", text)
	case messages.AttemptStatus_ATTEMPT_TIMED_OUT:
		text = prefix("timed out on the worker", text)
	default:
		text = prefix(fmt.Sprintf("worker reported status %s as a result", msg.GetStatus()), text)
	}
	return workflows.TaskFailed{At: now, Node: key.Node, Attempt: key.Attempt, Message: text,
		ExitCode: int(msg.GetExitCode())}
}

func prefix(p, text string) string {
	if text == "" {
		return p
	}
	return p + ": " + text
}

func (m *master) ack(ctx actor.Context, a ackRef) {
	if a.To != nil {
		ctx.Send(a.To, &messages.AckTaskFinished{Ref: a.Key.ref(), Term: m.cfg.Term})
	}
}

// onRunTaskRejected: "unavailable" (full, draining) puts the dispatch back in the queue and
// counts that worker as full until one of its tasks ends; any other refusal fails the attempt.
func (m *master) onRunTaskRejected(ctx actor.Context, msg *messages.RunTaskRejected) {
	key := keyOf(msg.GetRef())
	pl := m.release(key)
	if pl == nil {
		return // stale: not placed by this master, or already settled
	}
	if workflows.Code(msg.GetCode()) == workflows.CodeUnavailable {
		if w := m.workers[pl.worker]; w != nil {
			w.used = max(w.used, w.slots())
		}
		m.taskSeq++
		m.insertPending(&pendingTask{spec: pl.spec, seq: m.taskSeq})
		m.drain(ctx)
		return
	}
	m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskFailed{At: m.now(), Node: key.Node,
		Attempt: key.Attempt, Message: fmt.Sprintf("worker %s refused the task (%s): %s",
			pl.worker, msg.GetCode(), msg.GetMessage())}})
	m.drain(ctx)
}

// adopt records a running attempt the master did not place (reported by a worker after a
// restart) so its slot counts, when its instance is known here.
func (m *master) adopt(key taskKey, worker string) bool {
	if m.placements[key] != nil {
		return true
	}
	e, w := m.instances[key.Instance], m.workers[worker]
	if e == nil || e.pid == nil || w == nil {
		return false
	}
	w.used++
	m.placements[key] = &placement{worker: worker}
	return true
}

func (m *master) onWorkerUp(ctx actor.Context, w Worker) {
	if w.PID == nil || w.Name == "" {
		m.log.Warn("master: ignoring WorkerUp without name or PID", "worker", w.Name)
		return
	}
	old := m.workers[w.Name]
	ws := &workerState{Worker: w}
	if old != nil {
		ws.used = old.used
	}
	ws.Labels = slices.Clone(w.Labels)
	m.workers[w.Name] = ws
	if old == nil || !old.PID.Equal(w.PID) {
		m.askWorker(ctx, ws)
	}
	m.drain(ctx)
}

// onWorkerDown: every attempt placed on the worker is lost (the retry policy decides).
func (m *master) onWorkerDown(ctx actor.Context, name string) {
	if m.workers[name] == nil {
		return
	}
	delete(m.workers, name)
	var lost []taskKey
	for key, pl := range m.placements {
		if pl.worker == name {
			lost = append(lost, key)
		}
	}
	slices.SortFunc(lost, compareKeys)
	for _, key := range lost {
		delete(m.placements, key)
		m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskLost{At: m.now(), Node: key.Node,
			Attempt: key.Attempt, Reason: fmt.Sprintf("worker %s left the cluster", name)}})
	}
	m.drain(ctx) // pinned dispatches may now have no eligible worker: arm their wait
}

func compareKeys(a, b taskKey) int {
	switch {
	case a.Instance != b.Instance:
		return strings.Compare(a.Instance, b.Instance)
	case a.Node != b.Node:
		return strings.Compare(a.Node, b.Node)
	}
	return a.Attempt - b.Attempt
}

// askWorker asks a worker what it runs and what results it still holds; the answer comes back
// through ReenterAfter, so the mailbox never waits.
func (m *master) askWorker(ctx actor.Context, w *workerState) {
	if w.PID == nil {
		return
	}
	name, pid := w.Name, w.PID
	// A worker in another process learns here where to report (fenced by the term); one
	// that held results for a deposed master re-sends them to this one.
	ctx.Send(pid, &messages.MasterChanged{Address: ctx.Self().Address, Id: ctx.Self().Id, Term: m.cfg.Term})
	m.recon.asking(name)
	f := ctx.RequestFuture(pid, &messages.WorkerStatusRequest{}, m.cfg.WorkerAskTimeout)
	ctx.ReenterAfter(f, func(res any, err error) {
		if m.deposed == nil {
			m.onWorkerStatus(ctx, name, pid, res, err)
			m.gauges()
		}
	})
}

// onWorkerStatus reconciles one worker's answer: running attempts the master waits for keep
// running (their slots count); results it still holds are delivered (and acknowledged after
// commit, or at once when stale); attempts it runs for instances this master does not know
// are killed.
func (m *master) onWorkerStatus(ctx actor.Context, name string, pid *actor.PID, res any, err error) {
	defer m.recon.answered(ctx, m)
	resp, ok := unwrap(res).(*messages.WorkerStatusResponse)
	if err != nil || !ok || resp.GetErrorCode() != "" {
		if m.recon != nil {
			m.recon.incomplete = true
		}
		m.log.Warn("master: worker did not report its tasks", "worker", name, "err", err,
			"code", resp.GetErrorCode(), "message", resp.GetErrorMessage())
		return
	}
	w := m.workers[name]
	if w != nil && resp.GetSlots() > 0 {
		w.Slots = int(resp.GetSlots())
	}
	for _, ref := range resp.GetRunning() {
		key := keyOf(ref)
		m.recon.found(key)
		if !m.adopt(key, name) {
			if e := m.instances[key.Instance]; e == nil {
				ctx.Send(pid, &messages.KillTask{Ref: ref, Term: m.cfg.Term, Reason: messages.KillReason_KILL_REASON_KILLED})
			}
		}
	}
	for _, ref := range resp.GetPerished() {
		// It ran on an earlier incarnation of this worker, which died: lost, not unsent.
		key := keyOf(ref)
		if m.recon.perished(key) {
			m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskLost{At: m.now(), Node: key.Node,
				Attempt: key.Attempt, Reason: fmt.Sprintf("worker %s died while running it", name)}})
		}
	}
	for _, fin := range resp.GetUnacked() {
		m.onTaskFinished(ctx, fin, pid) // acknowledged to pid, the worker that holds it
	}
	m.drain(ctx)
}
