package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/gateway"
	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/actors/roster"
	"github.com/actorflow/actorflow/cluster/membership"
	"github.com/actorflow/actorflow/cluster/raftfsm"
	"github.com/actorflow/actorflow/cluster/raftgroup"
	"github.com/actorflow/actorflow/workflows/store"
)

// controllerNode is a master or standby process: a Raft voter that runs the master actor
// while it leads, and serves the API from its replica either way (changes need the leader).
type controllerNode struct {
	clusterBase
	cfg     serverConfig
	store   *store.Store
	group   *raftgroup.Group
	roster  *actor.PID
	reg     *metrics.Registry
	http    *http.Server
	httpURL string
	poke    chan struct{} // a controller came or went: discovery looks again
	done    chan struct{}
	loops   sync.WaitGroup

	mu     sync.Mutex
	master *actor.PID // while this node leads
	scan   *scanLoop
	loaded atomic.Bool // the leader's first xmlconfig scan reached the master
}

func runController(c *cli.Context, role string) error {
	cfg, cc, logger, err := loadRoleConfig(c, role)
	if err != nil {
		return err
	}
	if !c.IsSet("raft-addr") {
		cfg.RaftAddr = net.JoinHostPort(cc.Bind, "0")
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	n, err := startController(cfg, cc, logger)
	if err != nil {
		logger.Error("start failed", "err", err)
		return err
	}
	logger.Info("ready", "role", role, "name", cc.Name, "http", n.httpURL, "gossip", n.gossip.Addr(),
		"raft", n.group.Addr(), "remote", n.transport.Address())
	s := <-sigs
	logger.Info("stopping", "signal", s)
	n.stop()
	logger.Info("stopped")
	return nil
}

// loadRoleConfig resolves the server and cluster configuration and the logger of a role.
func loadRoleConfig(c *cli.Context, role string) (serverConfig, clusterConfig, *slog.Logger, error) {
	cfg, err := loadServerConfig(c)
	if err != nil {
		return cfg, clusterConfig{}, nil, invalidf("%v", err)
	}
	cc, err := loadClusterConfig(c, role)
	if err != nil {
		return cfg, cc, nil, invalidf("%v", err)
	}
	logger, err := newServerLogger(cfg.LogLevel)
	if err != nil {
		return cfg, cc, nil, invalidf("%v", err)
	}
	return cfg, cc, logger.With("node", cc.Name), nil
}

func startController(cfg serverConfig, cc clusterConfig, logger *slog.Logger) (_ *controllerNode, err error) {
	n := &controllerNode{clusterBase: clusterBase{cc: cc, log: logger}, cfg: cfg,
		poke: make(chan struct{}, 1), done: make(chan struct{}), reg: metrics.New()}
	defer func() {
		if err != nil {
			n.stop()
		}
	}()
	raftDir, stateDir := filepath.Join(cfg.Home, "raft"), filepath.Join(cfg.Home, "state")
	for _, dir := range []string{raftDir, stateDir, cfg.XMLConfig} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create directory: %w", err)
		}
	}
	ln, err := net.Listen("tcp", cc.httpListenAddr(cfg))
	if err != nil {
		return nil, fmt.Errorf("http address: %w", err)
	}
	if n.store, err = raftfsm.OpenStore(stateDir, logger); err != nil {
		ln.Close()
		return nil, err
	}
	if err := n.openRaft(raftDir); err != nil {
		ln.Close()
		return nil, err
	}
	n.httpURL = "http://" + ln.Addr().String()
	if err := writeRunFile(cfg.Home, "http.addr", ln.Addr().String()); err != nil {
		ln.Close()
		return nil, err
	}
	if err := n.startActorSystem(); err != nil {
		ln.Close()
		return nil, err
	}
	n.roster = n.system.Root.Spawn(roster.Props(roster.Config{
		OnController: func(membership.Event) { n.pokeDiscovery() },
		Logger:       logger.With("actor", "roster"),
	}))
	meta := membership.Meta{Role: membership.RoleController, Raft: n.group.Addr(), HTTP: ln.Addr().String()}
	root, rosterPID := n.system.Root, n.roster
	if err := n.startGossip(meta, func(e membership.Event) { root.Send(rosterPID, e) }); err != nil {
		ln.Close()
		return nil, err
	}
	n.startHTTP(ln)
	n.loops.Add(2)
	go n.discoveryLoop()
	go n.leadershipLoop()
	return n, nil
}

