package remote

import (
	"context"
	"errors"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// interrupted is the Result of an attempt whose context was done. It follows the rule of
// package executors (whose helper is unexported): a timeout cause gives timed_out, anything
// else killed, and a cause other than the bare sentinels keeps its text.
func interrupted(ctx context.Context) executors.Result {
	cause := context.Cause(ctx)
	r := executors.Result{Status: workflows.AttemptKilled, ExitCode: -1, Message: "killed"}
	switch {
	case errors.Is(cause, executors.ErrTimedOut):
		r.Status, r.Message = workflows.AttemptTimedOut, cause.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		r.Status, r.Message = workflows.AttemptTimedOut, "timed out"
	case cause == nil || cause == executors.ErrKilled || cause == context.Canceled:
	case errors.Is(cause, executors.ErrKilled):
		r.Message = cause.Error()
	default:
		r.Message = "killed: " + cause.Error()
	}
	return r
}
