package raftgroup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/raft"
)

// Apply submits cmd to the log and waits until it is committed and applied
// to the local FSM, returning the FSM's response. Only the leader accepts
// commands; elsewhere the error is a *NotLeaderError. ctx bounds the whole
// call, but a command already handed to raft cannot be withdrawn: after a
// context error it may still commit.
func (g *Group) Apply(ctx context.Context, cmd []byte) (any, error) {
	timeout, err := g.enqueueTimeout(ctx)
	if err != nil {
		return nil, err
	}
	f := g.raft.Apply(cmd, timeout)
	if err := g.await(ctx, f); err != nil {
		return nil, g.mapErr(err)
	}
	resp := f.Response()
	if err, ok := resp.(error); ok {
		return nil, err
	}
	return resp, nil
}

// Barrier waits until every entry committed before it is applied to the
// local FSM. A new leader calls it before rebuilding state from the FSM.
func (g *Group) Barrier(ctx context.Context) error {
	timeout, err := g.enqueueTimeout(ctx)
	if err != nil {
		return err
	}
	return g.mapErr(g.await(ctx, g.raft.Barrier(timeout)))
}

// AddVoter adds (or re-addresses) a voting member. Leader only.
func (g *Group) AddVoter(ctx context.Context, id, addr string) error {
	timeout, err := g.enqueueTimeout(ctx)
	if err != nil {
		return err
	}
	return g.mapErr(g.await(ctx, g.raft.AddVoter(raft.ServerID(id), raft.ServerAddress(addr), 0, timeout)))
}

// RemoveServer removes a member. Leader only. A removed node shuts itself
// down when it learns of its removal.
func (g *Group) RemoveServer(ctx context.Context, id string) error {
	timeout, err := g.enqueueTimeout(ctx)
	if err != nil {
		return err
	}
	return g.mapErr(g.await(ctx, g.raft.RemoveServer(raft.ServerID(id), 0, timeout)))
}

// Server is one member of the group's configuration.
type Server struct {
	ID    string
	Addr  string
	Voter bool
}

// Servers returns the latest configuration this node knows (committed or
// not), e.g. to reconcile it with the gossip membership.
func (g *Group) Servers() ([]Server, error) {
	f := g.raft.GetConfiguration()
	if err := f.Error(); err != nil {
		return nil, g.mapErr(err)
	}
	var out []Server
	for _, s := range f.Configuration().Servers {
		out = append(out, Server{ID: string(s.ID), Addr: string(s.Address), Voter: s.Suffrage == raft.Voter})
	}
	return out, nil
}

// Snapshot forces a snapshot now (raft otherwise takes one every
// SnapshotThreshold entries).
func (g *Group) Snapshot() error {
	return g.mapErr(g.raft.Snapshot().Error())
}

// enqueueTimeout refuses work after Shutdown and converts ctx's deadline
// into raft's enqueue timeout (0 = none). With BatchApplyCh the queue is
// MaxAppendEntries deep, so the timeout only matters when the leader is far
// behind.
func (g *Group) enqueueTimeout(ctx context.Context) (time.Duration, error) {
	select {
	case <-g.down:
		return 0, ErrShutdown
	default:
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	d, ok := ctx.Deadline()
	if !ok {
		return 0, nil
	}
	left := time.Until(d)
	if left <= 0 {
		return 0, context.DeadlineExceeded
	}
	return left, nil
}

// await waits for f, ctx or Shutdown. raft futures expose no channel, so the
// wait costs a goroutine (~1 µs, against a ~0.5 ms commit). If raft never
// answers f (a command queued while raft was stopping), that goroutine stays
// blocked: a bounded leak, only in a race with Shutdown.
func (g *Group) await(ctx context.Context, f raft.Future) error {
	done := make(chan error, 1)
	go func() { done <- f.Error() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("raftgroup: stopped waiting, the operation may still complete: %w", ctx.Err())
	case <-g.down:
		// raft has stopped and will answer nothing more. Prefer an answer
		// that is already here; otherwise the outcome is unknown (raft
		// does not answer queued, or committed-but-unapplied, commands
		// when it stops).
		select {
		case err := <-done:
			return err
		default:
			return ErrShutdown
		}
	}
}

// Bootstrap makes servers (this node among them) the first configuration of a new group.
// Every founding controller may call it with the same list (raft accepts identical
// bootstraps); a node that already has state returns raft.ErrCantBootstrap, mapped to nil:
// the group exists, and this node rejoins it.
func (g *Group) Bootstrap(servers []Server) error {
	conf := raft.Configuration{}
	for _, s := range servers {
		conf.Servers = append(conf.Servers, raft.Server{Suffrage: raft.Voter, ID: raft.ServerID(s.ID),
			Address: raft.ServerAddress(s.Addr)})
	}
	err := g.raft.BootstrapCluster(conf).Error()
	if errors.Is(err, raft.ErrCantBootstrap) {
		return nil
	}
	return err
}

// HasState reports whether this node already belongs to a group (it has a log, a term or a
// snapshot), so discovery must not bootstrap it.
func (g *Group) HasState() bool { return g.raft.LastIndex() > 0 || g.raft.CurrentTerm() > 0 }
