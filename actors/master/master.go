package master

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/messages"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// Props returns the master actor's props. The master's children (committer, run supervisors)
// are stopped, never restarted, when they fail: a restarted supervisor would have lost the
// state it owes the store, so the master treats a failed child explicitly (see onTerminated).
func Props(cfg Config) (*actor.Props, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	stop := actor.NewOneForOneStrategy(0, 0, func(any) actor.Directive { return actor.StopDirective })
	return actor.PropsFromProducer(func() actor.Actor { return newMaster(c) }, actor.WithSupervisor(stop)), nil
}

// master is the active master actor: see doc.go.
type master struct {
	cfg Config
	log *slog.Logger

	committer *actor.PID
	commits   commitQueue

	activated bool
	deferred  []deferredMsg
	deposed   error
	stopping  bool // children stop with the master: their Terminated is no crash

	defs   map[string]*definition  // by definition name
	coords map[string]*coordinator // by coordinator name; change it with setCoord only
	idx    coordIndex              // wake heap and dependency indexes over coords
	zones  zoneCache
	models modelCache // recently used workflow models (definitions keep only their XML)
	wake   wakeTimer

	instances map[string]*instanceEntry // queued and running, by id
	byPID     map[string]string         // supervisor PID id → instance id
	queue     []*instanceEntry          // admission order
	running   map[string]int            // running instances per workflow
	nRunning  int
	groups    map[string]*group // backfill groups with queued or running instances
	seq       uint64            // creation order of instances made by this master

	workers    map[string]*workerState
	placements map[taskKey]*placement
	pending    []*pendingTask // dispatches waiting for a slot, in placement order
	pendingBy  map[taskKey]*pendingTask
	taskSeq    uint64
	recon      *reconciliation // non-nil until the workers were asked after activation
	reconciled bool

	retention Timer

	switchedOff map[string]bool // coordinators an operator switched off (enable.go)
}

func newMaster(cfg Config) *master {
	return &master{
		cfg: cfg, log: cfg.Logger,
		defs: map[string]*definition{}, coords: map[string]*coordinator{}, idx: newCoordIndex(),
		models:    newModelCache(),
		instances: map[string]*instanceEntry{}, byPID: map[string]string{},
		running: map[string]int{}, groups: map[string]*group{},
		workers: map[string]*workerState{}, placements: map[taskKey]*placement{},
		pendingBy: map[taskKey]*pendingTask{},
	}
}

func (m *master) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		m.start(ctx)
		return
	case *actor.Stopping:
		m.stopping = true
		m.stopTimers()
		return
	case *actor.Stopped, *actor.Restarting, *actor.PoisonPill:
		return
	case *actor.Terminated:
		m.onTerminated(ctx, msg)
		return
	}
	if m.stopping {
		// Stop was requested: the children were told to stop, so nothing may spawn another
		// (the master would wait for it forever), and nothing is acted on any more.
		return
	}
	switch msg := ctx.Message().(type) {
	case committed:
		m.commits.reply(msg.Seq, nil)
		return
	case commitFailed:
		m.commits.reply(msg.Seq, msg.Err)
		return
	case committerDeposed:
		m.depose(ctx, msg.Err)
		return
	case *loaded:
		if m.deposed == nil {
			m.onLoaded(ctx, msg)
		}
		return
	case asyncDone:
		if m.deposed == nil {
			msg.then(ctx)
			m.gauges()
		}
		return
	}
	msg := unwrap(ctx.Message())
	if m.deposed != nil {
		m.refuse(ctx, msg, ctx.Sender(), workflows.Errorf(workflows.CodeUnavailable, "this master was deposed: %v", m.deposed))
		return
	}
	if !m.activated {
		m.deferred = append(m.deferred, deferredMsg{Msg: msg, Sender: ctx.Sender()})
		return
	}
	m.handle(ctx, msg, ctx.Sender())
	m.gauges()
}

// unwrap opens the wire envelope, in case the remote layer hands it over as is.
func unwrap(msg any) any {
	env, ok := msg.(*messages.Envelope)
	if !ok {
		return msg
	}
	switch b := env.GetBody().(type) {
	case *messages.Envelope_TaskStarted:
		return b.TaskStarted
	case *messages.Envelope_TaskFinished:
		return b.TaskFinished
	case *messages.Envelope_RunTaskRejected:
		return b.RunTaskRejected
	case *messages.Envelope_WorkerStatusResponse:
		return b.WorkerStatusResponse
	}
	return msg
}