func (n *controllerNode) openRaft(dir string) error {
	addr, err := stableRaftAddr(dir, n.cfg.RaftAddr)
	if err != nil {
		return err
	}
	n.group, err = raftgroup.Open(raftgroup.Config{
		NodeID: n.cc.Name, Dir: dir, BindAddr: addr, Bootstrap: n.cc.BootstrapExpect == 1,
		FSM:    raftfsm.New(n.store, raftfsm.Options{Logger: n.log}),
		Tuning: clusterRaftTuning(),
	})
	if err != nil {
		return err
	}
	return rememberRaftAddr(dir, n.group.Addr())
}

func (n *controllerNode) pokeDiscovery() {
	select {
	case n.poke <- struct{}{}:
	default:
	}
}

// currentMaster is the master actor's PID while this node leads, else nil.
func (n *controllerNode) currentMaster() *actor.PID {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.master
}

func (n *controllerNode) startHTTP(ln net.Listener) {
	client := &master.Client{Root: n.system.Root, Master: n.currentMaster, Timeout: 30 * time.Second}
	gw := gateway.New(gateway.Config{
		Master: client, Store: n.store, XMLConfigDir: n.cfg.XMLConfig,
		Members: func() []apiMember { return membersOf(n.gossip, client) },
		Ready:   n.readiness, Logger: n.log.With("actor", "http"),
		WorkerLogs: func(name string) (string, bool) { return workerLogServer(n.gossip.Members(), name) },
	})
	n.http = serveHTTP(ln, n.replicaHeaders(httpapi.New(gw, httpapi.Options{Token: n.cfg.APIToken,
		Logger: n.log.With("actor", "http"), Metrics: n.reg})), n.log)
}

// workerLogServer is the log server URL of the worker named name, from its gossip metadata,
// while it is alive (a dead worker's port would only time out).
func workerLogServer(members []membership.Member, name string) (string, bool) {
	for _, m := range members {
		if m.Name == name && m.Meta.Role == membership.RoleWorker && m.State == membership.StateAlive && m.Meta.HTTP != "" {
			return "http://" + m.Meta.HTTP, true
		}
	}
	return "", false
}

// readiness: a controller is ready to take changes while it leads and has loaded xmlconfig.
func (n *controllerNode) readiness() error {
	switch {
	case !n.group.IsLeader():
		_, leader := n.group.Leader()
		if leader == "" {
			return errors.New("standby: no leader elected yet")
		}
		return fmt.Errorf("standby: the master is %s", leader)
	case !n.loaded.Load():
		return errors.New("master starting: loading state and xmlconfig")
	}
	return nil
}

// stop leaves the cluster first (so the others elect a new master at once), then stops.
func (n *controllerNode) stop() {
	select {
	case <-n.done:
	default:
		close(n.done)
	}
	n.loops.Wait()
	n.stepDown()
	stopHTTP(n.http)
	n.leaveGossip()
	if n.group != nil {
		if err := n.group.Shutdown(); err != nil {
			n.log.Warn("raft shutdown", "err", err)
		}
	}
	n.stopActors()
	if n.store != nil {
		if err := n.store.Close(); err != nil {
			n.log.Warn("store close", "err", err)
		}
	}
}

// clusterRaftTuning: between processes on a busy 2-core machine, 300 ms timeouts (the
// one-voter default) let a heartbeat delayed by CPU contention start an election. 600 ms
// keeps a SIGKILLed master replaced within about a second and a half.
func clusterRaftTuning() raftgroup.Tuning {
	t := raftgroup.DefaultTuning()
	t.HeartbeatTimeout, t.ElectionTimeout, t.LeaderLeaseTimeout = 600*time.Millisecond, 600*time.Millisecond, 500*time.Millisecond
	return t
}
