package store

import (
	"errors"
	"fmt"

	"github.com/actorflow/actorflow/workflows"
	bolt "go.etcd.io/bbolt"
)

// Entry is one encoded log entry and its raft index.
type Entry struct {
	Index uint64
	Data  []byte
}

// Apply applies one encoded log entry at index: all of its commands in one transaction, or
// none of them. See ApplyBatch.
func (s *Store) Apply(index uint64, entry []byte) error {
	return s.ApplyBatch([]Entry{{Index: index, Data: entry}})[0]
}

// ApplyBatch applies consecutive log entries in one bbolt transaction (one commit for a whole
// raft batch) and returns one result per entry.
//
//   - An entry whose index is not above the applied index has been applied already (a replay
//     after Restore or restart) and is skipped with a nil result.
//   - An entry is all-or-nothing: if one of its commands is rejected (a *workflows.Error:
//     duplicate id, unknown instance, undecodable entry), none of its commands take effect,
//     its result is that error, and the applied index still moves past it, so every replica
//     rejects it identically. The leader validates before proposing, so this is a bug path;
//     the batch is then simply redone without the rejected entry.
//   - A storage failure (the error wraps ErrStorage) is returned for every entry not yet
//     committed: their effect is unknown and the caller must stop (raftfsm crashes the node).
func (s *Store) ApplyBatch(entries []Entry) []error {
	results := make([]error, len(entries))
	rejected := make(map[int]bool)
	for {
		failed := -1
		err := s.update(func(tx *bolt.Tx) error {
			w, err := newWtx(tx)
			if err != nil {
				return err
			}
			applied := getU64(w.meta().Get(keyApplied))
			for i, e := range entries {
				if e.Index <= applied {
					continue
				}
				if !rejected[i] {
					if err := w.applyEntry(e); err != nil {
						failed, results[i] = i, err
						return errRejected
					}
				}
				applied = e.Index
			}
			return w.meta().Put(keyApplied, u64(applied))
		})
		switch {
		case errors.Is(err, errRejected):
			rejected[failed] = true
			continue
		case err != nil:
			err = fmt.Errorf("%w: %w", ErrStorage, err)
			for i := range results {
				results[i] = err
			}
			return results
		}
		for i := range entries {
			if !rejected[i] {
				results[i] = nil
			}
		}
		return results
	}
}

// errRejected rolls back a transaction in which an entry was rejected.
var errRejected = errors.New("store: entry rejected")

// update runs fn in a write transaction and publishes the applied index it committed.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return ErrClosed
	}
	var applied uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		applied = getU64(tx.Bucket(bucketMeta).Get(keyApplied))
		return nil
	})
	if err == nil {
		s.applied.Store(applied)
	}
	return err
}

// applyEntry decodes and applies one entry's commands.
func (w *wtx) applyEntry(e Entry) error {
	cmds, err := Decode(e.Data)
	if err != nil {
		return err
	}
	w.index = e.Index
	for pos, c := range cmds {
		w.pos = pos
		if err := w.apply(c); err != nil {
			return fmt.Errorf("store: entry %d, command %d (%T): %w", e.Index, pos, c, err)
		}
	}
	return nil
}

func (w *wtx) apply(c Command) error {
	switch c := c.(type) {
	case PutDefinition:
		return w.putDefinition(c)
	case DeleteDefinition:
		return w.deleteDefinition(c)
	case PutFile:
		return w.putFile(c)
	case DeleteFile:
		return w.deleteFile(c)
	case PutCoordinator:
		return w.putCoordinator(c)
	case CreateInstance:
		return w.createInstance(c)
	case UpdateInstance:
		return w.updateInstance(c)
	case DeleteInstance:
		return w.deleteInstance(c.ID)
	case Prune:
		return w.prune(c)
	case SetEnabled:
		return w.setEnabled(c)
	default:
		return workflows.Errorf(workflows.CodeInternal, "store: apply: unsupported command %T", c)
	}
}

// rejectf builds the error of a rejected command.
func rejectf(code workflows.Code, format string, args ...any) error {
	return workflows.Errorf(code, "store: "+format, args...)
}
