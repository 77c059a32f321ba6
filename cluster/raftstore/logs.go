package raftstore

import (
	"encoding/binary"
	"fmt"

	"github.com/hashicorp/raft"
	bolt "go.etcd.io/bbolt"
)

// logsFillPercent: keys are appended in increasing order, so a split page
// never receives another key; filling pages to 90 % instead of bbolt's 50 %
// keeps the file about 40 % smaller (stack.md §5). It is not persisted by
// bbolt and must be set in every write transaction.
const logsFillPercent = 0.9

// FirstIndex returns the lowest stored index, 0 when the log is empty.
func (s *Store) FirstIndex() (uint64, error) { return s.first.Load(), nil }

// LastIndex returns the highest stored index, 0 when the log is empty.
func (s *Store) LastIndex() (uint64, error) { return s.last.Load(), nil }

// GetLog reads the entry at index into log, or returns raft.ErrLogNotFound.
func (s *Store) GetLog(index uint64, log *raft.Log) error {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], index)
	return s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketLogs).Get(key[:])
		if v == nil {
			return raft.ErrLogNotFound
		}
		if err := decodeLog(v, log); err != nil {
			return fmt.Errorf("raftstore: log %d: %w", index, err)
		}
		if log.Index != index {
			return fmt.Errorf("raftstore: log %d: %w: record holds index %d", index, errCorrupt, log.Index)
		}
		return nil
	})
}

// StoreLog stores one entry.
func (s *Store) StoreLog(log *raft.Log) error {
	return s.StoreLogs([]*raft.Log{log})
}

// StoreLogs stores all entries in one transaction (one commit, one fsync
// pair), overwriting entries with the same index.
func (s *Store) StoreLogs(logs []*raft.Log) error {
	if len(logs) == 0 {
		return nil
	}
	// Encode outside the lock and the transaction. bbolt keeps references
	// to keys and values until commit, so each gets its own sub-slice of
	// buffers that are never written again.
	size := 0
	for _, l := range logs {
		size += encodedSize(l)
	}
	vals := make([]byte, 0, size)
	keys := make([]byte, 0, 8*len(logs))
	type kv struct{ k, v []byte }
	pairs := make([]kv, len(logs))
	for i, l := range logs {
		keys = binary.BigEndian.AppendUint64(keys, l.Index)
		start := len(vals)
		vals = appendLog(vals, l)
		pairs[i] = kv{keys[8*i : 8*i+8 : 8*i+8], vals[start:len(vals):len(vals)]}
	}

	err := s.write(func(b *bolt.Bucket) error {
		for i, p := range pairs {
			if err := b.Put(p.k, p.v); err != nil {
				return fmt.Errorf("raftstore: store log %d: %w", logs[i].Index, err)
			}
		}
		return nil
	})
	if err == nil {
		s.batches.Add(1)
		s.entries.Add(uint64(len(logs)))
	}
	return err
}

// DeleteRange deletes entries with min <= index <= max.
func (s *Store) DeleteRange(min, max uint64) error {
	if min > max {
		return nil
	}
	minKey := u64(min)
	return s.write(func(b *bolt.Bucket) error {
		c := b.Cursor()
		// Re-seek after each delete: deleting under a bbolt cursor shifts
		// the node's elements, so Cursor.Next after Cursor.Delete can skip
		// the entry that moved into the deleted slot.
		for k, _ := c.Seek(minKey); k != nil && binary.BigEndian.Uint64(k) <= max; k, _ = c.Seek(minKey) {
			if err := c.Delete(); err != nil {
				return fmt.Errorf("raftstore: delete range [%d,%d]: %w", min, max, err)
			}
		}
		return nil
	})
}

// write runs fn on the logs bucket in a write transaction, then publishes the
// bucket's new first/last indexes once the commit has succeeded.
func (s *Store) write(fn func(*bolt.Bucket) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var first, last uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLogs)
		b.FillPercent = logsFillPercent
		if err := fn(b); err != nil {
			return err
		}
		first, last = bounds(b)
		return nil
	})
	if err != nil {
		return err
	}
	s.first.Store(first)
	s.last.Store(last)
	return nil
}

// bounds returns the first and last index in the logs bucket, 0 and 0 when
// empty. Two cursor seeks: O(tree depth), cheap next to a commit.
func bounds(b *bolt.Bucket) (first, last uint64) {
	c := b.Cursor()
	if k, _ := c.First(); k != nil {
		first = binary.BigEndian.Uint64(k)
	}
	if k, _ := c.Last(); k != nil {
		last = binary.BigEndian.Uint64(k)
	}
	return first, last
}
