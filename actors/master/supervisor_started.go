package master

import (
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Deferred TaskStarted writes. A short task (`true`) usually ends before its TaskStarted
// commit is through, so committing TaskStarted on its own puts a second Raft commit (one more
// fsync) between a task's exit and the next task's dispatch. Nothing depends on TaskStarted
// being durable: it has no effects, and after a failover the new master asks the workers what
// runs (an attempt the store still says is dispatched is settled the same way). So the
// supervisor applies TaskStarted to the engine at once (its state is current in memory) and
// writes it with the instance's next commit, or on its own after startedFlushDelay if nothing
// else commits by then, so that a long task shows as running promptly. A short task's hop
// thus costs one commit.

// startedFlushDelay bounds how long a started attempt may show as dispatched in the store.
const startedFlushDelay = 50 * time.Millisecond

// supFlushStarted is the deferred-write timer's delivery; Gen discards one replaced since.
type supFlushStarted struct{ Gen uint64 }

// unsavedStarts are the changes of TaskStarted events not yet committed.
type unsavedStarts struct {
	nodes  []string // changed node records
	header bool     // the instance's own fields changed
	timer  Timer
	gen    uint64
}

// deferStart reports whether the event's result may wait for a later commit: a TaskStarted
// that changed something, without effects, and without anyone waiting for its outcome.
func deferStart(ev workflows.Event, res workflows.Result, ack *ackRef, done func(error)) bool {
	_, started := ev.(workflows.TaskStarted)
	return started && len(res.Effects) == 0 && ack == nil && done == nil &&
		(res.Header || len(res.Changed) > 0)
}

// hold keeps the result's changes for a later commit and makes sure one comes soon.
func (s *supervisor) hold(ctx actor.Context, res workflows.Result) {
	s.unsaved.header = s.unsaved.header || res.Header
	for _, n := range res.Changed {
		if !slices.Contains(s.unsaved.nodes, n) {
			s.unsaved.nodes = append(s.unsaved.nodes, n)
		}
	}
	if s.unsaved.timer != nil {
		return
	}
	gen := s.unsaved.gen
	self, root := ctx.Self(), ctx.ActorSystem().Root
	s.unsaved.timer = s.cfg.clock.AfterFunc(startedFlushDelay, func() { root.Send(self, supFlushStarted{Gen: gen}) })
}

// withUnsaved returns res's changed nodes plus the held ones, and forgets the held ones: the
// caller's commit writes them (their current state, which includes every later change).
func (s *supervisor) withUnsaved(res workflows.Result) workflows.Result {
	if len(s.unsaved.nodes) == 0 && !s.unsaved.header {
		return res
	}
	res.Header = true // updateOf writes the header anyway
	changed := s.unsaved.nodes
	for _, n := range res.Changed {
		if !slices.Contains(changed, n) {
			changed = append(changed, n)
		}
	}
	res.Changed = changed
	s.dropUnsaved()
	return res
}

// dropUnsaved forgets the held changes and their timer.
func (s *supervisor) dropUnsaved() {
	s.unsaved.nodes, s.unsaved.header = nil, false
	if s.unsaved.timer != nil {
		s.unsaved.timer.Stop()
		s.unsaved.timer = nil
	}
	s.unsaved.gen++
}

// flushStarted commits the held changes on their own: nothing else committed in time.
func (s *supervisor) flushStarted(ctx actor.Context, msg supFlushStarted) {
	if msg.Gen != s.unsaved.gen || s.broken {
		return
	}
	s.unsaved.timer = nil // it fired
	res := s.withUnsaved(workflows.Result{})
	if !res.Header {
		return // nothing held
	}
	req := &commitRequest{Cmds: []store.Command{updateOf(s.run, res)}}
	s.commits.add(ctx, req, func(err error) {
		if err != nil {
			s.fail(ctx, err)
		}
	})
}
