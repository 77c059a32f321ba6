package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Definition returns one definition.
func (s *Store) Definition(name string) (rec DefinitionRecord, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		ok, err = getJSON(tx.Bucket(bucketDefinitions), []byte(name), &rec)
		return err
	})
	return rec, ok, err
}

// Definitions returns every definition, by name.
func (s *Store) Definitions() ([]DefinitionRecord, error) {
	return listAll[DefinitionRecord](s, bucketDefinitions)
}

// Files returns every file record, by path.
func (s *Store) Files() ([]FileRecord, error) { return listAll[FileRecord](s, bucketFiles) }

// Coordinator returns one coordinator's state.
func (s *Store) Coordinator(name string) (rec CoordinatorRecord, ok bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		ok, err = getJSON(tx.Bucket(bucketCoordinators), []byte(name), &rec)
		return err
	})
	return rec, ok, err
}

// Coordinators returns every coordinator's state, by name.
func (s *Store) Coordinators() ([]CoordinatorRecord, error) {
	return listAll[CoordinatorRecord](s, bucketCoordinators)
}

// DueCoordinators returns the coordinators whose NextFire is at or before until, earliest
// first (ties by name). Coordinators without a NextFire are never due. (Addition to the
// contract: it serves the NextFire index the contract mentions.)
func (s *Store) DueCoordinators(until time.Time) ([]CoordinatorRecord, error) {
	var out []CoordinatorRecord
	err := s.view(func(tx *bolt.Tx) error {
		coords := tx.Bucket(bucketCoordinators)
		end := timeKey(until)
		cur := tx.Bucket(bucketCoordNext).Cursor()
		for k, _ := cur.First(); k != nil && bytes.Compare(k[:12], end) <= 0; k, _ = cur.Next() {
			var rec CoordinatorRecord
			ok, err := getJSON(coords, k[12:], &rec)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("store: idx_coord_next names missing coordinator %q", k[12:])
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

func listAll[T any](s *Store, bucket []byte) ([]T, error) {
	var out []T
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			var rec T
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("store: %s/%q: %w", bucket, k, err)
			}
			out = append(out, rec)
			return nil
		})
	})
	return out, err
}

// getJSON decodes b[key] into v; ok is false when the key is absent.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("store: %q: %w", key, err)
	}
	return true, nil
}
