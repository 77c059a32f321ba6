package roster

import (
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/cluster/membership"
)

// WorkerActorName is the name a worker process spawns its worker actor under.
const WorkerActorName = "worker"

// SetMaster names the master actor to keep informed; a nil PID means none is active here.
type SetMaster struct{ PID *actor.PID }

// DefaultDownGrace is how long a worker gossip declared dead has to come back (refute)
// before the master hears it is down.
const DefaultDownGrace = time.Second

// Config is what the roster needs.
type Config struct {
	// OnController is called for every controller event (from the actor; must not block).
	OnController func(membership.Event)
	// DownGrace: a worker declared dead (not one that left) is reported down only if it is
	// still dead this much later. Under CPU load gossip sometimes declares a live process
	// dead, and it refutes within a gossip round; reporting it at once would lose its
	// running attempts for nothing. Default DefaultDownGrace.
	DownGrace time.Duration
	// AfterFunc schedules f after d (tests drive it). Default time.AfterFunc.
	AfterFunc func(d time.Duration, f func())
	Logger    *slog.Logger
}

type roster struct {
	cfg     Config
	log     *slog.Logger
	workers map[string]membership.Member // alive workers only
	dead    map[string]string            // declared dead, not yet reported down: name → boot id
	master  *actor.PID
}

// downCheck: a dead worker's grace is over.
type downCheck struct{ name, boot string }

// Props returns the roster actor's props.
func Props(cfg Config) *actor.Props {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DownGrace <= 0 {
		cfg.DownGrace = DefaultDownGrace
	}
	if cfg.AfterFunc == nil {
		cfg.AfterFunc = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	return actor.PropsFromProducer(func() actor.Actor {
		return &roster{cfg: cfg, log: cfg.Logger, workers: map[string]membership.Member{}, dead: map[string]string{}}
	})
}

func (r *roster) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case membership.Event:
		r.onEvent(ctx, m)
	case downCheck:
		if boot, ok := r.dead[m.name]; ok && boot == m.boot {
			delete(r.dead, m.name)
			r.down(ctx, m.name)
		}
	case SetMaster:
		r.master = m.PID
		for _, name := range r.names() {
			r.up(ctx, r.workers[name])
		}
	}
}

func (r *roster) onEvent(ctx actor.Context, e membership.Event) {
	switch e.Member.Meta.Role {
	case membership.RoleController:
		if r.cfg.OnController != nil {
			r.cfg.OnController(e)
		}
	case membership.RoleWorker:
		r.onWorker(ctx, e)
	}
}

func (r *roster) onWorker(ctx actor.Context, e membership.Event) {
	name, boot := e.Member.Name, e.Member.Meta.Boot
	old, known := r.workers[name]
	switch {
	case e.Member.State != membership.StateAlive && !e.Member.Meta.Leaving && e.Member.State != membership.StateLeft:
		// Declared dead: wait for a refutation before anything is lost.
		if known {
			delete(r.workers, name)
			r.dead[name] = old.Meta.Boot
			self, root := ctx.Self(), ctx.ActorSystem().Root
			r.cfg.AfterFunc(r.cfg.DownGrace, func() { root.Send(self, downCheck{name: name, boot: old.Meta.Boot}) })
		}
		return
	case e.Member.State != membership.StateAlive || e.Member.Meta.Leaving:
		// Left (or leaving): a goodbye, not a failure; report it now.
		_, wasDead := r.dead[name]
		delete(r.dead, name)
		if known || wasDead {
			delete(r.workers, name)
			r.down(ctx, name)
		}
		return
	}
	if deadBoot, ok := r.dead[name]; ok {
		delete(r.dead, name)
		if deadBoot != boot {
			r.down(ctx, name) // it restarted meanwhile: what the old process ran is gone
		} else {
			r.log.Info("roster: a worker declared dead came back in its grace; nothing lost", "worker", name)
		}
	}
	if known && old.Meta.Boot != boot {
		// Restarted between two probes: what the old process ran is gone.
		r.down(ctx, name)
	}
	r.workers[name] = e.Member
	r.up(ctx, e.Member)
}

func (r *roster) up(ctx actor.Context, m membership.Member) {
	if r.master == nil {
		return
	}
	ctx.Send(r.master, &master.WorkerUp{Worker: WorkerOf(m)})
}

func (r *roster) down(ctx actor.Context, name string) {
	if r.master != nil {
		ctx.Send(r.master, &master.WorkerDown{Name: name})
	}
}

func (r *roster) names() []string {
	names := make([]string, 0, len(r.workers))
	for n := range r.workers {
		names = append(names, n)
	}
	slices.SortFunc(names, strings.Compare)
	return names
}

// WorkerOf describes a worker member for the master.
func WorkerOf(m membership.Member) master.Worker {
	return master.Worker{
		Name: m.Name, PID: actor.NewPID(m.Meta.Remote, WorkerActorName), Slots: m.Meta.Slots,
		Labels: slices.Clone(m.Meta.Labels), Host: m.Meta.Host, Draining: m.Meta.Drain,
	}
}
