package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/roster"
	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/actors/worker/logserver"
	"github.com/actorflow/actorflow/cluster/membership"
)

// workerNode is a worker process: the worker actor behind a remote transport, in gossip
// with its slots and labels. Masters find it there and tell it where to report.
type workerNode struct {
	clusterBase
	cfg    serverConfig
	worker *actor.PID
	// logs serves the task logs to the controllers (GET /logs/…), at Meta.HTTP.
	logs *logserver.Server
	// closeExecs closes the executors' connection pools (buildExecutors), after the drain.
	closeExecs func()
}

func runWorkerNode(c *cli.Context) error {
	cfg, cc, logger, err := loadRoleConfig(c, "worker")
	if err != nil {
		return err
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	n := &workerNode{clusterBase: clusterBase{cc: cc, log: logger}, cfg: cfg}
	if err := n.start(); err != nil {
		logger.Error("start failed", "err", err)
		n.stopActors()
		return err
	}
	logger.Info("ready", "role", "worker", "name", cc.Name, "slots", cfg.Slots, "labels", cc.Labels,
		"gossip", n.gossip.Addr(), "remote", n.transport.Address(), "logs", n.logs.Addr())
	s := <-sigs
	logger.Info("draining", "signal", s, "grace", cfg.StopGrace)
	drained := make(chan struct{})
	go func() { n.drain(); close(drained) }()
	for {
		select {
		case <-drained:
			logger.Info("stopped")
			return nil
		case s := <-sigs:
			logger.Warn("second signal: killing running tasks now", "signal", s)
			n.system.Root.Send(n.worker, &worker.Drain{Grace: 0})
		}
	}
}

func (n *workerNode) start() error {
	work, logs := filepath.Join(n.cfg.Home, "work"), filepath.Join(n.cfg.Home, "logs", "tasks")
	for _, dir := range []string{work, logs} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create directory: %w", err)
		}
	}
	if err := n.startActorSystem(); err != nil {
		return err
	}
	execs, closeExecs, err := buildExecutors(n.cfg, n.cfg.Home, n.log)
	if err != nil {
		return err
	}
	n.closeExecs = closeExecs
	props, err := worker.Props(worker.Config{
		Name: n.cc.Name, Slots: n.cfg.Slots, WorkRoot: work, LogRoot: logs,
		LogLimit: int64(n.cfg.LogLimitMiB) << 20, KillGrace: n.cfg.KillGrace, KeepFiles: n.cfg.Retention,
		Logger: n.log.With("actor", "worker"), Executors: execs,
	})
	if err != nil {
		return err
	}
	if n.worker, err = n.system.Root.SpawnNamed(props, roster.WorkerActorName); err != nil {
		return err
	}
	if n.logs, err = logserver.Listen(n.cc.httpListenAddr(n.cfg), logs, n.log.With("actor", "logserver")); err != nil {
		return err
	}
	meta := membership.Meta{Role: membership.RoleWorker, Slots: n.cfg.Slots, Labels: n.cc.Labels, Host: n.cc.Advertise,
		HTTP: n.logs.Advertised(n.cc.Advertise)}
	if err := n.startGossip(meta, nil); err != nil {
		n.stopLogs()
		return err
	}
	return nil
}

// stopLogs stops the log server, letting reads being answered finish.
func (n *workerNode) stopLogs() {
	if n.logs == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := n.logs.Shutdown(ctx); err != nil {
		n.log.Warn("log server shutdown", "err", err)
	}
}

// drain: masters stop placing here (the drain flag is gossiped), running tasks get the stop
// grace to finish and their results are acknowledged, then the node leaves the cluster.
func (n *workerNode) drain() {
	if err := n.gossip.UpdateMeta(func(m *membership.Meta) { m.Drain = true }); err != nil {
		n.log.Warn("gossip meta", "err", err)
	}
	wait := n.cfg.StopGrace + n.cfg.KillGrace + 10*time.Second
	res, err := n.system.Root.RequestFuture(n.worker, &worker.Drain{Grace: n.cfg.StopGrace}, wait).Result()
	if err != nil {
		n.log.Warn("worker drain", "err", err)
	} else if d, ok := res.(*worker.Drained); ok && d.Unacked > 0 {
		n.log.Warn("worker drained with unacknowledged results", "unacked", d.Unacked)
	} else if d, ok := res.(worker.Drained); ok && d.Unacked > 0 {
		n.log.Warn("worker drained with unacknowledged results", "unacked", d.Unacked)
	}
	n.leaveGossip()
	n.stopLogs() // after leaving: followers read the last output of the drained tasks
	n.stopActors()
	if n.closeExecs != nil {
		n.closeExecs()
	}
}
