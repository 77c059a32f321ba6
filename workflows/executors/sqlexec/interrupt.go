package sqlexec

import (
	"context"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// interrupted is the Result of an attempt whose context was done, with what it was doing.
func interrupted(ctx context.Context, what string) executors.Result {
	r := executors.Interrupted(ctx)
	if what != "" {
		r.Message += " " + what
	}
	return r
}

func failed(format string, args ...any) executors.Result {
	return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1, Message: sprintf(format, args...)}
}

func succeeded(msg string) executors.Result {
	return executors.Result{Status: workflows.AttemptSucceeded, ExitCode: 0, Message: msg}
}
