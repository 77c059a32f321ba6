package executors

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/actorflow/actorflow/workflows"
)

// Task is one attempt of an action node, as the worker received it.
type Task struct {
	InstanceID string
	Workflow   string
	Node       string
	Attempt    int               // 1-based
	Action     *workflows.Action // parameters already expanded
	// Attachments are the contents of the action's attach-list, read on the master and
	// written into the working directory under their base names.
	Attachments []Attachment
	// Env is added to the worker's environment; the ACTORFLOW_* variables win over it.
	Env map[string]string
}

// Attachment is one file shipped with a task.
type Attachment struct {
	Name string // base name only; a name with a path separator is rejected
	Data []byte
}

// TaskIO is where an attempt's output goes, plus the hooks the worker needs into the
// attempt's process. A nil writer discards that stream (the last stderr lines still reach
// Result.Message). Write errors never stop the task: output keeps being drained so the
// process cannot block on a full pipe, and the error is noted in the message.
type TaskIO struct {
	Stdout io.Writer
	Stderr io.Writer

	// OnStart, when set, is called once the attempt's process has started, with its pid,
	// which is also its process group id (every attempt gets its own group). It runs on
	// Run's goroutine while the process runs and before Run returns, at most once per Run;
	// executors that start no process never call it. It should return quickly: output is
	// buffered by the pipe meanwhile, but the attempt's wait has not begun.
	OnStart func(pid int)

	// ParentDeathSignal, when non-zero, is delivered to the attempt's process if the
	// worker dies first (Linux PR_SET_PDEATHSIG), so a SIGKILLed worker does not leave its
	// task leaders running. The kernel sends it when the *thread* that forked the process
	// exits, not the process, and Go may retire threads; so the executor keeps its
	// goroutine locked to its OS thread until the process has been waited for, costing one
	// thread per running attempt (Wait blocks one anyway). Only the direct child gets the
	// signal: its own children survive as orphans, in the attempt's process group.
	ParentDeathSignal syscall.Signal
}

// Result is the outcome of one attempt.
type Result struct {
	Status workflows.AttemptStatus // succeeded, failed, killed or timed_out
	// ExitCode is the process's exit status; -1 when it did not exit by itself (signal,
	// kill, never started).
	ExitCode int
	Message  string            // one human summary; on failure ends with the last stderr lines
	Outputs  map[string]string // parsed from the ACTORFLOW_OUTPUT file; nil when none
}

// Executor runs one attempt. Cancelling ctx kills it (see the package invariants).
type Executor interface {
	Run(ctx context.Context, t Task, tio TaskIO) Result
}

// RelDir is the attempt's directory relative to a root: <instance>/<node>/<attempt>, each
// component passed through SafeName. Workers can use it for log directories too.
func (t Task) RelDir() string {
	return filepath.Join(SafeName(t.InstanceID), SafeName(t.Node), strconv.Itoa(t.Attempt))
}

// AttemptDir is the attempt's working directory under root.
func AttemptDir(root string, t Task) string { return filepath.Join(root, t.RelDir()) }

// failed builds a Result for an attempt that could not run as asked.
func failed(format string, args ...any) Result {
	return Result{Status: workflows.AttemptFailed, ExitCode: -1, Message: fmt.Sprintf(format, args...)}
}
