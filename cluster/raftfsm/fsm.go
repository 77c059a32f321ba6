package raftfsm

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/actorflow/actorflow/workflows/store"
	"github.com/hashicorp/raft"
)

// StoreFile is the FSM store's file name inside a controller's raft directory.
const StoreFile = "fsm.db"

// OpenStore opens the FSM store in dir (beside raftgroup's raft.db and snapshots) with the
// FSM setting: NoSync, because raft's log is the durable record (see package store,
// "Durability").
func OpenStore(dir string, logger *slog.Logger) (*store.Store, error) {
	return store.Open(filepath.Join(dir, StoreFile), store.Options{NoSync: true, Logger: logger})
}

// Options tune an FSM.
type Options struct {
	// Logger; nil means slog.Default().
	Logger *slog.Logger
	// Fatal is called when the store fails to persist an entry (store.ErrStorage). The FSM
	// cannot go on: it would answer from a state that no longer follows the log. nil means
	// log and panic; raft runs the FSM on its own goroutine, so the process dies, restarts,
	// and rebuilds the state from the snapshot and the log. Fatal must not return normally
	// unless the process is going away anyway.
	Fatal func(error)
}

// FSM is raft's state machine over a store.Store. raft calls Apply/ApplyBatch, Snapshot and
// Restore from one goroutine; snapshots are persisted concurrently with later applies.
type FSM struct {
	store *store.Store
	log   *slog.Logger
	fatal func(error)
}

var _ raft.BatchingFSM = (*FSM)(nil)

// New returns the FSM for s.
func New(s *store.Store, opts Options) *FSM {
	f := &FSM{store: s, log: opts.Logger, fatal: opts.Fatal}
	if f.log == nil {
		f.log = slog.Default()
	}
	if f.fatal == nil {
		f.fatal = func(err error) {
			f.log.Error("raftfsm: the FSM store failed; stopping so the state is rebuilt from the raft log", "error", err)
			panic(fmt.Sprintf("raftfsm: %v", err))
		}
	}
	return f
}

// Apply applies one committed entry. The response is nil or the entry's rejection (an error,
// which raftgroup.Group.Apply returns to the proposer). Non-command entries (configuration
// changes, no-ops, barriers) do not reach the store.
func (f *FSM) Apply(l *raft.Log) any {
	if l.Type != raft.LogCommand {
		return nil
	}
	return f.response(f.store.Apply(l.Index, l.Data))
}

// ApplyBatch applies raft's batch of committed entries in one store transaction: under load
// (many proposers, raft's group commit) the FSM then costs one commit per batch.
func (f *FSM) ApplyBatch(logs []*raft.Log) []any {
	out := make([]any, len(logs))
	entries := make([]store.Entry, 0, len(logs))
	at := make([]int, 0, len(logs))
	for i, l := range logs {
		if l.Type == raft.LogCommand {
			entries = append(entries, store.Entry{Index: l.Index, Data: l.Data})
			at = append(at, i)
		}
	}
	if len(entries) == 0 {
		return out
	}
	for j, err := range f.store.ApplyBatch(entries) {
		out[at[j]] = f.response(err)
	}
	return out
}

// response turns the store's result into raft's: nil for success (an untyped nil, so the
// proposer does not see a non-nil error interface), the error for a rejection.
func (f *FSM) response(err error) any {
	if err == nil {
		return nil
	}
	if errors.Is(err, store.ErrStorage) {
		f.fatal(err)
	}
	return err
}

// Snapshot fixes the store's current state; raft persists it later, while applying on.
func (f *FSM) Snapshot() (raft.FSMSnapshot, error) {
	snap, err := f.store.BeginSnapshot()
	if err != nil {
		return nil, err
	}
	return &fsmSnapshot{snap: snap}, nil
}

// Restore replaces the store's state with a snapshot (at start, and when the leader sends
// one to a follower that fell too far behind).
func (f *FSM) Restore(rc io.ReadCloser) error {
	defer rc.Close()
	return f.store.Restore(rc)
}

type fsmSnapshot struct {
	snap *store.StateSnapshot
}

func (s *fsmSnapshot) Persist(sink raft.SnapshotSink) error {
	if _, err := s.snap.WriteTo(sink); err != nil {
		_ = sink.Cancel()
		return err
	}
	return sink.Close()
}

func (s *fsmSnapshot) Release() { s.snap.Close() }
