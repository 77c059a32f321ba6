package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // coordinators name zones; do not depend on the host's zoneinfo files

	"github.com/asynkron/protoactor-go/actor"
	"github.com/urfave/cli/v2"

	"github.com/actorflow/actorflow/actors/gateway"
	"github.com/actorflow/actorflow/actors/httpapi"
	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/actors/metrics"
	"github.com/actorflow/actorflow/actors/worker"
	"github.com/actorflow/actorflow/cluster/raftfsm"
	"github.com/actorflow/actorflow/cluster/raftgroup"
	"github.com/actorflow/actorflow/workflows/store"
)

// standaloneName is the node, Raft server and worker name of a standalone process.
const standaloneName = "standalone"

// serverNode is one running server process and everything it owns, in start order. stop undoes
// it in reverse.
type serverNode struct {
	cfg    serverConfig
	log    *slog.Logger
	store  *store.Store
	group  *raftgroup.Group
	system *actor.ActorSystem
	worker *actor.PID
	master *actor.PID
	client *master.Client
	http   *http.Server
	scan   *scanLoop
	ready  atomic.Bool
	// deposed is closed when the master stops because it may no longer act (Raft).
	deposed chan error
	// links are the db- and file-link registries the executors use; the API edits them.
	links connLinks
	// closeExecs closes the executors' connection pools (buildExecutors), after the drain.
	closeExecs func()
}

func runStandalone(c *cli.Context) error {
	cfg, err := loadServerConfig(c)
	if err != nil {
		return invalidf("%v", err)
	}
	logger, err := newServerLogger(cfg.LogLevel)
	if err != nil {
		return invalidf("%v", err)
	}
	// The server owns its signals: the first starts a graceful stop, a second one during the
	// stop kills running tasks at once (rather than the process alone, which would leave the
	// tasks' children running until the next start sweeps them).
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	n, err := startStandalone(c.Context, cfg, logger)
	if err != nil {
		logger.Error("start failed", "err", err)
		return err
	}
	logger.Info("ready", "http", "http://"+n.httpAddr(), "home", cfg.Home, "xmlconfig", cfg.XMLConfig)
	var cause error
	select {
	// Not c.Context: main cancels it on the same first signal, and its copy in sigs would
	// then be taken for a second one.
	case s := <-sigs:
		logger.Info("stopping", "signal", s, "grace", cfg.StopGrace)
	case cause = <-n.deposed:
		logger.Error("stopping: the master was deposed", "err", cause)
	}
	stopped := make(chan struct{})
	go func() { n.stop(); close(stopped) }()
	for {
		select {
		case <-stopped:
			logger.Info("stopped")
			return cause
		case s := <-sigs:
			logger.Warn("second signal: killing running tasks now", "signal", s)
			n.killTasks()
		}
	}
}

// startStandalone opens the state, becomes the one-voter Raft leader, then starts the worker,
// the master, the xmlconfig scanner and the HTTP API. On error it stops what it started.
func startStandalone(ctx context.Context, cfg serverConfig, logger *slog.Logger) (_ *serverNode, err error) {
	n := &serverNode{cfg: cfg, log: logger, deposed: make(chan error, 1)}
	defer func() {
		if err != nil {
			n.stop()
		}
	}()
	dirs, err := n.prepareDirs()
	if err != nil {
		return nil, err
	}
	// Bind HTTP first: a taken port is the most common start failure and costs nothing to find.
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("http address %s: %w", cfg.HTTPAddr, err)
	}
	defer func() {
		if err != nil && n.http == nil {
			ln.Close()
		}
	}()
	if err := n.openState(ctx, dirs); err != nil {
		return nil, err
	}
	// With port 0 the kernel picks the port; scripts and tests read the real address here.
	// Written only now that this process holds the state lock, so a second server refused
	// on the same home cannot overwrite the running one's address.
	if err := os.WriteFile(filepath.Join(cfg.Home, "http.addr"), []byte(ln.Addr().String()+"\n"), 0o644); err != nil {
		return nil, err
	}
	reg := metrics.New()
	if err := n.startActors(dirs, reg); err != nil {
		return nil, err
	}
	if n.scan, err = startScanLoop(cfg.XMLConfig, cfg.Rescan, n.client, logger); err != nil {
		return nil, err
	}
	n.startHTTP(ln, dirs, reg)
	if err := n.scan.waitFirst(ctx); err != nil {
		return nil, err
	}
	n.ready.Store(true)
	return n, nil
}

