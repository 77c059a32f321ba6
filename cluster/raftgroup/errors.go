package raftgroup

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/raft"
)

var (
	// ErrNotLeader: this node is not the leader, so the request was not
	// accepted. Errors carrying it are *NotLeaderError, with the leader's
	// address when known; retrying there is safe.
	ErrNotLeader = errors.New("raftgroup: not the leader")

	// ErrLeadershipLost: this node was deposed (or shut down) after
	// accepting the command and before it was known to commit. The command
	// may or may not be applied.
	ErrLeadershipLost = errors.New("raftgroup: leadership lost before commit; outcome unknown")

	// ErrShutdown: the group has been shut down. For a call that was already
	// waiting when Shutdown began, the outcome is unknown (the command may
	// have committed on the other nodes).
	ErrShutdown = errors.New("raftgroup: shut down")
)

// NotLeaderError is returned when a leader-only operation reaches a follower
// or candidate. LeaderID and LeaderAddr are empty when no leader is known
// (e.g. during an election).
type NotLeaderError struct {
	LeaderID   string
	LeaderAddr string
	cause      error
}

func (e *NotLeaderError) Error() string {
	if e.LeaderAddr == "" {
		return "raftgroup: not the leader (leader unknown)"
	}
	return fmt.Sprintf("raftgroup: not the leader (leader is %s at %s)", e.LeaderID, e.LeaderAddr)
}

// Unwrap lets errors.Is match ErrNotLeader and raft's own error.
func (e *NotLeaderError) Unwrap() []error { return []error{ErrNotLeader, e.cause} }

// mapErr turns raft's errors into this package's, keeping raft's error in
// the chain for errors.Is.
func (g *Group) mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err // from await: already says what happened
	case errors.Is(err, raft.ErrNotLeader),
		errors.Is(err, raft.ErrLeadershipTransferInProgress):
		addr, id := g.raft.LeaderWithID()
		return &NotLeaderError{LeaderID: string(id), LeaderAddr: string(addr), cause: err}
	case errors.Is(err, raft.ErrLeadershipLost):
		return fmt.Errorf("%w (%w)", ErrLeadershipLost, err)
	case errors.Is(err, raft.ErrRaftShutdown):
		return fmt.Errorf("%w (%w)", ErrShutdown, err)
	case errors.Is(err, raft.ErrEnqueueTimeout):
		// Only a context deadline sets an enqueue timeout here.
		return fmt.Errorf("raftgroup: not accepted before the deadline: %w (%w)", context.DeadlineExceeded, err)
	default:
		return fmt.Errorf("raftgroup: %w", err)
	}
}
