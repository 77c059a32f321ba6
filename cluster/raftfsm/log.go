package raftfsm

import (
	"context"
	"errors"

	"github.com/actorflow/actorflow/cluster/raftgroup"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Proposer submits an encoded entry to the raft log and waits until it is applied to the
// local FSM, returning the FSM's response; a response that is an error comes back as the
// error. *raftgroup.Group satisfies it.
type Proposer interface {
	Apply(ctx context.Context, cmd []byte) (any, error)
}

var _ Proposer = (*raftgroup.Group)(nil)

// Log is the master's write path: each Apply is one raft entry, committed and applied to the
// local FSM before it returns (effects happen after commit, ARCHITECTURE §3).
type Log struct {
	p Proposer
}

// NewLog returns a Log proposing through p.
func NewLog(p Proposer) *Log { return &Log{p: p} }

// Apply proposes cmds as one entry: they commit and apply together or not at all. The error
// is nil once applied; the store's rejection (a *workflows.Error: CodeConflict, CodeNotFound,
// CodeInvalid); or a raft failure carrying a workflows code and its cause:
//
//   - not the leader: CodeUnavailable, errors.Is(err, raftgroup.ErrNotLeader), and
//     errors.As(err, **raftgroup.NotLeaderError) gives the leader's address. Nothing was
//     proposed; retrying on the leader is safe.
//   - leadership lost or shut down after proposing: CodeUnavailable, errors.Is with
//     raftgroup.ErrLeadershipLost / ErrShutdown. The entry may still commit.
//   - ctx ended: CodeTimeout (deadline) or CodeUnavailable (cancelled); may still commit.
//
// Commands must therefore be idempotent (ARCHITECTURE §3); the store's are (see its doc).
// Apply with no commands does nothing.
func (l *Log) Apply(ctx context.Context, cmds ...store.Command) error {
	if len(cmds) == 0 {
		return nil
	}
	entry, err := store.Encode(cmds...)
	if err != nil {
		return err
	}
	_, err = l.p.Apply(ctx, entry)
	return classify(err)
}

// classify gives raft's failures a workflows code, keeping the cause reachable.
func classify(err error) error {
	var coded *workflows.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &coded):
		return err // the FSM's rejection, already coded
	case errors.Is(err, raftgroup.ErrNotLeader),
		errors.Is(err, raftgroup.ErrLeadershipLost),
		errors.Is(err, raftgroup.ErrShutdown),
		errors.Is(err, context.Canceled):
		return &logError{code: workflows.CodeUnavailable, cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &logError{code: workflows.CodeTimeout, cause: err}
	default:
		return err
	}
}

// logError is a raft failure with a workflows code. It unwraps to both a *workflows.Error
// (so workflows.CodeOf maps it at the edges) and the cause (so errors.Is finds raftgroup's
// sentinels).
type logError struct {
	code  workflows.Code
	cause error
}

func (e *logError) Error() string { return "raftfsm: " + e.cause.Error() }

func (e *logError) Unwrap() []error {
	return []error{&workflows.Error{Code: e.code, Message: e.Error()}, e.cause}
}
