package master

import (
	"errors"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Requests the master answers. Each is sent with Request/RequestFuture (the Client does it)
// and answered with its *…Response, which embeds Result: a workflows.Code and a message,
// never a bare string. Messages are immutable once sent.

// Result is the outcome part of every response. Code is "" on success.
type Result struct {
	Code     workflows.Code     `json:"code,omitempty"`
	Message  string             `json:"message,omitempty"`
	Problems workflows.Problems `json:"problems,omitempty"`
}

// Err returns the result as a *workflows.Error, or nil on success.
func (r Result) Err() error {
	if r.Code == "" {
		return nil
	}
	return &workflows.Error{Code: r.Code, Message: r.Message, Problems: r.Problems}
}

// resultOf turns an error into a Result (nil: success).
func resultOf(err error) Result {
	if err == nil {
		return Result{}
	}
	var e *workflows.Error
	if errors.As(err, &e) {
		return Result{Code: e.Code, Message: e.Message, Problems: e.Problems}
	}
	return Result{Code: workflows.CodeInternal, Message: err.Error()}
}

// PutDefinitionRequest stores a definition (a workflow or a standalone coordinator). Source is
// the file path relative to the xmlconfig directory (Origin file) or "api". A definition with
// errors changes nothing loaded (for a file, its status with the problems is recorded).
type PutDefinitionRequest struct {
	XML    []byte
	Source string
	Origin store.Origin
	// Loaded, when set, is xmlspec.Load(Source, XML) done by the sender (the xmlconfig
	// scanner parses every file in its own worker pool), so the master does not parse the
	// same bytes a second time. nil: the master parses.
	Loaded *workflows.Definition
}

// PutDefinitionResponse: Created is false when an existing definition was replaced (or the
// content was unchanged: Unchanged). Warnings are the accepted definition's warnings; errors
// come back in Result (CodeInvalid with every Problem).
type PutDefinitionResponse struct {
	Result
	Name      string
	Created   bool
	Unchanged bool
	Warnings  workflows.Problems
}

// CheckDefinitionRequest validates a definition without storing it.
type CheckDefinitionRequest struct {
	XML    []byte
	Source string
}

// CheckDefinitionResponse mirrors PutDefinitionResponse without storing anything.
type CheckDefinitionResponse struct {
	Result
	Name     string
	Warnings workflows.Problems
}

// DeleteDefinitionRequest removes a definition; its instances and their history stay.
type DeleteDefinitionRequest struct{ Name string }

// DeleteDefinitionResponse: CodeConflict with Dependents when other workflows' coordinators
// depend on it.
type DeleteDefinitionResponse struct {
	Result
	Dependents []string
}

// FileRemovedRequest says an xmlconfig file disappeared: the definition it loaded stays (its
// history too) but its coordinator stops firing.
type FileRemovedRequest struct{ Path string }

// FileRemovedResponse names the definition that was disabled ("" when the file loaded none).
type FileRemovedResponse struct {
	Result
	Name string
}

// TriggerRequest fires a workflow by hand (akkaflow's trigger): coordinator params with
// Params overriding them; IgnoreNodes, when given, are ignored for this instance and every
// other action's is-ignore is reset to false. Its success satisfies downstream dependencies.
type TriggerRequest struct {
	Workflow    string
	Params      map[string]string
	IgnoreNodes []string
}

// TriggerResponse carries the new instance's id.
type TriggerResponse struct {
	Result
	ID string
}

// RunRequest starts an ad-hoc instance with exactly Params; it satisfies nothing downstream.
type RunRequest struct {
	Workflow string
	Params   map[string]string
}

// RunResponse carries the new instance's id.
type RunResponse struct {
	Result
	ID string
}

// RerunRequest reruns a finished instance as a new instance (RerunOf = ID) with the original
// params and scheduled time. FromFailed skips the actions that succeeded.
type RerunRequest struct {
	ID         string
	FromFailed bool
}

// RerunResponse carries the new instance's id.
type RerunResponse struct {
	Result
	ID string
}

// KillRequest kills a queued or running instance. Killing a finished one is CodeConflict.
type KillRequest struct {
	ID     string
	Reason string
}

// KillResponse answers once the kill is committed.
type KillResponse struct{ Result }

// DeleteInstanceRequest removes a finished instance.
type DeleteInstanceRequest struct{ ID string }

// DeleteInstanceResponse answers once the deletion is committed.
type DeleteInstanceResponse struct{ Result }

// ResetRequest clears a coordinator's dependency flags and recomputes its next fire. Workflow
// names a workflow with an embedded coordinator, or a standalone coordinator.
type ResetRequest struct{ Workflow string }

// ResetResponse answers once the reset is committed.
type ResetResponse struct{ Result }

// BackfillRequest creates one instance per slot of the workflow's cron in [From, To), each
// with that slot as scheduled time, in one group that runs at most Parallel (≤ 0: 1) at once.
// Params override the coordinator's params.
type BackfillRequest struct {
	Workflow string
	From, To time.Time
	Parallel int
	Params   map[string]string
}

// BackfillResponse names the group and its instances, oldest slot first.
type BackfillResponse struct {
	Result
	Group string
	IDs   []string
}

// StatusRequest asks for the master's live state.
type StatusRequest struct{}

// StatusResponse is the master's live state, for the HTTP backend and metrics.
type StatusResponse struct {
	Result
	Term         uint64
	Ready        bool // state loaded and workers reconciled
	Queued       int  // instances waiting for admission
	Running      map[string]int
	RunningTotal int
	// PendingTasks counts dispatches waiting for a worker slot.
	PendingTasks int
	Workers      []WorkerStatus
	Coordinators []CoordinatorStatus
}

// WorkerStatus is one worker as the master sees it.
type WorkerStatus struct {
	Name   string
	Host   string
	Labels []string
	Slots  int
	Used   int
}

// CoordinatorStatus is one coordinator's schedule and readiness now.
type CoordinatorStatus struct {
	Name      string
	Targets   []string
	Enabled   bool
	Cron      string
	NextFire  time.Time
	LastFired time.Time
	// Ready is true when every dependency is satisfied (true without dependencies).
	Ready   bool
	Waiting []string // upstreams not yet satisfied
	Reason  string   // why it does not fire now
}

// WorkerUp adds a worker or updates it (same Name). The master then asks it what it runs.
type WorkerUp struct{ Worker Worker }

// WorkerDown removes a worker: every attempt placed on it becomes lost.
type WorkerDown struct{ Name string }