// serverDirs are the directories under the home directory.
type serverDirs struct{ raft, state, work, logs string }

func (n *serverNode) prepareDirs() (serverDirs, error) {
	home := n.cfg.Home
	d := serverDirs{
		raft:  filepath.Join(home, "raft"),
		state: filepath.Join(home, "state"),
		work:  filepath.Join(home, "work"),
		logs:  filepath.Join(home, "logs", "tasks"),
	}
	for _, dir := range []string{d.raft, d.state, d.work, d.logs, n.cfg.XMLConfig} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return d, fmt.Errorf("create directory: %w", err)
		}
	}
	return d, nil
}

// openState opens the FSM store and the one-voter Raft group, and waits for leadership.
func (n *serverNode) openState(ctx context.Context, d serverDirs) error {
	var err error
	if n.store, err = raftfsm.OpenStore(d.state, n.log); err != nil {
		return err
	}
	addr, err := stableRaftAddr(d.raft, n.cfg.RaftAddr)
	if err != nil {
		return err
	}
	n.group, err = raftgroup.Open(raftgroup.Config{
		NodeID: standaloneName, Dir: d.raft, BindAddr: addr, Bootstrap: true,
		FSM: raftfsm.New(n.store, raftfsm.Options{Logger: n.log}),
	})
	if err != nil {
		return err
	}
	if err := rememberRaftAddr(d.raft, n.group.Addr()); err != nil {
		return err
	}
	leader := n.group.LeaderCh()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case isLeader := <-leader:
			if isLeader {
				// A barrier makes sure every committed entry is applied before the master reads.
				return n.group.Barrier(ctx)
			}
		case <-deadline:
			return errors.New("raft: no leadership within 30s")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// startActors spawns the worker and the master, and introduces them to each other.
func (n *serverNode) startActors(d serverDirs, reg *metrics.Registry) error {
	n.system = actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return n.log.With("lib", "protoactor")
	}))
	execs, links, closeExecs, err := buildExecutorsAndLinks(n.cfg, n.cfg.Home, n.log)
	if err != nil {
		return err
	}
	n.closeExecs, n.links = closeExecs, links
	wprops, err := worker.Props(worker.Config{
		Name: standaloneName, Slots: n.cfg.Slots, WorkRoot: d.work, LogRoot: d.logs,
		LogLimit: int64(n.cfg.LogLimitMiB) << 20, KillGrace: n.cfg.KillGrace, KeepFiles: n.cfg.Retention,
		Logger: n.log.With("actor", "worker"), Executors: execs,
	})
	if err != nil {
		return err
	}
	if n.worker, err = n.system.Root.SpawnNamed(wprops, worker.ActorName); err != nil {
		return err
	}
	host, _ := os.Hostname()
	mprops, err := master.Props(master.Config{
		Log: raftfsm.NewLog(n.group), Store: n.store, Clock: master.SystemClock{},
		Term:         n.group.Term(),
		Workers:      []master.Worker{{Name: standaloneName, PID: n.worker, Slots: n.cfg.Slots, Host: host}},
		XMLConfigDir: n.cfg.XMLConfig, GlobalParallelism: n.cfg.Parallelism,
		Retention: master.Retention{MaxAge: n.cfg.Retention, KeepPerWorkflow: n.cfg.KeepPerWorkflow},
		Logger:    n.log.With("actor", "master"), Observer: reg, Notifier: processNotifier(n.cfg, n.log),
		OnDeposed: func(err error) {
			select {
			case n.deposed <- err:
			default:
			}
		},
	})
	if err != nil {
		return err
	}
	if n.master, err = n.system.Root.SpawnNamed(mprops, "master"); err != nil {
		return err
	}
	n.system.Root.Send(n.worker, &worker.MasterChanged{PID: n.master})
	n.client = master.NewClient(n.system.Root, n.master, 30*time.Second)
	return nil
}

