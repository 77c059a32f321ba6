package master

import (
	"context"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// An operator's switch turns a coordinator off (or on again) whatever its XML says, through
// store.SetEnabled: FSM state, replicated by the log, so it survives a restart and a
// failover (a new master reads it before installing any coordinator). A switched-off
// coordinator does not fire on its own: newCoordinator folds the switch into spec.Enabled,
// like the XML's is-enabled and the definition's file state, so every (re)build of the
// coordinator honours it. Manual triggers, runs, reruns and backfills ignore it, as they
// ignore is-enabled (akkaflow §6.4).
//
// Switching on only removes the switch: a coordinator the XML disables (is-enabled="false")
// or whose xmlconfig file was removed stays off, so that request is refused (CodeConflict,
// saying what to change) and changes nothing. Switching a coordinator to the state it is in
// is a no-op (Changed false), committed nothing.
//
// While off, a coordinator still records its upstreams' successes (its dependency flags), as
// one its XML disables does. Switched on, it is evaluated at once: a downstream whose
// upstreams succeeded meanwhile fires in the commit of the switch, as when the XML enables it
// again. Reset it first (ResetRequest) to wait for fresh successes instead.

// EnableRequest switches the coordinator called Name (a workflow's embedded coordinator, or
// a standalone coordinator) on or off.
type EnableRequest struct {
	Name    string
	Enabled bool
}

// EnableResponse answers once the switch is committed. Changed is false when the coordinator
// already was in the requested state.
type EnableResponse struct {
	Result
	Changed bool
}

// SetEnabled switches a coordinator on or off; changed is false when it already was.
func (c *Client) SetEnabled(ctx context.Context, name string, enabled bool) (changed bool, err error) {
	r, err := call[*EnableResponse](ctx, c, &EnableRequest{Name: name, Enabled: enabled})
	if r == nil {
		return false, err
	}
	return r.Changed, err
}

// switchReader is the store's read of the switches; *store.Store has it. A store without it
// (a test double) has no switched-off coordinator.
type switchReader interface {
	DisabledCoordinators() (map[string]time.Time, error)
}

// onLoaded reads the switches (off the mailbox) and then activates: activation builds every
// coordinator, and a switched-off one must not fire a missed slot on the way.
func (m *master) onLoaded(ctx actor.Context, l *loaded) {
	sr, ok := m.cfg.Store.(switchReader)
	if !ok {
		m.activate(ctx, l)
		return
	}
	m.async(ctx, func() func(actor.Context) {
		off, err := sr.DisabledCoordinators()
		return func(ctx actor.Context) {
			if err != nil && l.err == nil {
				l.err = fmt.Errorf("read the switched-off coordinators: %w", err)
			}
			m.switchedOff = make(map[string]bool, len(off))
			for name := range off {
				m.switchedOff[name] = true
			}
			m.activate(ctx, l)
		}
	})
}

func (m *master) onEnable(ctx actor.Context, req *EnableRequest, sender *actor.PID) {
	fail := func(err error) { m.reply(ctx, sender, &EnableResponse{Result: resultOf(err)}) }
	d, c := m.defs[req.Name], m.coords[req.Name]
	verb := "disable"
	if req.Enabled {
		verb = "enable"
	}
	switch {
	case d == nil:
		fail(workflows.Errorf(workflows.CodeNotFound, "no workflow or coordinator named %q", req.Name))
		return
	case c == nil:
		if sc := m.standaloneFor(req.Name); sc != nil {
			fail(workflows.Errorf(workflows.CodeInvalid, "workflow %q has no coordinator of its own: coordinator %q triggers it; %s that one",
				req.Name, sc.name, verb))
			return
		}
		fail(workflows.Errorf(workflows.CodeInvalid, "workflow %q has no coordinator to %s", req.Name, verb))
		return
	case req.Enabled && !c.xmlEnabled:
		fail(workflows.Errorf(workflows.CodeConflict, `coordinator %q is disabled by its XML (is-enabled="false"): change the definition to enable it`, req.Name))
		return
	case req.Enabled && !d.enabled:
		fail(workflows.Errorf(workflows.CodeConflict, "coordinator %q is disabled because its xmlconfig file %s was removed: put the file back to enable it",
			req.Name, d.source))
		return
	}
	if m.switchedOff[req.Name] == !req.Enabled {
		m.reply(ctx, sender, &EnableResponse{})
		return
	}
	now := m.cfg.Clock.Now()
	m.setSwitch(req.Name, !req.Enabled)
	nd := *d // install replaces the definition: a copy, so undo can tell it from a later put
	undo := m.install(&nd, c.declared(), now)
	b := newBatch()
	b.cmds = []store.Command{store.SetEnabled{Name: req.Name, Enabled: req.Enabled, At: now}}
	m.evaluate(ctx, b, m.touchCoord(b, req.Name), func(err error) {
		if err != nil {
			m.setSwitch(req.Name, req.Enabled)
			undo()
			m.rearmWake(ctx)
			fail(err)
			return
		}
		m.reply(ctx, sender, &EnableResponse{Changed: true})
	})
}

func (m *master) setSwitch(name string, off bool) {
	if !off {
		delete(m.switchedOff, name)
		return
	}
	if m.switchedOff == nil {
		m.switchedOff = map[string]bool{}
	}
	m.switchedOff[name] = true
}
