package worker

import (
	"fmt"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// onTaskStarted reports that an attempt's process runs.
func (w *worker) onTaskStarted(ctx actor.Context, m taskStarted) {
	e := w.tasks[m.ref]
	if e == nil || e.finished != nil {
		return
	}
	e.startedAt = m.at
	e.started = &messages.TaskStarted{
		Ref: m.ref.Proto(), Term: e.term, Worker: w.cfg.Name, Pid: int32(m.pid), StartedUnixMs: m.at.UnixMilli(),
	}
	w.cfg.Observer.TaskStarted(m.ref)
	w.emit(ctx, e, e.started)
}

// onTaskDone records an attempt's result, keeps it until acknowledged, and reports it.
func (w *worker) onTaskDone(ctx actor.Context, m taskDone) {
	e := w.tasks[m.ref]
	if e == nil || e.finished != nil {
		return
	}
	w.finish(ctx, e, m.res, m.ended)
}

// finish turns a result into the stored TaskFinished and sends it.
func (w *worker) finish(ctx actor.Context, e *entry, res executors.Result, ended time.Time) {
	start := e.startedAt
	if start.IsZero() {
		start = e.accepted // no process ever started: the attempt lasted from its acceptance
	}
	e.finished = &messages.TaskFinished{
		Ref: e.ref.Proto(), Term: e.term, Worker: w.cfg.Name,
		Status:        messages.AttemptStatus(res.Status.StoredValue()), // the enums share stored values
		ExitCode:      int32(res.ExitCode),
		Message:       strings.ToValidUTF8(res.Message, "\uFFFD"),
		Outputs:       res.Outputs,
		StartedUnixMs: start.UnixMilli(),
		EndedUnixMs:   ended.UnixMilli(),
	}
	w.running--
	w.cfg.Observer.TaskFinished(e.ref, res.Status, ended.Sub(start))
	w.emit(ctx, e, e.finished)
	w.checkDrained(ctx)
}

// emit sends one of an attempt's events to its reply address, or to the current master.
// With neither known the event waits: it is stored in the entry and goes out on the next
// MasterChanged or duplicate RunTask.
func (w *worker) emit(ctx actor.Context, e *entry, msg any) {
	to := e.replyTo
	if to == nil {
		to = w.master
	}
	if to == nil {
		w.log.Info("worker: no master known; holding an event", "ref", e.ref, "type", typeName(msg))
		return
	}
	ctx.Request(to, wrap(msg, e.enveloped))
}

// onTerminated notices a task actor that stopped on its own, which only a bug can cause:
// its attempt was killed on the way (the actor cancels it when stopping), but its result
// was lost, so the worker reports the attempt failed rather than running forever.
func (w *worker) onTerminated(ctx actor.Context, who *actor.PID) {
	for _, e := range w.tasks {
		if e.child == nil || !e.child.Equal(who) {
			continue
		}
		e.child = nil
		if e.finished == nil {
			w.log.Error("worker: a task actor stopped before its attempt ended", "ref", e.ref)
			w.finish(ctx, e, executors.Result{
				Status: workflows.AttemptFailed, ExitCode: -1,
				Message: "internal error: the worker lost track of this attempt, whose processes were killed",
			}, w.cfg.Now())
		}
		return
	}
}

func typeName(m any) string { return fmt.Sprintf("%T", m) }
