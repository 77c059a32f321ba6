package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
)

// logger writes timestamped progress lines to the attempt's stdout; writers log from
// several goroutines, so lines are serialised.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func newLogger(w io.Writer) *logger { return &logger{w: orDiscard(w)} }

func (l *logger) printf(format string, args ...any) {
	line := time.Now().Format("2006-01-02 15:04:05.000 ") + fmt.Sprintf(format, args...) + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = io.WriteString(l.w, line)
}

func failed(format string, args ...any) executors.Result {
	return executors.Result{Status: workflows.AttemptFailed, ExitCode: -1, Message: fmt.Sprintf(format, args...)}
}

// interruption maps a done context to the attempt's status, as package executors does:
// a cause matching ErrTimedOut or DeadlineExceeded is a timeout, anything else a kill.
func interruption(ctx context.Context) (workflows.AttemptStatus, string) {
	cause := context.Cause(ctx)
	switch {
	case errors.Is(cause, executors.ErrTimedOut):
		return workflows.AttemptTimedOut, cause.Error()
	case errors.Is(cause, context.DeadlineExceeded):
		return workflows.AttemptTimedOut, "timed out"
	case cause == nil || errors.Is(cause, context.Canceled) || cause == executors.ErrKilled:
		return workflows.AttemptKilled, "killed"
	}
	return workflows.AttemptKilled, "killed: " + strings.TrimPrefix(cause.Error(), "killed: ")
}

// runScript runs the legacy <transfer><script> form exactly like a <script> action.
func (e *Executor) runScript(ctx context.Context, t executors.Task, tio executors.TaskIO) executors.Result {
	var ex executors.Executor
	ok := false
	if e.reg != nil {
		ex, ok = e.reg.Lookup(workflows.ActionScript)
	}
	if !ok {
		return failed("transfer node %s has a <script>, but this worker has no script executor", t.Node)
	}
	a := *t.Action
	a.Type, a.Transfer = workflows.ActionScript, nil
	a.Script = &workflows.ScriptBody{Code: t.Action.Transfer.Script}
	t.Action = &a
	return ex.Run(ctx, t, tio)
}

// taskEnv is what a FILE target's scripts see besides the worker's environment.
func taskEnv(t executors.Task) []string {
	env := make([]string, 0, len(t.Env)+4)
	for k, v := range t.Env {
		env = append(env, k+"="+v)
	}
	return append(env, "ACTORFLOW_INSTANCE_ID="+t.InstanceID, "ACTORFLOW_WORKFLOW="+t.Workflow,
		"ACTORFLOW_NODE="+t.Node, fmt.Sprintf("ACTORFLOW_ATTEMPT=%d", t.Attempt))
}

func orUnknown(s string) string {
	if s == "" {
		return "the target"
	}
	return s
}
