package master

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// instanceEntry is an instance the master holds in memory: queued (run set, pid nil) or
// running (pid set; its supervisor owns the run).
type instanceEntry struct {
	id        string
	workflow  string
	trigger   workflows.TriggerKind
	scheduled time.Time
	priority  int
	group     string
	seq       uint64 // creation order
	run       *workflows.Run
	baseDir   string // where its relative attachments are resolved
	pid       *actor.PID
	broken    bool // its supervisor failed: results are neither applied nor acknowledged
}

// group is a backfill group: at most parallel of its instances run at once.
type group struct {
	parallel int
	running  int
	members  int // queued + running
}

// groupID encodes the parallelism in the id, so a restarted master knows the cap without a
// separate record: "<id>-p<parallel>".
func groupID(id string, parallel int) string { return fmt.Sprintf("%s-p%d", id, parallel) }

func groupParallel(g string) int {
	i := strings.LastIndex(g, "-p")
	if i < 0 {
		return 1
	}
	n, err := strconv.Atoi(g[i+2:])
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// enqueueCreated queues freshly committed instances (in creation order) and admits.
func (m *master) enqueueCreated(ctx actor.Context, created []*built) {
	for _, bl := range created {
		if bl.run == nil {
			continue // recorded as failed
		}
		m.seq++
		m.enqueue(&instanceEntry{id: bl.cmd.Instance.ID, workflow: bl.cmd.Instance.Workflow,
			trigger: bl.cmd.Instance.Trigger, scheduled: bl.cmd.Instance.Scheduled,
			priority: bl.cmd.Priority, group: bl.cmd.Group, seq: m.seq, run: bl.run,
			baseDir: baseDir(m.cfg.XMLConfigDir, bl.origin, bl.source)})
	}
	m.admit(ctx)
}

// enqueue inserts e in admission order: priority descending, then creation order.
func (m *master) enqueue(e *instanceEntry) {
	m.instances[e.id] = e
	m.joinGroup(e)
	i, _ := slices.BinarySearchFunc(m.queue, e, func(a, b *instanceEntry) int {
		switch {
		case a.priority != b.priority:
			if a.priority > b.priority {
				return -1
			}
			return 1
		case a.seq < b.seq:
			return -1
		case a.seq > b.seq:
			return 1
		}
		return 0
	})
	m.queue = slices.Insert(m.queue, i, e)
}

// joinGroup counts e in its backfill group.
func (m *master) joinGroup(e *instanceEntry) {
	if e.group == "" {
		return
	}
	g := m.groups[e.group]
	if g == nil {
		g = &group{parallel: groupParallel(e.group)}
		m.groups[e.group] = g
	}
	g.members++
}

// unqueue removes a queued entry (killed before it ran).
func (m *master) unqueue(e *instanceEntry) {
	if i := slices.Index(m.queue, e); i >= 0 {
		m.queue = slices.Delete(m.queue, i, i+1)
	}
	delete(m.instances, e.id)
	m.leaveGroup(e, false)
}

func (m *master) leaveGroup(e *instanceEntry, wasRunning bool) {
	g := m.groups[e.group]
	if g == nil {
		return
	}
	g.members--
	if wasRunning {
		g.running--
	}
	if g.members <= 0 {
		delete(m.groups, e.group)
	}
}

// limit is the workflow's instance-limit: the current definition's, else the one the
// instance was created with (default 1, as akkaflow).
func (m *master) limit(e *instanceEntry) int {
	n := 0
	if d := m.defs[e.workflow]; d != nil && d.isWorkflow {
		n = d.limit
	} else if e.run != nil {
		n = e.run.Plan().Workflow().InstanceLimit
	}
	return max(n, 1)
}

// admit starts queued instances in queue order while the limits allow. An instance held by
// its workflow's or group's limit does not hold back other workflows (as akkaflow); the
// global limit stops the scan.
func (m *master) admit(ctx actor.Context) {
	if !m.reconciled || len(m.queue) == 0 {
		return
	}
	kept := m.queue[:0]
	for i, e := range m.queue {
		if m.cfg.GlobalParallelism > 0 && m.nRunning >= m.cfg.GlobalParallelism {
			kept = append(kept, m.queue[i:]...)
			break
		}
		if m.running[e.workflow] >= m.limit(e) {
			kept = append(kept, e)
			continue
		}
		if g := m.groups[e.group]; g != nil && g.running >= g.parallel {
			kept = append(kept, e)
			continue
		}
		m.startSupervisor(ctx, e, nil)
	}
	clear(m.queue[len(kept):])
	m.queue = kept
}

// startSupervisor spawns e's run supervisor. rec is nil for an admitted prep instance (the
// supervisor starts it) and the recovery of a restored running one.
func (m *master) startSupervisor(ctx actor.Context, e *instanceEntry, rec *workflows.Recovery) {
	sup := newSupervisor(supervisorConfig{
		run: e.run, recovery: rec, committer: m.committer, clock: m.cfg.Clock, logger: m.log,
		baseDir: e.baseDir, observer: m.cfg.Observer,
		notifier: m.completionNotifier(e.workflow, len(e.run.Plan().Workflow().MailLevel)),
	})
	e.pid = ctx.Spawn(actor.PropsFromProducer(func() actor.Actor { return sup }))
	e.run = nil // the supervisor owns it now
	m.byPID[e.pid.Id] = e.id
	m.instances[e.id] = e
	m.running[e.workflow]++
	m.nRunning++
	if g := m.groups[e.group]; g != nil {
		g.running++
	}
}

// finishInstance forgets a finished instance, stops its supervisor and admits what its slot
// frees. A success that satisfies dependencies is recorded for its downstream coordinators.
func (m *master) finishInstance(ctx actor.Context, f *instanceFinished) {
	e := m.instances[f.ID]
	if e == nil {
		return
	}
	delete(m.instances, f.ID)
	if e.pid != nil {
		delete(m.byPID, e.pid.Id)
		ctx.Stop(e.pid)
		m.releaseRunning(e)
	}
	m.dropPendingOf(f.ID)
	if f.Status == workflows.InstanceSucceeded && f.Trigger.SatisfiesDependencies() {
		m.satisfy(ctx, f.Workflow, f.Scheduled, f.At)
	}
	m.admit(ctx)
}

func (m *master) releaseRunning(e *instanceEntry) {
	m.running[e.workflow]--
	if m.running[e.workflow] <= 0 {
		delete(m.running, e.workflow)
	}
	m.nRunning--
	m.leaveGroup(e, true)
}

// markBroken takes an instance whose supervisor failed out of service. Its store state stays
// as last committed; results for it are not acknowledged, so workers keep them and a new
// master (after a restart or failover) recovers the instance completely.
func (m *master) markBroken(ctx actor.Context, e *instanceEntry, cause error) {
	m.log.Error("master: instance is out of service until the master restarts", "instance", e.id,
		"workflow", e.workflow, "err", cause)
	e.broken = true
	if e.pid != nil {
		ctx.Stop(e.pid)
		m.releaseRunning(e)
	}
	m.dropPendingOf(e.id)
	m.admit(ctx)
}

// queuedKill kills a queued instance without running it.
func (m *master) queuedKill(ctx actor.Context, e *instanceEntry, reason string, sender *actor.PID) {
	now := m.cfg.Clock.Now()
	res, err := e.run.Apply(workflows.KillRequested{At: now, Reason: reason})
	if err != nil {
		m.reply(ctx, sender, &KillResponse{Result: resultOf(err)})
		return
	}
	m.unqueue(e)
	m.commit(ctx, []store.Command{updateOf(e.run, res)}, func(err error) {
		m.reply(ctx, sender, &KillResponse{Result: resultOf(err)})
	})
}
