package worker

import (
	"context"
	"fmt"
	"log/slog"
	"syscall"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// attempt is everything a task goroutine needs to run one attempt. Built by the worker,
// never changed afterwards, so the goroutine may read it freely.
type attempt struct {
	ref      Ref
	task     executors.Task
	exec     executors.Executor
	logDir   string
	logLimit int64
	journal  *journal // where the attempt's process record goes
	boot     string
	now      func() time.Time
	log      *slog.Logger
}

// run executes the attempt and reports through report: taskStarted when the process
// starts, then exactly one taskDone, sent only once the process group is gone, the logs
// are closed and the record says the attempt ended. It runs on its own goroutine.
func (a *attempt) run(ctx context.Context, report func(any)) {
	started := false
	res := a.execute(ctx, func(pid int) {
		started = true
		at := a.now()
		a.writeRecord(pid)
		report(taskStarted{ref: a.ref, pid: pid, at: at})
	})
	if started {
		// Keep the record, marked ended, until the master acknowledges the result: a
		// restarted worker must still refuse to run this attempt again.
		if err := a.journal.ended(a.ref); err != nil {
			a.log.Warn("worker: cannot mark the process record ended", "ref", a.ref, "err", err)
		}
	}
	report(taskDone{ref: a.ref, res: res, ended: a.now()})
}

// execute runs the executor with the attempt's logs; every failure, a panic included,
// becomes a failed Result so the worker always hears back.
func (a *attempt) execute(ctx context.Context, onStart func(pid int)) (res executors.Result) {
	defer func() {
		if p := recover(); p != nil {
			res = failure("the executor panicked: %v", p)
		}
	}()
	logs, err := executors.OpenAttemptLogs(a.logDir, a.logLimit)
	if err != nil {
		return failure("cannot open the attempt's logs: %v", err)
	}
	tio := logs.IO()
	tio.OnStart = onStart
	// If the worker is SIGKILLed its task leaders die with it; what they started lives
	// on as orphans in the group, for the next incarnation's sweep.
	tio.ParentDeathSignal = syscall.SIGKILL
	res = a.exec.Run(ctx, a.task, tio)
	if err := logs.Close(); err != nil {
		res.Message += fmt.Sprintf("; the logs are incomplete: %v", err)
	}
	return res
}

// writeRecord notes the running group before anything else can happen to the worker.
func (a *attempt) writeRecord(pid int) {
	rec := record{InstanceID: a.ref.InstanceID, Node: a.ref.Node, Attempt: a.ref.Attempt, PGID: pid, Boot: a.boot}
	start, err := processStart(pid)
	if err == nil {
		rec.Start = start
		err = a.journal.started(rec)
	}
	if err != nil {
		// The attempt runs on, but a crash of the worker now would leave its orphans
		// unswept: say so loudly.
		a.log.Error("worker: cannot record the attempt's process group", "ref", a.ref, "pgid", pid, "err", err)
	}
}

func failure(format string, args ...any) executors.Result {
	return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1, Message: fmt.Sprintf(format, args...)}
}
