package raftgroup

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/actorflow/actorflow/cluster/raftstore"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
)

// Group is one running raft node. Its methods are safe for concurrent use.
type Group struct {
	id     string
	raft   *raft.Raft
	store  *raftstore.Store
	trans  *raft.NetworkTransport
	logger hclog.Logger
	tuning Tuning

	watch     *leaderWatch
	stopWatch chan struct{}
	watchDone chan struct{}

	// down is closed once raft has fully stopped. Waiters select on it
	// because with BatchApplyCh raft can accept a command into its queue
	// during shutdown and then never answer it.
	down chan struct{}

	shutdownOnce sync.Once
	shutdownErr  error
}

// Open starts a node. See Config for the fields and doc.go for behaviour.
func Open(cfg Config) (_ *Group, err error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	t := cfg.Tuning.withDefaults()
	logger := cfg.Logger
	if logger == nil {
		logger = defaultLogger()
	}

	// Resources opened so far, released in reverse order if a later step
	// fails.
	var undo []func()
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()

	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("raftgroup: %w", err)
	}
	// The store first: its file lock is what stops two processes from
	// running the same node, and it fails before we take a port.
	store, err := raftstore.Open(filepath.Join(cfg.Dir, "raft.db"), raftstore.Options{NoSync: t.NoSync})
	if err != nil {
		return nil, fmt.Errorf("raftgroup: %w", err)
	}
	undo = append(undo, func() { _ = store.Close() })

	snaps, err := raft.NewFileSnapshotStoreWithLogger(cfg.Dir, t.SnapshotRetain, logger.Named("snapshot"))
	if err != nil {
		return nil, fmt.Errorf("raftgroup: snapshot store: %w", err)
	}

	var advertise net.Addr
	if cfg.AdvertiseAddr != "" {
		if advertise, err = net.ResolveTCPAddr("tcp", cfg.AdvertiseAddr); err != nil {
			return nil, fmt.Errorf("raftgroup: advertise address: %w", err)
		}
	}
	stream, err := newBoundStream(cfg.BindAddr, advertise)
	if err != nil {
		return nil, fmt.Errorf("raftgroup: transport on %s: %w", cfg.BindAddr, err)
	}
	trans := raft.NewNetworkTransportWithConfig(&raft.NetworkTransportConfig{
		Stream:  stream,
		MaxPool: t.TransportMaxPool,
		Timeout: t.TransportTimeout,
		Logger:  logger.Named("transport"),
	})
	undo = append(undo, func() { _ = trans.Close() })

	// Buffered so raft's last, non-blocking notification at shutdown is
	// not lost; the watcher reads continuously otherwise.
	notify := make(chan bool, 1)
	rc, err := cfg.raftConfig(t, logger, notify)
	if err != nil {
		return nil, err
	}
	logs, err := raft.NewLogCache(t.LogCacheSize, store)
	if err != nil {
		return nil, fmt.Errorf("raftgroup: log cache: %w", err)
	}

	if cfg.Bootstrap {
		has, err := raft.HasExistingState(logs, store, snaps)
		if err != nil {
			return nil, fmt.Errorf("raftgroup: reading existing state: %w", err)
		}
		if !has {
			conf := raft.Configuration{Servers: []raft.Server{{
				Suffrage: raft.Voter, ID: rc.LocalID, Address: trans.LocalAddr(),
			}}}
			if err := raft.BootstrapCluster(rc, logs, store, snaps, trans, conf); err != nil {
				return nil, fmt.Errorf("raftgroup: bootstrap: %w", err)
			}
		}
	}

	g := &Group{
		id: cfg.NodeID, store: store, trans: trans, logger: logger, tuning: t,
		watch:     &leaderWatch{},
		stopWatch: make(chan struct{}),
		watchDone: make(chan struct{}),
		down:      make(chan struct{}),
	}
	// The watcher must run before NewRaft: raft blocks on NotifyCh.
	go g.watch.run(notify, g.stopWatch, g.watchDone)
	undo = append(undo, func() { close(g.stopWatch); <-g.watchDone })

	r, err := raft.NewRaft(rc, cfg.FSM, logs, store, snaps, trans)
	if err != nil {
		return nil, fmt.Errorf("raftgroup: start raft: %w", err)
	}
	g.raft = r
	return g, nil
}

// ID returns this node's server id.
func (g *Group) ID() string { return g.id }

// Addr returns the transport address peers use for this node (the real port
// when BindAddr ended in ":0").
func (g *Group) Addr() string { return string(g.trans.LocalAddr()) }

// IsLeader reports whether this node is the leader right now.
func (g *Group) IsLeader() bool { return g.raft.State() == raft.Leader }

// Leader returns the current leader's address and id, empty if unknown.
func (g *Group) Leader() (addr, id string) {
	a, i := g.raft.LeaderWithID()
	return string(a), string(i)
}

// LeaderCh returns a new channel that first receives the current leadership
// state, then true when this node becomes leader and false when it stops.
// The channel holds only the latest state (see doc.go) and is closed by
// Shutdown. Call it once per consumer.
func (g *Group) LeaderCh() <-chan bool { return g.watch.subscribe() }

// Term returns the current raft term; a master stamps it on every task
// message so workers can ignore an older master (ARCHITECTURE §3).
func (g *Group) Term() uint64 { return g.raft.CurrentTerm() }

// AppliedIndex returns raft's applied index: the last entry raft has handed
// to the local FSM. It is a progress gauge, not a read barrier: raft updates
// it after queueing a batch for the FSM, so it can lead what the FSM has
// applied, and it can trail it too (Apply may return before raft records
// the index). Exact consumers track the index in the FSM itself.
func (g *Group) AppliedIndex() uint64 { return g.raft.AppliedIndex() }

// Stats returns raft's diagnostic counters (state, term, indexes, peers...)
// plus the log store's "store_batches" and "store_entries": their ratio is
// the group-commit size raft achieved on this node.
func (g *Group) Stats() map[string]string {
	st := g.raft.Stats()
	c := g.store.Counters()
	st["store_batches"] = strconv.FormatUint(c.Batches, 10)
	st["store_entries"] = strconv.FormatUint(c.Entries, 10)
	return st
}

// Shutdown stops the node and releases its port and files. It is not a
// leadership hand-over: peers notice the silence and elect a new leader.
// Safe to call more than once.
func (g *Group) Shutdown() error {
	g.shutdownOnce.Do(func() {
		// Waits for raft's goroutines (FSM included), then closes the
		// transport.
		err := g.raft.Shutdown().Error()
		close(g.down)
		close(g.stopWatch)
		<-g.watchDone
		g.shutdownErr = errors.Join(err, g.store.Close())
	})
	return g.shutdownErr
}

// LastContact is when this node last heard from a leader (zero if never, or on the leader
// itself), without building the whole Stats map.
func (g *Group) LastContact() time.Time { return g.raft.LastContact() }