// handle serves one message once the state is loaded. sender is kept apart from ctx so that
// deferred messages are answered to whoever sent them.
func (m *master) handle(ctx actor.Context, msg any, sender *actor.PID) {
	switch msg := msg.(type) {
	// Worker protocol.
	case *messages.TaskStarted:
		m.onTaskStarted(ctx, msg)
	case *messages.TaskFinished:
		m.onTaskFinished(ctx, msg, sender)
	case *messages.RunTaskRejected:
		m.onRunTaskRejected(ctx, msg)
	case *WorkerUp:
		m.onWorkerUp(ctx, msg.Worker)
	case WorkerUp:
		m.onWorkerUp(ctx, msg.Worker)
	case *WorkerDown:
		m.onWorkerDown(ctx, msg.Name)
	case WorkerDown:
		m.onWorkerDown(ctx, msg.Name)

	// Run supervisors.
	case *supOutput:
		m.onSupOutput(ctx, msg)

	// Timers.
	case coordWake:
		if msg.Gen == m.wake.gen {
			m.wake.at = time.Time{}
			m.evaluateDue(ctx)
		}
	case retentionTick:
		m.prune(ctx)
	case hostWaitExpired:
		m.onHostWaitExpired(ctx, msg.Key)
	case reconGrace:
		m.onReconGrace(ctx)

	// Requests.
	case *PutDefinitionRequest:
		m.onPutDefinition(ctx, msg, sender)
	case *CheckDefinitionRequest:
		m.onCheckDefinition(ctx, msg, sender)
	case *DeleteDefinitionRequest:
		m.onDeleteDefinition(ctx, msg, sender)
	case *FileRemovedRequest:
		m.onFileRemoved(ctx, msg, sender)
	case *TriggerRequest:
		m.onTrigger(ctx, msg, sender)
	case *RunRequest:
		m.onRun(ctx, msg, sender)
	case *RerunRequest:
		m.onRerun(ctx, msg, sender)
	case *KillRequest:
		m.onKill(ctx, msg, sender)
	case *DeleteInstanceRequest:
		m.onDeleteInstance(ctx, msg, sender)
	case *ResetRequest:
		m.onReset(ctx, msg, sender)
	case *EnableRequest:
		m.onEnable(ctx, msg, sender)
	case *BackfillRequest:
		m.onBackfill(ctx, msg, sender)
	case *StatusRequest:
		m.reply(ctx, sender, m.status())
	default:
		m.log.Warn("master: unexpected message", "type", typeName(msg))
	}
}

// reply answers a request (a nil sender was a Send, not a Request: nobody waits).
func (m *master) reply(ctx actor.Context, to *actor.PID, resp any) {
	if to != nil {
		ctx.Send(to, resp)
	}
}

// refuse answers a request with err in the response type it expects.
func (m *master) refuse(ctx actor.Context, msg any, sender *actor.PID, err error) {
	if resp := errorResponse(msg, resultOf(err)); resp != nil {
		m.reply(ctx, sender, resp)
	}
}

// errorResponse builds the response type of request msg carrying r (nil: not a request).
func errorResponse(msg any, r Result) any {
	switch msg.(type) {
	case *PutDefinitionRequest:
		return &PutDefinitionResponse{Result: r}
	case *CheckDefinitionRequest:
		return &CheckDefinitionResponse{Result: r}
	case *DeleteDefinitionRequest:
		return &DeleteDefinitionResponse{Result: r}
	case *FileRemovedRequest:
		return &FileRemovedResponse{Result: r}
	case *TriggerRequest:
		return &TriggerResponse{Result: r}
	case *RunRequest:
		return &RunResponse{Result: r}
	case *RerunRequest:
		return &RerunResponse{Result: r}
	case *KillRequest:
		return &KillResponse{Result: r}
	case *DeleteInstanceRequest:
		return &DeleteInstanceResponse{Result: r}
	case *ResetRequest:
		return &ResetResponse{Result: r}
	case *EnableRequest:
		return &EnableResponse{Result: r}
	case *BackfillRequest:
		return &BackfillResponse{Result: r}
	case *StatusRequest:
		return &StatusResponse{Result: r}
	}
	return nil
}

// async runs work off the mailbox; the closure it returns runs on the mailbox afterwards.
func (m *master) async(ctx actor.Context, work func() func(actor.Context)) {
	self, root := ctx.Self(), ctx.ActorSystem().Root
	go func() { root.Send(self, asyncDone{then: work()}) }()
}

// commit submits cmds through the committer; then runs once they are committed (err nil) or
// refused, in submission order.
func (m *master) commit(ctx actor.Context, cmds []store.Command, then func(err error)) {
	m.commits.add(ctx, &commitRequest{Cmds: cmds}, then)
}

// depose stops the master for good: the log refused it (not the leader any more) or it
// cannot load its state. Nothing is dispatched after this.
func (m *master) depose(ctx actor.Context, err error) {
	if m.deposed != nil {
		return
	}
	m.deposed = err
	m.log.Error("master: deposed; stopping", "term", m.cfg.Term, "err", err)
	m.stopTimers()
	for _, d := range m.deferred {
		m.refuse(ctx, d.Msg, d.Sender, workflows.Errorf(workflows.CodeUnavailable, "this master was deposed: %v", err))
	}
	m.deferred = nil
	if m.cfg.OnDeposed != nil {
		m.cfg.OnDeposed(err)
	}
	ctx.Stop(ctx.Self())
}

// onTerminated notices children that stopped. Supervisors of finished instances were stopped
// by the master itself (their entry is gone); any other stop is a crash.
func (m *master) onTerminated(ctx actor.Context, t *actor.Terminated) {
	if m.committer != nil && t.Who.Equal(m.committer) && !m.stopping {
		m.depose(ctx, errors.New("master: the committer stopped"))
		return
	}
	id, ok := m.byPID[t.Who.Id]
	if !ok || m.stopping || m.deposed != nil {
		return
	}
	delete(m.byPID, t.Who.Id)
	if e := m.instances[id]; e != nil && !e.broken {
		m.markBroken(ctx, e, errors.New("its run supervisor stopped unexpectedly"))
	}
}

func (m *master) stopTimers() {
	m.wake.stop()
	if m.retention != nil {
		m.retention.Stop()
		m.retention = nil
	}
	for _, p := range m.pending {
		if p.timer != nil {
			p.timer.Stop()
			p.timer = nil
		}
	}
}

// gauges publishes the queue and running counts (set from state, so they self-heal).
func (m *master) gauges() {
	o := m.cfg.Observer
	o.SetQueueDepth(len(m.queue))
	o.SetInstances(workflows.InstancePrep, len(m.queue))
	o.SetInstances(workflows.InstanceRunning, m.nRunning)
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }
