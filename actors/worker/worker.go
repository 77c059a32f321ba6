package worker

import (
	"log/slog"
	"os"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
)

// Props returns the worker actor's props; spawn it named ActorName. The error reports a
// Config without a required field.
func Props(cfg Config) (*actor.Props, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return actor.PropsFromProducer(func() actor.Actor { return newWorker(c) },
		actor.WithSupervisor(stopFailedChildren)), nil
}

// stopFailedChildren never restarts a task actor: a restart would start its attempt again.
var stopFailedChildren = actor.NewOneForOneStrategy(0, 0, func(any) actor.Directive { return actor.StopDirective })

// maxPending bounds the RunTask/KillTask messages held while the start-up sweep runs.
const maxPending = 1024

// entry is one attempt the worker knows: running (finished == nil) or finished and not yet
// acknowledged. Its task actor lives as long as the entry.
type entry struct {
	ref       Ref
	term      uint64     // of the RunTask that started it; carried by all its events
	replyTo   *actor.PID // where its events go; nil means the current master
	enveloped bool       // the RunTask came in an Envelope: so do the replies
	child     *actor.PID
	timeout   time.Duration // the node's timeout, for the message of a timeout kill
	accepted  time.Time
	startedAt time.Time              // zero until the process starts
	started   *messages.TaskStarted  // as sent; nil until the process starts
	finished  *messages.TaskFinished // as sent; nil while running
}

// deferred is a message held until the sweep is over, with what its handling needs.
type deferred struct {
	msg       any
	sender    *actor.PID
	enveloped bool
}

// worker is the worker actor. All its state is touched only from its mailbox.
type worker struct {
	cfg Config
	log *slog.Logger
	dir string // records directory

	term   uint64     // highest Raft term seen: older messages are stale
	master *actor.PID // the current master, for events of tasks without a reply PID

	tasks    map[Ref]*entry
	running  int
	acked    *recentSet
	previous map[Ref]string // attempts of a dead earlier incarnation (see prepare)

	ready   bool  // the sweep is over
	broken  error // the worker cannot take tasks at all
	pending []deferred
	lock    *os.File
	boot    string
	journal *journal

	draining     bool
	drainers     []*actor.PID
	drainAt      time.Time // when running attempts get killed
	drainTimer   *time.Timer
	drainExpired bool

	housekeepTimer *time.Timer // the next removal of old attempt directories
}

func newWorker(cfg Config) *worker {
	return &worker{
		cfg:   cfg,
		log:   cfg.Logger.With("worker", cfg.Name),
		dir:   recordsDir(cfg.WorkRoot, cfg.Name),
		tasks: map[Ref]*entry{},
		acked: newRecentSet(recentAckedCap),
	}
}

func (w *worker) Receive(ctx actor.Context) {
	msg, enveloped := unwrap(ctx.Message())
	switch m := msg.(type) {
	case *actor.Started:
		root, self, dir, log := ctx.ActorSystem().Root, ctx.Self(), w.dir, w.log
		roots := []string{w.cfg.WorkRoot, w.cfg.LogRoot}
		go func() { root.Send(self, prepare(dir, roots, log)) }()
	case prepared:
		w.onPrepared(ctx, m)
		w.onHousekeep(ctx) // after the sweep: the first pass right away
	case housekeep:
		w.onHousekeep(ctx)
	case *messages.RunTask, *messages.KillTask:
		if !w.ready {
			w.hold(ctx, deferred{m, ctx.Sender(), enveloped})
			return
		}
		w.handle(ctx, deferred{m, ctx.Sender(), enveloped})
	case *messages.AckTaskFinished:
		w.onAck(ctx, m)
	case *messages.WorkerStatusRequest:
		w.onStatus(ctx, enveloped)
	case taskStarted:
		w.onTaskStarted(ctx, m)
	case taskDone:
		w.onTaskDone(ctx, m)
	case *actor.Terminated:
		w.onTerminated(ctx, m.Who)
	case MasterChanged:
		w.onMasterChanged(ctx, m.PID)
	case *MasterChanged:
		w.onMasterChanged(ctx, m.PID)
	case *messages.MasterChanged:
		// From a master in another process: fenced by term like every task message.
		pid := actor.NewPID(m.GetAddress(), m.GetId())
		if w.fresh(m.GetTerm(), "MasterChanged", Ref{}) && m.GetId() != "" && !pid.Equal(w.master) {
			w.onMasterChanged(ctx, pid)
		}
	case Drain:
		w.onDrain(ctx, m.Grace, ctx.Sender())
	case *Drain:
		w.onDrain(ctx, m.Grace, ctx.Sender())
	case drainDeadline:
		w.onDrainDeadline(ctx)
	case *actor.Stopped:
		w.release()
	case *actor.Restarting:
		// A restart forgets every attempt and stops their actors (killing them); the
		// new instance sweeps again after taking the lock this one gives up.
		w.release()
	case *actor.Stopping, *actor.ReceiveTimeout:
	default:
		// Also an Envelope with an empty body, or an event only masters receive.
		w.log.Warn("worker: ignoring an unexpected message", "type", typeName(msg), "sender", ctx.Sender())
	}
}

// handle processes a RunTask or KillTask, now or after the sweep.
func (w *worker) handle(ctx actor.Context, d deferred) {
	switch m := d.msg.(type) {
	case *messages.RunTask:
		w.onRun(ctx, m, d.sender, d.enveloped)
	case *messages.KillTask:
		w.onKill(ctx, m)
	}
}

// hold keeps a task message until the sweep is over, in arrival order, so a KillTask
// still follows its RunTask.
func (w *worker) hold(ctx actor.Context, d deferred) {
	if len(w.pending) >= maxPending {
		if run, ok := d.msg.(*messages.RunTask); ok {
			w.reject(ctx, run, d.sender, d.enveloped, codeUnavailable, "the worker is starting; try again")
		}
		return
	}
	w.pending = append(w.pending, d)
}

// onPrepared opens the worker for tasks once the sweep is over, then replays what waited.
func (w *worker) onPrepared(ctx actor.Context, p prepared) {
	if w.ready {
		// Only after a restart: the previous instance's sweep reporting late.
		if p.lock != nil {
			p.lock.Close()
		}
		if p.journal != nil {
			p.journal.close()
		}
		return
	}
	w.ready, w.lock, w.boot, w.previous, w.journal = true, p.lock, p.boot, p.previous, p.journal
	if p.err != nil {
		w.broken = p.err
		w.log.Error("worker: cannot take tasks", "err", p.err)
	} else if len(p.previous) > 0 {
		w.log.Warn("worker: an earlier incarnation died with attempts in hand; they will not run again",
			"attempts", len(p.previous))
	}
	pending := w.pending
	w.pending = nil
	for _, d := range pending {
		w.handle(ctx, d)
	}
}

// release gives up what outlives the actor's state: the drain timer, the journal and the
// lock. The journal closes first: a restarted actor rewrites it after its own sweep, and an
// attempt of this one must not append to the file being replaced.
func (w *worker) release() {
	if w.drainTimer != nil {
		w.drainTimer.Stop()
	}
	if w.housekeepTimer != nil {
		w.housekeepTimer.Stop()
	}
	if w.journal != nil {
		w.journal.close()
		w.journal = nil
	}
	if w.lock != nil {
		w.lock.Close()
		w.lock = nil
	}
}
