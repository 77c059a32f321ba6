package worker

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// onDrain stops the worker taking tasks and arms the grace timer. A later Drain can only
// bring the deadline forward (a second SIGTERM means "faster"), never push it back.
func (w *worker) onDrain(ctx actor.Context, grace time.Duration, sender *actor.PID) {
	if sender != nil {
		w.drainers = append(w.drainers, sender)
	}
	at := time.Now().Add(grace)
	if w.draining && (w.drainExpired || !at.Before(w.drainAt)) {
		w.checkDrained(ctx)
		return
	}
	if !w.draining {
		w.log.Info("worker: draining", "grace", grace, "running", w.running)
	}
	w.draining, w.drainAt = true, at
	if w.drainTimer != nil {
		w.drainTimer.Stop() // if it already fired, its message is a harmless repeat
	}
	if grace <= 0 {
		w.onDrainDeadline(ctx)
		return
	}
	root, self := ctx.ActorSystem().Root, ctx.Self()
	w.drainTimer = time.AfterFunc(grace, func() { root.Send(self, drainDeadline{}) })
	w.checkDrained(ctx)
}

// onDrainDeadline kills what still runs; their results still reach the master.
func (w *worker) onDrainDeadline(ctx actor.Context) {
	w.drainExpired = true
	for _, e := range w.sortedEntries() {
		if e.finished == nil && e.child != nil {
			ctx.Send(e.child, killTask{cause: errShutdown})
		}
	}
	w.checkDrained(ctx)
}

// checkDrained answers the drainers once nothing runs and, until the grace period ends,
// every result is acknowledged.
func (w *worker) checkDrained(ctx actor.Context) {
	if !w.draining || len(w.drainers) == 0 || w.running > 0 {
		return
	}
	unacked := len(w.tasks) - w.running
	if unacked > 0 && !w.drainExpired {
		return
	}
	for _, d := range w.drainers {
		ctx.Send(d, Drained{Unacked: unacked})
	}
	w.drainers = nil
}
