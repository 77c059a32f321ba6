package worker

import (
	"context"
	"fmt"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows/executors"
)

// errShutdown is the cancel cause when the worker stops or its drain grace runs out; the
// attempt's message reads "killed: worker shutting down".
var errShutdown = fmt.Errorf("%w: worker shutting down", executors.ErrKilled)

// taskActor owns one attempt from its acceptance until the master acknowledges its
// result: the goroutine that runs it, the context that kills it, and its process record,
// which it drops when told to forget the attempt. It forwards the goroutine's reports to
// the worker. It is never restarted (the worker's supervisor stops failed children), so
// supervision can never start an attempt twice.
type taskActor struct {
	a      *attempt
	cancel context.CancelCauseFunc
}

func (t *taskActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		runCtx, cancel := context.WithCancelCause(context.Background())
		t.cancel = cancel
		root, self := ctx.ActorSystem().Root, ctx.Self()
		go t.a.run(runCtx, func(msg any) { root.Send(self, msg) })
	case taskStarted, taskDone:
		ctx.Send(ctx.Parent(), m)
	case killTask:
		t.cancel(m.cause) // the first cause wins; later kills change nothing
	case forget:
		if err := t.a.journal.forget(t.a.ref); err != nil {
			t.a.log.Warn("worker: cannot remove a process record", "ref", t.a.ref, "err", err)
		}
		ctx.Stop(ctx.Self())
	case *actor.Stopping:
		// Normally the attempt is over by now and this only releases the context; if the
		// worker itself is stopping, it kills the attempt.
		if t.cancel != nil {
			t.cancel(errShutdown)
		}
	}
}
