package master

import (
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
)

// reconciliation is the activation step that settles the attempts the store says are in
// flight (workflows.Recovery.InFlight): every known worker is asked what it runs and what
// results it holds. An attempt still running keeps running (the master waits for its
// result); a held result is delivered; any other attempt is lost, and its retry policy
// decides. This is what makes a restart after SIGKILL lose nothing and run nothing twice.
// Until it completes the master places no task and admits no instance: placement needs the
// workers' true load. Its methods are no-ops on nil (after reconciliation).
//
// It completes when every asked worker answered (or its ask timed out). When no worker is
// known at all but attempts are in flight, it first waits WorkerAskTimeout on the Clock for
// workers to announce themselves (WorkerUp), rather than declaring everything lost at once.
type reconciliation struct {
	inflight map[taskKey]bool // true once a worker reported the attempt
	// unstarted are the in-flight attempts the store has as dispatched, never started: the
	// old master may have died before its RunTask left the process.
	unstarted map[taskKey]int // → visit
	// incomplete: some worker did not answer, so "nobody reported it" proves nothing.
	incomplete bool
	asked      map[string]bool // workers asked
	asks       int             // worker answers still awaited
	begun      bool            // every known worker was asked
	grace      Timer           // waiting for a first worker
}

// reconGrace: the wait for a first worker is over.
type reconGrace struct{}

func (r *reconciliation) expect(key taskKey, f workflows.InFlight) {
	if r == nil {
		return
	}
	r.inflight[key] = false
	if f.Status == workflows.AttemptDispatched && f.Worker == "" {
		r.unstarted[key] = f.Visit
	}
}

func (r *reconciliation) found(key taskKey) {
	if r == nil {
		return
	}
	if _, ok := r.inflight[key]; ok {
		r.inflight[key] = true
	}
}

// perished settles an in-flight attempt that died with its worker's earlier incarnation; it
// reports whether the attempt was still unsettled (the caller then makes it lost).
func (r *reconciliation) perished(key taskKey) bool {
	if r == nil {
		return false
	}
	if found, ok := r.inflight[key]; ok && !found {
		r.inflight[key] = true
		return true
	}
	return false
}

func (r *reconciliation) asking(worker string) {
	if r != nil {
		r.asks++
		r.asked[worker] = true
	}
}

// begin is called once every known worker was asked.
func (r *reconciliation) begin(ctx actor.Context, m *master) {
	r.begun = true
	switch {
	case r.asks > 0: // the last answer completes it
	case len(r.inflight) == 0:
		m.finishReconcile(ctx)
	default:
		self, root := ctx.Self(), ctx.ActorSystem().Root
		r.grace = m.cfg.Clock.AfterFunc(m.cfg.WorkerAskTimeout, func() { root.Send(self, reconGrace{}) })
	}
}

// answered counts one worker's answer (or its timeout); the last one completes it.
func (r *reconciliation) answered(ctx actor.Context, m *master) {
	if r == nil {
		return
	}
	r.asks--
	if r.asks <= 0 && r.begun && m.recon == r {
		m.finishReconcile(ctx)
	}
}

// onReconGrace ends the wait for a first worker (unless one is being asked now).
func (m *master) onReconGrace(ctx actor.Context) {
	if r := m.recon; r != nil && r.begun && r.asks == 0 {
		m.finishReconcile(ctx)
	}
}

// finishReconcile declares lost what no worker reported, then starts placing and admitting.
func (m *master) finishReconcile(ctx actor.Context) {
	r := m.recon
	m.recon = nil
	m.reconciled = true
	if r.grace != nil {
		r.grace.Stop()
	}
	var lost []taskKey
	for key, found := range r.inflight {
		if !found {
			lost = append(lost, key)
		}
	}
	slices.SortFunc(lost, compareKeys)
	// Every worker answered and none has it: an attempt that never started cannot be
	// running anywhere, so it is sent again (same attempt; workers de-duplicate). One that
	// had started is lost with its worker's memory of it, and the retry policy decides.
	resend := !r.incomplete && len(r.asked) > 0
	for _, key := range lost {
		if visit, ok := r.unstarted[key]; ok && resend {
			if e := m.instances[key.Instance]; e != nil && e.pid != nil && !e.broken {
				ctx.Send(e.pid, supRedispatch{Dispatch: workflows.Dispatch{Node: key.Node,
					Attempt: key.Attempt, Visit: visit}})
			}
			continue
		}
		m.toSupervisor(ctx, key.Instance, supEvent{Event: workflows.TaskLost{At: m.now(), Node: key.Node,
			Attempt: key.Attempt, Reason: "no worker reported this attempt after the master restarted"}})
	}
	m.drain(ctx)
	m.admit(ctx)
}
