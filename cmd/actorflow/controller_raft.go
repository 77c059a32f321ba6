package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/actors/roster"
	"github.com/actorflow/actorflow/cluster/membership"
	"github.com/actorflow/actorflow/cluster/raftfsm"
	"github.com/actorflow/actorflow/cluster/raftgroup"
)

// discoveryLoop forms the Raft group from gossip (--bootstrap-expect) and, on the leader,
// adds controllers that appear later as voters.
func (n *controllerNode) discoveryLoop() {
	defer n.loops.Done()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-n.done:
			return
		case <-n.poke:
		case <-tick.C:
		}
		switch {
		case !n.group.HasState():
			n.tryBootstrap()
		case n.group.IsLeader():
			n.addMissingVoters()
		}
		n.gossipTerm()
	}
}

// gossipTerm publishes the Raft term this controller is in, so `cluster members` shows every
// controller's term (a standby lagging a term behind is visible), not only the master's.
func (n *controllerNode) gossipTerm() {
	term := n.group.Term()
	if n.gossip.Meta().Term == term {
		return
	}
	if err := n.gossip.UpdateMeta(func(m *membership.Meta) { m.Term = term }); err != nil {
		n.log.Debug("gossip meta", "err", err)
	}
}

// aliveControllers are the controllers gossip shows alive, sorted by name.
func (n *controllerNode) aliveControllers() []membership.Member {
	var out []membership.Member
	for _, m := range n.gossip.Members() {
		if m.State == membership.StateAlive && m.Meta.Role == membership.RoleController && m.Meta.Raft != "" {
			out = append(out, m)
		}
	}
	return out
}

// tryBootstrap founds the group once --bootstrap-expect controllers are in gossip. Every
// founder computes the same list (the first N by name) and bootstraps with it; raft takes
// identical bootstraps. A controller outside that list waits for the leader to add it.
func (n *controllerNode) tryBootstrap() {
	ctrls := n.aliveControllers()
	if len(ctrls) < n.cc.BootstrapExpect {
		return
	}
	ctrls = ctrls[:n.cc.BootstrapExpect]
	if !slices.ContainsFunc(ctrls, func(m membership.Member) bool { return m.Name == n.cc.Name }) {
		return
	}
	var servers []raftgroup.Server
	var names []string
	for _, m := range ctrls {
		servers = append(servers, raftgroup.Server{ID: m.Name, Addr: m.Meta.Raft, Voter: true})
		names = append(names, m.Name)
	}
	if err := n.group.Bootstrap(servers); err != nil {
		n.log.Error("raft bootstrap", "err", err)
		return
	}
	n.log.Info("raft group founded", "voters", strings.Join(names, ","))
}

// addMissingVoters adds every alive controller that is not in the configuration yet.
func (n *controllerNode) addMissingVoters() {
	servers, err := n.group.Servers()
	if err != nil {
		return
	}
	for _, m := range n.aliveControllers() {
		if slices.ContainsFunc(servers, func(s raftgroup.Server) bool { return s.ID == m.Name }) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := n.group.AddVoter(ctx, m.Name, m.Meta.Raft)
		cancel()
		if err != nil {
			n.log.Warn("raft: cannot add a controller", "controller", m.Name, "err", err)
			continue
		}
		n.log.Info("raft: added a controller as voter", "controller", m.Name, "raft", m.Meta.Raft)
	}
}

// leadershipLoop runs the master while this node leads and stops it the moment it does not.
func (n *controllerNode) leadershipLoop() {
	defer n.loops.Done()
	ch := n.group.LeaderCh()
	for {
		select {
		case <-n.done:
			return
		case leader, ok := <-ch:
			if !ok {
				return
			}
			if leader {
				n.becomeMaster()
			} else {
				n.stepDown()
			}
		}
	}
}

// becomeMaster starts the master actor once every committed entry is applied here. It knows
// the alive workers from the start, so its reconciliation asks all of them what they run
// before it declares anything lost.
func (n *controllerNode) becomeMaster() {
	if n.currentMaster() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err := n.group.Barrier(ctx)
	cancel()
	if err != nil {
		n.log.Warn("leader: barrier failed; not starting the master", "err", err)
		return
	}
	var workers []master.Worker
	for _, m := range n.gossip.Members() {
		if m.State == membership.StateAlive && m.Meta.Role == membership.RoleWorker && !m.Meta.Leaving {
			workers = append(workers, roster.WorkerOf(m))
		}
	}
	term := n.group.Term()
	props, err := master.Props(master.Config{
		Log: raftfsm.NewLog(n.group), Store: n.store, Clock: master.SystemClock{}, Term: term,
		Workers: workers, XMLConfigDir: n.cfg.XMLConfig, GlobalParallelism: n.cfg.Parallelism,
		Retention: master.Retention{MaxAge: n.cfg.Retention, KeepPerWorkflow: n.cfg.KeepPerWorkflow},
		HostWait:  n.cc.HostWait, Logger: n.log.With("actor", "master"), Observer: n.reg,
		Notifier:  processNotifier(n.cfg, n.log),
		OnDeposed: func(err error) { n.log.Warn("master deposed", "err", err) },
	})
	if err != nil {
		n.log.Error("master config", "err", err)
		return
	}
	pid, err := n.system.Root.SpawnNamed(props, "master")
	if err != nil {
		n.log.Error("spawn master", "err", err)
		return
	}
	client := &master.Client{Root: n.system.Root, Master: func() *actor.PID { return pid }, Timeout: 30 * time.Second}
	scan, err := startScanLoop(n.cfg.XMLConfig, n.cfg.Rescan, client, n.log)
	if err != nil {
		n.log.Error("xmlconfig scanner", "err", err)
	}
	n.mu.Lock()
	n.master, n.scan = pid, scan
	n.mu.Unlock()
	n.system.Root.Send(n.roster, roster.SetMaster{PID: pid})
	if scan != nil {
		go func() {
			if scan.waitFirst(context.Background()) == nil && n.currentMaster() == pid {
				n.loaded.Store(true)
			}
		}()
	}
	n.log.Info("leading: master active", "term", term, "workers", len(workers))
	if err := n.gossip.UpdateMeta(func(m *membership.Meta) { m.Leader, m.Term = true, term }); err != nil {
		n.log.Warn("gossip meta", "err", err)
	}
}

// stepDown stops the master and the scanner: a deposed master must not dispatch.
func (n *controllerNode) stepDown() {
	n.mu.Lock()
	pid, scan := n.master, n.scan
	n.master, n.scan = nil, nil
	n.mu.Unlock()
	n.loaded.Store(false)
	if pid == nil {
		return
	}
	n.system.Root.Send(n.roster, roster.SetMaster{})
	if scan != nil {
		scan.stop()
	}
	_ = n.system.Root.StopFuture(pid).Wait()
	n.log.Info("not leading: master stopped")
	if n.gossip != nil {
		if err := n.gossip.UpdateMeta(func(m *membership.Meta) { m.Leader = false }); err != nil {
			n.log.Warn("gossip meta", "err", err)
		}
	}
}
