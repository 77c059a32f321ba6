package raftstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/raft"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

var (
	bucketLogs = []byte("logs")
	bucketConf = []byte("conf")
	bucketMeta = []byte("meta")
	keySchema  = []byte("schema")
)

// schemaVersion is the layout described in doc.go. Bump it (and teach Open to
// migrate) whenever the bucket layout or key encoding changes.
const schemaVersion uint64 = 1

// DefaultLockTimeout is how long Open waits for the file lock.
const DefaultLockTimeout = time.Second

var (
	// ErrLocked is wrapped by Open's error when another handle (usually
	// another process) holds the file lock.
	ErrLocked = errors.New("raftstore: database file is locked by another process")

	// ErrSchema is wrapped by Open's error when the file was written with a
	// schema this code does not understand.
	ErrSchema = errors.New("raftstore: unsupported schema version")
)

// Compile-time proof that Store is what raft needs.
var (
	_ raft.LogStore    = (*Store)(nil)
	_ raft.StableStore = (*Store)(nil)
)

// Options tune Open. The zero value is the production setting.
type Options struct {
	// LockTimeout bounds the wait for the file lock. 0 means
	// DefaultLockTimeout; it is never "wait forever", because a controller
	// that hangs at start-up is worse than one that exits with a reason.
	LockTimeout time.Duration

	// NoSync skips fsync on commit. For tests and benchmarks only.
	NoSync bool
}

// Store is a raft.LogStore and raft.StableStore on one bbolt file. It is safe
// for concurrent use.
type Store struct {
	db   *bolt.DB
	path string

	// wmu serialises write transactions together with the publication of
	// first/last, so the cache never goes back in time (see doc.go).
	wmu   sync.Mutex
	first atomic.Uint64
	last  atomic.Uint64

	batches atomic.Uint64 // committed StoreLogs calls
	entries atomic.Uint64 // entries written by them
}

// Counters are cumulative write statistics since Open. Entries/Batches is
// the mean group-commit size raft achieved.
type Counters struct {
	Batches uint64 // StoreLogs calls committed (one transaction each)
	Entries uint64 // log entries they wrote
}

// Counters returns the write statistics since Open.
func (s *Store) Counters() Counters {
	return Counters{Batches: s.batches.Load(), Entries: s.entries.Load()}
}

// Open opens or creates the store at path.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: timeout,
		NoSync:  opts.NoSync,
		// Freelist left at bbolt's defaults (synced, array): NoFreelistSync
		// plus the hashmap freelist measured no faster on 1- and 64-entry
		// appends here, and would add a free-page scan at every open.
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("raftstore: open %s: another process holds the lock (waited %s): %w", path, timeout, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("raftstore: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("raftstore: open %s: %w", path, err)
	}
	return s, nil
}

// init creates the buckets, checks the schema and loads the index cache.
func (s *Store) init() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var first, last uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		if v := meta.Get(keySchema); v != nil {
			if len(v) != 8 || binary.BigEndian.Uint64(v) != schemaVersion {
				return fmt.Errorf("%w: file has %x, code knows %d", ErrSchema, v, schemaVersion)
			}
		} else if err := meta.Put(keySchema, u64(schemaVersion)); err != nil {
			return err
		}
		logs, err := tx.CreateBucketIfNotExists(bucketLogs)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(bucketConf); err != nil {
			return err
		}
		first, last = bounds(logs)
		return nil
	})
	if err != nil {
		return err
	}
	s.first.Store(first)
	s.last.Store(last)
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock. The store must not be used after.
func (s *Store) Close() error {
	return s.db.Close()
}

// u64 encodes v as 8 big-endian bytes, the key format of the logs bucket.
func u64(v uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), v)
}
