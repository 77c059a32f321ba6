package worker

import (
	"fmt"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows/executors"
)

// fresh applies the fence: a message from an older term than the highest seen comes from
// a deposed master and is ignored; a newer term becomes the highest.
func (w *worker) fresh(term uint64, what string, ref Ref) bool {
	if term < w.term {
		w.log.Info("worker: ignoring a message from an older term", "type", what, "ref", ref, "term", term, "current", w.term)
		return false
	}
	w.term = term
	return true
}

// onKill cancels a running attempt. An unknown or finished attempt is ignored: its result
// is already on its way or held for the master.
func (w *worker) onKill(ctx actor.Context, m *messages.KillTask) {
	ref := RefOf(m.GetRef())
	if !w.fresh(m.GetTerm(), "KillTask", ref) {
		return
	}
	e := w.tasks[ref]
	if e == nil || e.finished != nil || e.child == nil {
		w.log.Debug("worker: KillTask for an attempt that is not running", "ref", ref)
		return
	}
	cause := executors.ErrKilled
	if m.GetReason() == messages.KillReason_KILL_REASON_TIMED_OUT {
		cause = timeoutCause(e.timeout)
	}
	ctx.Send(e.child, killTask{cause: cause})
}

// timeoutCause names the node's timeout when the action says it. The timeout spans all of
// a node's attempts, so it is quoted as the node's, not as this attempt's run time.
func timeoutCause(nodeTimeout time.Duration) error {
	if nodeTimeout <= 0 {
		return executors.ErrTimedOut
	}
	return fmt.Errorf("%w (the node's timeout of %s elapsed)", executors.ErrTimedOut, nodeTimeout)
}

// onAck forgets an acknowledged result. The ref is remembered for a while so a late
// duplicate RunTask cannot run the attempt again.
func (w *worker) onAck(ctx actor.Context, m *messages.AckTaskFinished) {
	ref := RefOf(m.GetRef())
	if !w.fresh(m.GetTerm(), "AckTaskFinished", ref) {
		return
	}
	e := w.tasks[ref]
	if e != nil && e.finished == nil {
		w.log.Warn("worker: ignoring an acknowledgement for a running attempt", "ref", ref)
		return
	}
	w.acked.add(ref) // an unknown ref too: its late RunTask must not run it
	if e == nil {
		return
	}
	delete(w.tasks, ref)
	if e.child != nil {
		// The task actor deletes the attempt's process record, off this mailbox, and stops.
		ctx.Send(e.child, forget{})
	} else if err := w.journal.forget(ref); err != nil {
		w.log.Warn("worker: cannot remove a process record", "ref", ref, "err", err)
	}
	w.checkDrained(ctx)
}

// onStatus tells the master what runs here and which results wait for acknowledgement.
func (w *worker) onStatus(ctx actor.Context, enveloped bool) {
	if ctx.Sender() == nil {
		return
	}
	resp := &messages.WorkerStatusResponse{Worker: w.cfg.Name, Slots: int32(w.cfg.Slots)}
	switch {
	case !w.ready:
		resp.ErrorCode, resp.ErrorMessage = codeUnavailable, "the worker is starting: it is sweeping what an earlier incarnation left"
	case w.broken != nil:
		resp.ErrorCode, resp.ErrorMessage = codeUnavailable, "the worker cannot run tasks: "+w.broken.Error()
	}
	for _, e := range w.sortedEntries() {
		if e.finished == nil {
			resp.Running = append(resp.Running, e.ref.Proto())
		} else {
			resp.Unacked = append(resp.Unacked, e.finished)
		}
	}
	for _, ref := range sortedRefs(w.previous) {
		resp.Perished = append(resp.Perished, ref.Proto())
	}
	ctx.Respond(wrap(resp, enveloped))
}

// onMasterChanged points every attempt at the new master and tells it everything it may
// have missed: the results it must acknowledge and the attempts that run.
func (w *worker) onMasterChanged(ctx actor.Context, pid *actor.PID) {
	w.master = pid
	for _, e := range w.sortedEntries() {
		e.replyTo = pid
		switch {
		case e.finished != nil:
			w.emit(ctx, e, e.finished)
		case e.started != nil:
			w.emit(ctx, e, e.started)
		}
	}
}

// sortedEntries orders the attempts by ref, so reports are deterministic.
func (w *worker) sortedEntries() []*entry {
	out := make([]*entry, 0, len(w.tasks))
	for _, e := range w.tasks {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *entry) int { return compareRefs(a.ref, b.ref) })
	return out
}

// sortedRefs lists a map's refs in order, so reports are deterministic.
func sortedRefs[V any](m map[Ref]V) []Ref {
	out := make([]Ref, 0, len(m))
	for r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, compareRefs)
	return out
}
