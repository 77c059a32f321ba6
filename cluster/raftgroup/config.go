package raftgroup

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/raft"
)

// Config describes one node of a group.
type Config struct {
	// NodeID is this node's permanent raft server id. Required.
	NodeID string
	// Dir holds raft.db and snapshots/. Created if missing. Required.
	Dir string
	// BindAddr is the TCP listen address, e.g. "10.0.0.5:7000" or
	// "127.0.0.1:0" (any free port; read the real one with Addr). Required.
	BindAddr string
	// AdvertiseAddr is the address peers dial, if different from the bound
	// one (required when BindAddr is a wildcard such as 0.0.0.0).
	AdvertiseAddr string
	// Bootstrap makes a node with no existing state the single voter of a
	// new group. Ignored when Dir already holds state.
	Bootstrap bool
	// FSM is the replicated state machine. Required.
	FSM raft.FSM
	// Logger receives raft's logs. nil means errors only, to stderr.
	Logger hclog.Logger
	// Tuning overrides timing and sizes; zero fields take the defaults.
	Tuning Tuning
}

// Tuning holds raft timing and sizing. The zero value of each field means the
// default from DefaultTuning; doc.go explains the choices.
type Tuning struct {
	HeartbeatTimeout   time.Duration
	ElectionTimeout    time.Duration
	LeaderLeaseTimeout time.Duration
	CommitTimeout      time.Duration
	MaxAppendEntries   int
	SnapshotThreshold  uint64
	SnapshotInterval   time.Duration
	TrailingLogs       uint64
	SnapshotRetain     int
	// TransportTimeout is the I/O deadline of one RPC (snapshots scale it).
	TransportTimeout time.Duration
	// TransportMaxPool is the number of pooled connections per peer.
	TransportMaxPool int
	// LogCacheSize is how many recent entries are kept in memory so that
	// replication does not read back what was just written.
	LogCacheSize int
	// NoSync skips fsync in the log store. Tests and benchmarks only: it
	// voids raft's safety on an OS crash or power loss.
	NoSync bool
}

// DefaultTuning returns the loopback/LAN settings described in doc.go.
func DefaultTuning() Tuning {
	return Tuning{
		HeartbeatTimeout:   300 * time.Millisecond,
		ElectionTimeout:    300 * time.Millisecond,
		LeaderLeaseTimeout: 250 * time.Millisecond,
		CommitTimeout:      20 * time.Millisecond,
		MaxAppendEntries:   256,
		SnapshotThreshold:  8192,
		SnapshotInterval:   30 * time.Second,
		TrailingLogs:       10240,
		SnapshotRetain:     2,
		TransportTimeout:   10 * time.Second,
		TransportMaxPool:   3,
		LogCacheSize:       512,
	}
}

// withDefaults fills zero fields from DefaultTuning.
func (t Tuning) withDefaults() Tuning {
	d := DefaultTuning()
	setDur(&t.HeartbeatTimeout, d.HeartbeatTimeout)
	setDur(&t.ElectionTimeout, d.ElectionTimeout)
	setDur(&t.LeaderLeaseTimeout, d.LeaderLeaseTimeout)
	setDur(&t.CommitTimeout, d.CommitTimeout)
	setDur(&t.SnapshotInterval, d.SnapshotInterval)
	setDur(&t.TransportTimeout, d.TransportTimeout)
	if t.MaxAppendEntries == 0 {
		t.MaxAppendEntries = d.MaxAppendEntries
	}
	if t.SnapshotThreshold == 0 {
		t.SnapshotThreshold = d.SnapshotThreshold
	}
	if t.TrailingLogs == 0 {
		t.TrailingLogs = d.TrailingLogs
	}
	if t.SnapshotRetain == 0 {
		t.SnapshotRetain = d.SnapshotRetain
	}
	if t.TransportMaxPool == 0 {
		t.TransportMaxPool = d.TransportMaxPool
	}
	if t.LogCacheSize == 0 {
		t.LogCacheSize = d.LogCacheSize
	}
	return t
}

func setDur(v *time.Duration, def time.Duration) {
	if *v == 0 {
		*v = def
	}
}

func (c *Config) validate() error {
	var errs []error
	if c.NodeID == "" {
		errs = append(errs, errors.New("NodeID is required"))
	}
	if c.Dir == "" {
		errs = append(errs, errors.New("Dir is required"))
	}
	if c.BindAddr == "" {
		errs = append(errs, errors.New("BindAddr is required"))
	}
	if c.FSM == nil {
		errs = append(errs, errors.New("FSM is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("raftgroup: invalid config: %w", err)
	}
	return nil
}

// defaultLogger is quiet: raft logs every election and peer error at INFO
// and WARN, which is noise for a controller that reports leadership itself.
func defaultLogger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Name: "raft", Level: hclog.Error, Output: os.Stderr})
}

// raftConfig translates Config into raft's, then lets raft validate it.
func (c *Config) raftConfig(t Tuning, logger hclog.Logger, notify chan<- bool) (*raft.Config, error) {
	rc := raft.DefaultConfig()
	rc.LocalID = raft.ServerID(c.NodeID)
	rc.Logger = logger
	rc.NotifyCh = notify
	rc.HeartbeatTimeout = t.HeartbeatTimeout
	rc.ElectionTimeout = t.ElectionTimeout
	rc.LeaderLeaseTimeout = t.LeaderLeaseTimeout
	rc.CommitTimeout = t.CommitTimeout
	rc.MaxAppendEntries = t.MaxAppendEntries
	rc.BatchApplyCh = true
	rc.SnapshotThreshold = t.SnapshotThreshold
	rc.SnapshotInterval = t.SnapshotInterval
	rc.TrailingLogs = t.TrailingLogs
	// Per-peer legacy metric names duplicate the labelled ones.
	rc.NoLegacyTelemetry = true
	if err := raft.ValidateConfig(rc); err != nil {
		return nil, fmt.Errorf("raftgroup: invalid tuning: %w", err)
	}
	return rc, nil
}
