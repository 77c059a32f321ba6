package roster

import (
	"log/slog"
	"slices"
	"strings"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/cluster/membership"
)

// WorkerActorName is the name a worker process spawns its worker actor under.
const WorkerActorName = "worker"

// SetMaster names the master actor to keep informed; a nil PID means none is active here.
type SetMaster struct{ PID *actor.PID }

// Config is what the roster needs.
type Config struct {
	// OnController is called for every controller event (from the actor; must not block).
	OnController func(membership.Event)
	Logger       *slog.Logger
}

type roster struct {
	cfg     Config
	log     *slog.Logger
	workers map[string]membership.Member // alive workers only
	master  *actor.PID
}

// Props returns the roster actor's props.
func Props(cfg Config) *actor.Props {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return actor.PropsFromProducer(func() actor.Actor {
		return &roster{cfg: cfg, log: cfg.Logger, workers: map[string]membership.Member{}}
	})
}

func (r *roster) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case membership.Event:
		r.onEvent(ctx, m)
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
	name := e.Member.Name
	old, known := r.workers[name]
	if e.Member.State != membership.StateAlive || e.Member.Meta.Leaving {
		if known {
			delete(r.workers, name)
			r.down(ctx, name)
		}
		return
	}
	if known && old.Meta.Boot != e.Member.Meta.Boot {
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
