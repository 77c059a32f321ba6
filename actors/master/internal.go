package master

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
)

// Local messages between the master, its run supervisors and its own goroutines. They never
// cross a process boundary, so they are plain Go values.

// asyncDone carries the continuation of work done off the mailbox (store reads, XML parsing,
// file reads): the goroutine computes, then sends a closure that applies the result on the
// actor's goroutine. The goroutine never touches actor state.
type asyncDone struct{ then func(ctx actor.Context) }

// coordWake is the single coordinator wake-up timer; Gen discards a timer replaced since.
type coordWake struct{ Gen uint64 }

// retentionTick runs the retention prune.
type retentionTick struct{}

// hostWaitExpired: a pending task has waited HostWait without any eligible worker.
type hostWaitExpired struct{ Key taskKey }

// taskKey identifies one attempt everywhere (the workers' idempotency key).
type taskKey struct {
	Instance string
	Node     string
	Attempt  int
}

func keyOf(ref *messages.TaskRef) taskKey {
	return taskKey{Instance: ref.GetInstanceId(), Node: ref.GetNode(), Attempt: int(ref.GetAttempt())}
}

func (k taskKey) ref() *messages.TaskRef {
	return &messages.TaskRef{InstanceId: k.Instance, Node: k.Node, Attempt: int32(k.Attempt)}
}

// taskSpec is a dispatch a supervisor hands to the master for placement: everything the
// RunTask needs, prepared off the master's hot path.
type taskSpec struct {
	Key              taskKey
	Workflow         string
	Action           []byte // JSON of the expanded workflows.Action, outputs resolved
	Attachments      []*messages.Attachment
	Env              map[string]string // added to the task's environment (taskEnv)
	Host             string            // "" = any
	Labels           []string
	ActionPriority   int
	WorkflowPriority int
	Ready            time.Time // when the engine decided to dispatch (latency metric)

	paths []string // attachment files still to read (supervisor side only)
}

// ackRef says where to acknowledge a task result once it is committed.
type ackRef struct {
	To  *actor.PID
	Key taskKey
}

// cancelSpec asks the master to stop an attempt.
type cancelSpec struct {
	Key    taskKey
	Worker string // where the engine last heard it ran
	Reason messages.KillReason
}

// supOutput is what one committed step of a supervisor asks of the master, in this order:
// acknowledge results, cancel attempts, dispatch attempts, and finally (Finished) forget the
// instance.
type supOutput struct {
	Instance   string
	Acks       []ackRef
	Cancels    []cancelSpec
	Dispatches []*taskSpec
	Finished   *instanceFinished
	Broken     error // the supervisor cannot continue (a commit was rejected)
}

// instanceFinished: the instance's final state is committed.
type instanceFinished struct {
	ID        string
	Workflow  string
	Status    workflows.InstanceStatus
	Trigger   workflows.TriggerKind
	Scheduled time.Time
	At        time.Time
}

// supEvent feeds an engine event to a supervisor; Ack, when set, is acknowledged after the
// event's commit (task results).
type supEvent struct {
	Event workflows.Event
	Ack   *ackRef
}

// supKill asks a supervisor to kill its instance and answer ReplyTo with a *KillResponse.
type supKill struct {
	Reason  string
	ReplyTo *actor.PID
}

// supRead delivers attachment files read for the head of a supervisor's outbox.
type supRead struct {
	Files map[string][]byte
	Errs  map[string]error
}

// deferredMsg is a message that arrived before the master finished loading its state.
type deferredMsg struct {
	Msg    any
	Sender *actor.PID
}
