package raftstore

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ErrKeyNotFound is returned by Get for a missing key. raft recognises a
// missing key by this exact text ("not found"), as produced by its own
// InmemStore and by raft-boltdb; do not reword it.
var ErrKeyNotFound = errors.New("not found")

// Set stores val under key. A nil val deletes the key, matching InmemStore,
// whose Get reports a nil value as missing.
func (s *Store) Set(key []byte, val []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketConf)
		if val == nil {
			return b.Delete(key)
		}
		return b.Put(key, val)
	})
}

// Get returns a copy of the value under key, or ErrKeyNotFound.
func (s *Store) Get(key []byte) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketConf).Get(key)
		if v == nil {
			return ErrKeyNotFound
		}
		// Non-nil even when empty: an empty value is present, not missing.
		out = append(make([]byte, 0, len(v)), v...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetUint64 stores val under key as 8 big-endian bytes.
func (s *Store) SetUint64(key []byte, val uint64) error {
	return s.Set(key, u64(val))
}

// GetUint64 returns the value under key, or 0 and no error when the key is
// missing (InmemStore's behaviour; raft treats both the same).
func (s *Store) GetUint64(key []byte) (uint64, error) {
	v, err := s.Get(key)
	if errors.Is(err, ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("raftstore: key %q holds %d bytes, not a uint64", key, len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}
