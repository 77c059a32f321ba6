package worker

import (
	"os"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows/executors"
)

// Local messages: plain Go values sent within the worker's process, never over the wire.

// MasterChanged tells the worker who the master is now (the membership or Raft watcher
// sends it on failover). Every later event goes to PID, and every result not yet
// acknowledged, plus the TaskStarted of every running attempt, is sent to it at once.
// A nil PID means no master is known: events are kept until the next MasterChanged.
type MasterChanged struct{ PID *actor.PID }

// Drain stops the worker taking tasks. Running attempts go on; after Grace the ones left
// are killed ("killed: worker shutting down"). The sender gets Drained once nothing runs
// and every result is acknowledged, or, after Grace, once nothing runs. Later RunTasks are
// rejected as unavailable. A later Drain can bring the deadline forward, not back.
type Drain struct{ Grace time.Duration }

// Drained answers Drain: nothing runs any more, so the process can exit. Unacked counts
// results the master had not acknowledged when the grace period ended; they are lost
// with the process unless it waits longer (their attempts will be reported lost).
type Drained struct{ Unacked int }

// Internal messages.

// taskStarted: a task goroutine's process is running (through the task actor).
type taskStarted struct {
	ref Ref
	pid int
	at  time.Time
}

// taskDone: a task goroutine finished; the process group is gone and the logs are closed.
type taskDone struct {
	ref   Ref
	res   executors.Result
	ended time.Time
}

// killTask asks a task actor to cancel its attempt with cause.
type killTask struct{ cause error }

// forget tells a task actor that its result was acknowledged: it drops the attempt's
// process record and stops.
type forget struct{}

// prepared: the start-up sweep is over (see prepare).
type prepared struct {
	lock     *os.File       // held for the worker's life; nil on error
	boot     string         // kernel boot id, written into records
	previous map[Ref]string // attempts of a dead earlier incarnation → what became of them
	journal  *journal       // the records of this incarnation's attempts; nil on error
	err      error          // the worker must not run tasks
}

// drainDeadline: the drain grace period is over.
type drainDeadline struct{}
