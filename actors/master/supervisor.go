package master

import (
	"log/slog"
	"maps"
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// The run supervisor drives one admitted instance (a child of the master). It owns the
// engine's *workflows.Run: every event (start, task results, its timers, kill) goes through
// Run.Apply; each result that changed anything is committed as one UpdateInstance (header
// plus the changed node records), and the result's effects are carried out only once that
// commit is confirmed, strictly in the order of the events (commitQueue). So the path from a
// task's result to the next task's dispatch costs exactly one commit: the finished attempt
// and the new dispatched one travel in the same UpdateInstance, and so does the finished
// attempt's TaskStarted, which is held until the next commit (supervisor_started.go).

type supervisorConfig struct {
	run       *workflows.Run
	recovery  *workflows.Recovery // nil: a prep instance to start
	committer *actor.PID
	clock     Clock
	logger    *slog.Logger
	baseDir   string
	observer  Observer
	notifier  Notifier // nil: no mails
}

type supervisor struct {
	cfg      supervisorConfig
	run      *workflows.Run
	id       string
	workflow string
	commits  commitQueue
	timers   map[workflows.Timer]*armedTimer
	timerGen uint64
	broken   bool

	outbox  []*supOutput // committed outputs not yet handed to the master, in order
	reading bool         // the head of the outbox waits for attachment files
	actions map[string][]byte
	unsaved unsavedStarts // TaskStarted changes that ride with the next commit
}

type armedTimer struct {
	t   Timer
	gen uint64
}

// supTimerFired is a supervisor timer's delivery; Gen discards one replaced since.
type supTimerFired struct {
	Timer workflows.Timer
	Gen   uint64
}

func newSupervisor(cfg supervisorConfig) *supervisor {
	inst := cfg.run.Instance()
	return &supervisor{cfg: cfg, run: cfg.run, id: inst.ID, workflow: inst.Workflow,
		commits: commitQueue{committer: cfg.committer}, timers: map[workflows.Timer]*armedTimer{},
		actions: map[string][]byte{}}
}

func (s *supervisor) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		s.start(ctx)
	case *actor.Stopping:
		s.stopTimers()
		s.dropUnsaved()
	case committed:
		s.commits.reply(msg.Seq, nil)
	case commitFailed:
		s.commits.reply(msg.Seq, msg.Err)
	case supEvent:
		s.apply(ctx, msg.Event, msg.Ack, nil)
	case supTimerFired:
		if a := s.timers[msg.Timer]; a != nil && a.gen == msg.Gen {
			delete(s.timers, msg.Timer)
			s.apply(ctx, workflows.TimerFired{At: s.cfg.clock.Now(), Timer: msg.Timer}, nil, nil)
		}
	case supKill:
		replyTo := msg.ReplyTo
		s.apply(ctx, workflows.KillRequested{At: s.cfg.clock.Now(), Reason: msg.Reason}, nil, func(err error) {
			if replyTo != nil {
				ctx.Send(replyTo, &KillResponse{Result: resultOf(err)})
			}
		})
	case supRead:
		s.onRead(ctx, msg)
	case supFlushStarted:
		s.flushStarted(ctx, msg)
	case supRedispatch:
		s.redispatch(ctx, msg.Dispatch)
	}
}

// start begins a fresh instance, or re-arms a restored one's timers. A restored instance's
// in-flight attempts are settled by the master (it asks the workers).
func (s *supervisor) start(ctx actor.Context) {
	if s.cfg.recovery == nil {
		s.apply(ctx, workflows.Start{At: s.cfg.clock.Now()}, nil, nil)
		return
	}
	for _, e := range s.cfg.recovery.Effects {
		if st, ok := e.(workflows.SetTimer); ok {
			s.setTimer(ctx, st.Timer, st)
		}
	}
}

// apply feeds one event to the engine, commits what changed and queues the effects behind
// that commit. done, if set, learns the outcome (after the commit).
func (s *supervisor) apply(ctx actor.Context, ev workflows.Event, ack *ackRef, done func(error)) {
	if s.broken {
		if done != nil {
			done(workflows.Errorf(workflows.CodeUnavailable, "instance %s is out of service", s.id))
		}
		return
	}
	res, err := s.run.Apply(ev)
	if err != nil {
		if done != nil {
			done(err)
		}
		return
	}
	if deferStart(ev, res, ack, done) {
		s.hold(ctx, res)
		return
	}
	var req *commitRequest
	if res.Header || len(res.Changed) > 0 {
		req = &commitRequest{Cmds: []store.Command{updateOf(s.run, s.withUnsaved(res))}}
	}
	s.commits.add(ctx, req, func(err error) {
		switch {
		case err != nil:
			s.fail(ctx, err)
		case s.broken: // an earlier commit failed: this state is not the store's
			err = workflows.Errorf(workflows.CodeUnavailable, "instance %s is out of service", s.id)
		default:
			s.execute(ctx, res.Effects, ack)
			s.notify(ev, res.Effects)
		}
		if done != nil {
			done(err)
		}
	})
}

// fail takes the supervisor out of service: a commit was refused, so its state is ahead of
// the store. The master stops it; a restarted master recovers the instance from the store.
func (s *supervisor) fail(ctx actor.Context, err error) {
	if s.broken {
		return
	}
	s.broken = true
	s.stopTimers()
	s.outbox = nil
	ctx.Send(ctx.Parent(), &supOutput{Instance: s.id, Broken: err})
}

// updateOf is the command recording an Apply's result: the instance's header fields (always:
// they are small) and the changed node records, deep-copied so the log never shares memory
// with the engine's live state.
func updateOf(run *workflows.Run, res workflows.Result) store.UpdateInstance {
	inst := run.Instance()
	h := *inst
	h.Params = maps.Clone(inst.Params)
	h.Skip = slices.Clone(inst.Skip)
	h.Nodes = make([]workflows.NodeRun, 0, len(res.Changed))
	for _, name := range res.Changed {
		if n, ok := run.NodeRun(name); ok {
			h.Nodes = append(h.Nodes, n)
		}
	}
	return store.UpdateInstance{Instance: h}
}

func (s *supervisor) stopTimers() {
	for k, a := range s.timers {
		a.t.Stop()
		delete(s.timers, k)
	}
}
