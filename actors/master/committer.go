package master

import (
	"context"
	"log/slog"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows/store"
)

// The committer is the one writer of the Log (a child of the master). Requesters (the master
// and its run supervisors) send commitRequest with ctx.Request; each gets committed or
// commitFailed back, in the order it asked. While one Log.Apply runs, new requests queue;
// the next Apply carries all of them (in arrival order) as one entry, so a burst of events
// costs one Raft round trip, not one each.
//
// A fatal error (Config.Fatal: not the leader, outcome unknown) fails the batch, everything
// queued and everything that arrives later, and tells the parent (committerDeposed): a deposed
// master must not act on state it can no longer write. A non-fatal error is a deterministic
// rejection of the whole entry (nothing was applied): a batch of several requests is then
// retried one request per entry, so one bad command fails only its own requester.

// commitRequest asks for cmds to be committed atomically. Seq is the requester's own number,
// echoed in the reply.
type commitRequest struct {
	Seq  uint64
	Cmds []store.Command
}

// committed: the request's commands are durable.
type committed struct{ Seq uint64 }

// commitFailed: nothing of the request was applied (or, Fatal, the outcome is unknown and
// the master is deposed).
type commitFailed struct {
	Seq   uint64
	Err   error
	Fatal bool
}

// committerDeposed tells the parent that the log refused it fatally.
type committerDeposed struct{ Err error }

// applied is the outcome of one Log.Apply, sent by the apply goroutine to the committer.
type applied struct{ err error }

// maxBatchCommands bounds one entry: a backfill of thousands of instances must not become one
// huge Raft entry (the store also caps commands per entry).
const maxBatchCommands = 4096

type pendingCommit struct {
	from *actor.PID
	req  *commitRequest
}

type committer struct {
	log    Log
	fatal  func(error) bool
	logger *slog.Logger

	queue    []pendingCommit
	solo     int             // leading queue entries that must be applied alone (after a rejection)
	inFlight []pendingCommit // the batch being applied
	work     chan []store.Command
	deposed  error
}

func newCommitter(log Log, fatal func(error) bool, logger *slog.Logger) *committer {
	return &committer{log: log, fatal: fatal, logger: logger}
}

func (c *committer) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		c.start(ctx)
	case *actor.Stopping:
		if c.work != nil {
			close(c.work)
			c.work = nil
		}
	case *commitRequest:
		p := pendingCommit{from: ctx.Sender(), req: msg}
		if c.deposed != nil {
			c.fail(ctx, p, c.deposed, true)
			return
		}
		c.queue = append(c.queue, p)
		c.flush()
	case applied:
		c.onApplied(ctx, msg.err)
	}
}

// start runs the apply loop: one goroutine, one Apply at a time, results back as messages.
func (c *committer) start(ctx actor.Context) {
	work := make(chan []store.Command, 1)
	c.work = work
	self, root := ctx.Self(), ctx.ActorSystem().Root
	go func() {
		for cmds := range work {
			err := c.log.Apply(context.Background(), cmds...)
			root.Send(self, applied{err: err})
		}
	}()
}

// flush starts the next Apply when none is running.
func (c *committer) flush() {
	if c.inFlight != nil || len(c.queue) == 0 || c.work == nil {
		return
	}
	n := 0
	var cmds []store.Command
	if c.solo > 0 {
		n, c.solo = 1, c.solo-1
		cmds = c.queue[0].req.Cmds
	} else {
		for n < len(c.queue) {
			k := len(c.queue[n].req.Cmds)
			if n > 0 && len(cmds)+k > maxBatchCommands {
				break
			}
			cmds = append(cmds, c.queue[n].req.Cmds...)
			n++
		}
	}
	c.inFlight = append([]pendingCommit(nil), c.queue[:n]...)
	c.queue = c.queue[n:]
	c.work <- cmds
}

func (c *committer) onApplied(ctx actor.Context, err error) {
	batch := c.inFlight
	c.inFlight = nil
	switch {
	case err == nil:
		for _, p := range batch {
			ctx.Send(p.from, committed{Seq: p.req.Seq})
		}
	case c.fatal(err):
		c.deposed = err
		c.logger.Error("master: log refused a commit; stopping", "err", err)
		for _, p := range batch {
			c.fail(ctx, p, err, true)
		}
		for _, p := range c.queue {
			c.fail(ctx, p, err, true)
		}
		c.queue = nil
		if p := ctx.Parent(); p != nil {
			ctx.Send(p, committerDeposed{Err: err})
		}
		return
	case len(batch) > 1:
		// Rejected as a whole: retry each request alone, before anything newer.
		c.logger.Warn("master: log rejected a batch; retrying its requests one by one", "requests", len(batch), "err", err)
		c.queue = append(batch, c.queue...)
		c.solo = len(batch)
	default:
		c.fail(ctx, batch[0], err, false)
	}
	c.flush()
}

func (c *committer) fail(ctx actor.Context, p pendingCommit, err error, fatal bool) {
	ctx.Send(p.from, commitFailed{Seq: p.req.Seq, Err: err, Fatal: fatal})
}
