package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Snapshot writes a consistent copy of the whole state (a complete bbolt file, applied index
// included) to w.
func (s *Store) Snapshot(w io.Writer) error {
	snap, err := s.BeginSnapshot()
	if err != nil {
		return err
	}
	defer snap.Close()
	_, err = snap.WriteTo(w)
	return err
}

// StateSnapshot is a point-in-time view of the store, taken by BeginSnapshot and streamed
// later, possibly from another goroutine while Apply goes on (raft's FSMSnapshot contract).
type StateSnapshot struct {
	s     *Store
	tx    *bolt.Tx
	index uint64
	once  sync.Once
}

// BeginSnapshot fixes the current state and returns it for streaming. It is cheap (a bbolt
// read transaction); Close must be called. While it is open, Restore and Close wait.
func (s *Store) BeginSnapshot() (*StateSnapshot, error) {
	s.mu.RLock()
	if s.db == nil {
		s.mu.RUnlock()
		return nil, ErrClosed
	}
	tx, err := s.db.Begin(false)
	if err != nil {
		s.mu.RUnlock()
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	return &StateSnapshot{s: s, tx: tx, index: getU64(tx.Bucket(bucketMeta).Get(keyApplied))}, nil
}

// Index is the applied index the snapshot contains.
func (sn *StateSnapshot) Index() uint64 { return sn.index }

// WriteTo streams the snapshot.
func (sn *StateSnapshot) WriteTo(w io.Writer) (int64, error) {
	n, err := sn.tx.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("store: snapshot: %w", err)
	}
	return n, nil
}

// Close releases the snapshot. Safe to call more than once.
func (sn *StateSnapshot) Close() {
	sn.once.Do(func() {
		_ = sn.tx.Rollback()
		sn.s.mu.RUnlock()
	})
}

// Restore replaces the whole state with a snapshot written by Snapshot, atomically: the
// stream goes to a temporary file beside the store, is synced and checked (an older schema is
// upgraded, a newer one refused), and only then takes the place of the current file. On any
// error the current state is untouched. Readers in flight finish on the old state first.
func (s *Store) Restore(r io.Reader) error {
	tmp := s.path + ".restore"
	if err := writeSynced(tmp, r); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	ndb, err := s.openBolt(tmp)
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("store: restore: the snapshot is not a readable store: %w", err)
	}
	var applied uint64
	if err := ndb.Update(func(tx *bolt.Tx) (err error) {
		// bbolt happily turns an empty stream into a new database; a snapshot always has
		// its meta bucket, so its absence means the stream was not one.
		if tx.Bucket(bucketMeta) == nil {
			return fmt.Errorf("%w: the snapshot has no meta bucket", ErrSchema)
		}
		applied, err = initSchema(tx)
		return err
	}); err != nil {
		_ = ndb.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := s.swap(ndb, tmp, applied); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// reset replaces the state with an empty store (Open, after an unclean NoSync run).
func (s *Store) reset() error {
	tmp := s.path + ".reset"
	_ = os.Remove(tmp)
	ndb, err := s.openBolt(tmp)
	if err != nil {
		return err
	}
	if err := ndb.Update(func(tx *bolt.Tx) error { _, err := initSchema(tx); return err }); err != nil {
		_ = ndb.Close()
		_ = os.Remove(tmp)
		return err
	}
	return s.swap(ndb, tmp, 0)
}

// swap makes ndb, open on tmp and at applied, the store: tmp is renamed over the store's path
// while both files are open and locked, so no other process can slip in between, and then
// the old handle is closed. bbolt never reopens by name, so ndb keeps working after the
// rename.
func (s *Store) swap(ndb *bolt.DB, tmp string, applied uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		_ = ndb.Close()
		_ = os.Remove(tmp)
		return ErrClosed
	}
	if err := renameSync(tmp, s.path); err != nil {
		_ = ndb.Close()
		_ = os.Remove(tmp)
		return err
	}
	old := s.db
	s.db = ndb
	s.applied.Store(applied)
	if err := old.Close(); err != nil {
		s.log.Warn("store: closing the replaced file", "file", s.path, "error", err)
	}
	return nil
}

// writeSynced copies r into a new file at path and fsyncs it.
func writeSynced(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(f, r)
	return errors.Join(cerr, f.Sync(), f.Close())
}