// httpAddr is the address the API actually listens on.
func (n *serverNode) httpAddr() string {
	b, err := os.ReadFile(filepath.Join(n.cfg.Home, "http.addr"))
	if err != nil {
		return n.cfg.HTTPAddr
	}
	return strings.TrimSpace(string(b))
}

func (n *serverNode) startHTTP(ln net.Listener, d serverDirs, reg *metrics.Registry) {
	gw := gateway.New(gateway.Config{
		Master: n.client, Store: n.store, LogRoot: d.logs, XMLConfigDir: n.cfg.XMLConfig,
		Ready: n.readiness, Logger: n.log.With("actor", "http"),
	})
	n.http = serveHTTP(ln, httpapi.New(linksBackend{Backend: gw, db: n.links.db, files: n.links.files},
		httpapi.Options{Token: n.cfg.APIToken, Logger: n.log.With("actor", "http"), Metrics: reg}), n.log)
}

// readiness is nil once the first xmlconfig scan is loaded and while this serverNode leads.
func (n *serverNode) readiness() error {
	switch {
	case !n.ready.Load():
		return errors.New("starting: loading state and xmlconfig")
	case !n.group.IsLeader():
		return errors.New("not the Raft leader")
	}
	return nil
}

// stop shuts down in reverse start order. Running tasks get StopGrace to finish, then are
// killed; the worker keeps their results on disk records, and a restart marks attempts whose
// results were lost as lost, so the retry policy decides.
func (n *serverNode) stop() {
	n.ready.Store(false)
	stopHTTP(n.http)
	if n.scan != nil {
		n.scan.stop()
	}
	if n.worker != nil {
		n.drainWorker()
	}
	if n.system != nil {
		if n.master != nil {
			_ = n.system.Root.StopFuture(n.master).Wait()
		}
		n.system.Shutdown()
	}
	if n.closeExecs != nil {
		n.closeExecs()
	}
	if n.group != nil {
		if err := n.group.Shutdown(); err != nil {
			n.log.Warn("raft shutdown", "err", err)
		}
	}
	if n.store != nil {
		if err := n.store.Close(); err != nil {
			n.log.Warn("store close", "err", err)
		}
	}
}

// killTasks cuts the stop's grace period short: the worker kills its running tasks now.
func (n *serverNode) killTasks() {
	if n.worker != nil {
		n.system.Root.Send(n.worker, &worker.Drain{Grace: 0})
	}
}

// drainWorker lets running tasks finish within StopGrace, then waits for the kills.
func (n *serverNode) drainWorker() {
	wait := n.cfg.StopGrace + n.cfg.KillGrace + 5*time.Second
	res, err := n.system.Root.RequestFuture(n.worker, &worker.Drain{Grace: n.cfg.StopGrace}, wait).Result()
	if err != nil {
		n.log.Warn("worker drain", "err", err)
		return
	}
	var unacked int
	switch d := res.(type) {
	case worker.Drained:
		unacked = d.Unacked
	case *worker.Drained:
		unacked = d.Unacked
	}
	if unacked > 0 {
		n.log.Warn("worker drained with unacknowledged results", "unacked", unacked)
	}
}

// stableRaftAddr returns the address this serverNode used before, so the address stored in the
// Raft configuration stays valid across restarts; otherwise the configured one.
func stableRaftAddr(dir, configured string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "address"))
	switch {
	case err == nil:
		return strings.TrimSpace(string(b)), nil
	case errors.Is(err, os.ErrNotExist):
		return configured, nil
	}
	return "", err
}

func rememberRaftAddr(dir, addr string) error {
	return os.WriteFile(filepath.Join(dir, "address"), []byte(addr+"\n"), 0o644)
}

func newServerLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}
