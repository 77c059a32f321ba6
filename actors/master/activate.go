package master

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// Activation: a new master (at start, after a failover or a restart) rebuilds everything from
// the store. The reading and parsing happen off the mailbox; messages that arrive meanwhile
// are deferred and served, in order, once the state is in place.

// loaded is the state read from the store.
type loaded struct {
	defs      []loadedDef
	states    map[string]coordState
	instances []*restored
	err       error
}

// loadedDef is a stored definition and its coordinator as declared (nil: none).
type loadedDef struct {
	*definition
	coord *workflows.Coordinator
}

// restored is one unfinished instance ready to continue.
type restored struct {
	rec      store.InstanceRecord
	run      *workflows.Run
	recovery workflows.Recovery
	err      error
}

func (m *master) start(ctx actor.Context) {
	cfg := m.cfg
	m.committer = ctx.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return newCommitter(cfg.Log, cfg.Fatal, cfg.Logger)
	}))
	m.commits.committer = m.committer
	for _, w := range cfg.Workers {
		if w.PID == nil || w.Name == "" {
			m.log.Warn("master: ignoring a configured worker without name or PID", "worker", w.Name)
			continue
		}
		m.workers[w.Name] = &workerState{Worker: w}
	}
	self, root := ctx.Self(), ctx.ActorSystem().Root
	go func() { root.Send(self, load(cfg)) }()
}

// load reads definitions (re-parsed from their XML), coordinator states and unfinished
// instances (each restored with the definition it was created with).
func load(cfg Config) *loaded {
	l := &loaded{states: map[string]coordState{}}
	recs, err := cfg.Store.Definitions()
	if err != nil {
		l.err = fmt.Errorf("read definitions: %w", err)
		return l
	}
	for _, rec := range recs {
		def := xmlspec.Load(rec.Source, rec.XML)
		if def.Name() == "" || def.Problems.HasErrors() {
			cfg.Logger.Error("master: a stored definition no longer loads; it is skipped", "name", rec.Name,
				"source", rec.Source, "err", def.Problems.Err())
			continue
		}
		d := newDefinition(def, rec.Origin, rec.Source, rec.XML, rec.Hash)
		d.enabled, d.version, d.updated = rec.Enabled, rec.Version, rec.At
		l.defs = append(l.defs, loadedDef{definition: d, coord: coordinatorOf(def)})
	}
	coords, err := cfg.Store.Coordinators()
	if err != nil {
		l.err = fmt.Errorf("read coordinators: %w", err)
		return l
	}
	for _, c := range coords {
		var st coordState
		if err := json.Unmarshal(c.State, &st); err != nil {
			cfg.Logger.Warn("master: unreadable coordinator state; it starts afresh", "coordinator", c.Name, "err", err)
			continue
		}
		l.states[c.Name] = st
	}
	unfinished, err := cfg.Store.Unfinished()
	if err != nil {
		l.err = fmt.Errorf("read unfinished instances: %w", err)
		return l
	}
	for _, rec := range unfinished {
		l.instances = append(l.instances, restore(rec))
	}
	slices.SortStableFunc(l.instances, func(a, b *restored) int {
		switch {
		case a.rec.Seq < b.rec.Seq:
			return -1
		case a.rec.Seq > b.rec.Seq:
			return 1
		}
		return 0
	})
	return l
}

func restore(rec store.InstanceRecord) *restored {
	r := &restored{rec: rec}
	wf, err := decodeWorkflow(rec.Definition)
	if err != nil {
		r.err = fmt.Errorf("decode its definition: %w", err)
		return r
	}
	plan, err := workflows.NewPlan(wf)
	if err != nil {
		r.err = err
		return r
	}
	inst := rec.Instance
	r.run, r.recovery, r.err = workflows.Restore(plan, &inst)
	r.rec.Definition = nil // not needed any more
	return r
}

// activate installs the loaded state: definitions and coordinators, queued instances back in
// the queue in creation order, running ones under a new supervisor; it fires missed cron
// slots by policy, asks the workers about in-flight attempts, and serves deferred messages.
func (m *master) activate(ctx actor.Context, l *loaded) {
	if l.err != nil {
		m.depose(ctx, l.err)
		return
	}
	now := m.now()
	b := newBatch()
	for _, ld := range l.defs {
		d := ld.definition
		m.defs[d.name] = d
		if ld.coord == nil {
			continue
		}
		c := m.newCoordinator(d, ld.coord, nil, now)
		if st, ok := l.states[d.name]; ok {
			c.state = st
		} else {
			b.touch(c.name) // new to the store: record its first state
		}
		m.setCoord(d.name, c)
	}
	m.recon = &reconciliation{inflight: map[taskKey]bool{}, asked: map[string]bool{}, unstarted: map[taskKey]int{}}
	for _, r := range l.instances {
		m.adoptRestored(ctx, r)
	}
	all := m.sortedCoordinators()
	m.catchUp(all, now, b)
	m.activated = true
	m.evaluate(ctx, b, all, nil) // every coordinator once: this fills the wake heap
	m.armRetention(ctx)
	// Deferred messages first: WorkerUp messages that arrived while loading make their
	// workers part of the reconciliation.
	deferred := m.deferred
	m.deferred = nil
	for _, d := range deferred {
		if m.deposed == nil {
			m.handle(ctx, d.Msg, d.Sender)
		}
	}
	if m.deposed != nil {
		return
	}
	for _, name := range sortedKeys(m.workers) {
		if !m.recon.asked[name] {
			m.askWorker(ctx, m.workers[name])
		}
	}
	m.recon.begin(ctx, m)
	m.gauges()
	m.log.Info("master: active", "term", m.cfg.Term, "definitions", len(m.defs), "queued", len(m.queue),
		"running", m.nRunning, "workers", len(m.workers))
}

// adoptRestored puts one unfinished instance back: prep → queue, running → supervisor.
func (m *master) adoptRestored(ctx actor.Context, r *restored) {
	inst := r.rec.Instance
	m.seq = max(m.seq, r.rec.Seq)
	e := &instanceEntry{id: inst.ID, workflow: inst.Workflow, trigger: inst.Trigger, scheduled: inst.Scheduled,
		priority: r.rec.Priority, group: r.rec.Group, seq: r.rec.Seq, run: r.run, baseDir: m.cfg.XMLConfigDir}
	if d := m.defs[inst.Workflow]; d != nil {
		e.baseDir = baseDir(m.cfg.XMLConfigDir, d.origin, d.source)
	}
	if r.err != nil {
		// Keep it out of service rather than guess: its results stay on the workers.
		m.log.Error("master: cannot restore instance", "instance", inst.ID, "workflow", inst.Workflow, "err", r.err)
		e.broken, e.run = true, nil
		m.instances[e.id] = e
		return
	}
	switch inst.Status {
	case workflows.InstancePrep:
		m.enqueue(e)
	case workflows.InstanceRunning:
		m.joinGroup(e)
		for _, f := range r.recovery.InFlight {
			m.recon.expect(taskKey{Instance: inst.ID, Node: f.Node, Attempt: f.Attempt}, f)
		}
		rec := r.recovery
		m.startSupervisor(ctx, e, &rec)
	}
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
