package executors

import (
	"context"
	"errors"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

// Causes a caller gives when it cancels an attempt's context (context.WithCancelCause,
// context.WithTimeoutCause). They decide the attempt's status.
var (
	// ErrKilled: someone asked for the attempt to stop (instance kill, end reached, shutdown).
	ErrKilled = errors.New("killed")
	// ErrTimedOut: the node's timeout elapsed. Prefer TimedOutAfter, whose text says how long.
	ErrTimedOut = errors.New("timed out")
)

// TimeoutError is a timeout cause that remembers the limit, so the message can say
// "timed out after 30s". It matches ErrTimedOut with errors.Is.
type TimeoutError struct{ After time.Duration }

func (e *TimeoutError) Error() string { return "timed out after " + e.After.String() }

// Is makes errors.Is(err, ErrTimedOut) true.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimedOut }

// TimedOutAfter is the cause to pass to context.WithTimeoutCause for a node timeout of d.
func TimedOutAfter(d time.Duration) error { return &TimeoutError{After: d} }

// interruption maps the cause of a done context to the attempt's status and message.
// A plain context.WithTimeout counts as a timeout; any other cause is a kill, and a cause
// other than the bare sentinels keeps its text so "killed: worker shutting down" survives.
func interruption(ctx context.Context) (workflows.AttemptStatus, string) {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, ErrTimedOut):
		return workflows.AttemptTimedOut, cause.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		return workflows.AttemptTimedOut, "timed out"
	case cause == nil || cause == ErrKilled || cause == context.Canceled:
		return workflows.AttemptKilled, "killed"
	case errors.Is(cause, ErrKilled):
		return workflows.AttemptKilled, cause.Error()
	}
	return workflows.AttemptKilled, "killed: " + cause.Error()
}

// interrupted is the Result of an attempt whose context was done.
func interrupted(ctx context.Context) Result {
	status, msg := interruption(ctx)
	return Result{Status: status, ExitCode: -1, Message: msg}
}

// Interrupted is the Result of an attempt whose context was done, for executors in other
// packages: a cause matching ErrTimedOut or context.DeadlineExceeded is timed_out, anything
// else killed, with the cause in the message.
func Interrupted(ctx context.Context) Result { return interrupted(ctx) }

// Failed is the Result of an attempt that could not do what it was asked.
func Failed(format string, args ...any) Result { return failed(format, args...) }
