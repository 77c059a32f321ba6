package store

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultLockTimeout is how long Open waits for another process to release the file.
const DefaultLockTimeout = time.Second

// initialMmapSize reserves address space up front so the file can grow to 1 GiB without a
// remap. A remap waits for every open read transaction, and a snapshot being streamed to raft
// is a long one; without the reservation a growing store could stall Apply behind it. The
// reservation costs address space only, not memory or disk.
const initialMmapSize = 1 << 30

var (
	// ErrLocked is wrapped by Open's error when another handle, usually another actorflow
	// process, holds the file.
	ErrLocked = errors.New("store: database file is locked")

	// ErrClosed is returned by every method of a closed Store.
	ErrClosed = errors.New("store: closed")

	// ErrStorage marks a failure of the disk or of bbolt rather than a rejected command: the
	// entry's effect is unknown, so a raft FSM must not carry on as if it had applied (or
	// rejected) it. raftfsm crashes the node on it; the log rebuilds the state on restart.
	ErrStorage = errors.New("store: storage failure")
)

// Options tune Open. The zero value syncs every commit (the safe default for tools).
type Options struct {
	// NoSync skips fsync on commit. Set it (raftfsm does) when the store is a raft FSM: the
	// raft log is the durable record, and the FSM is rebuilt from the latest snapshot and
	// the log. A process crash loses nothing here (bbolt's pages are in the OS page cache);
	// after an OS crash the file may be torn, so a store opened with NoSync that was not
	// closed cleanly starts empty and lets raft rebuild it (see doc.go, "Durability").
	NoSync bool

	// LockTimeout bounds the wait for the file lock; 0 means DefaultLockTimeout. It is never
	// "wait forever": a controller hanging at start-up helps nobody.
	LockTimeout time.Duration

	// Logger receives the rare notable events (an unclean file discarded at Open). nil means
	// slog.Default().
	Logger *slog.Logger
}

// Store is the FSM state: definitions, files, coordinators and instances on one bbolt file.
// All methods are safe for concurrent use; writes (Apply, Restore) are meant to come from one
// goroutine, the raft FSM's.
type Store struct {
	path string
	opts Options
	log  *slog.Logger

	// mu guards the db pointer, which Restore replaces: every use of db holds mu.RLock,
	// Restore and Close hold mu.Lock, so a reader never sees a closed handle.
	mu sync.RWMutex
	db *bolt.DB

	applied atomic.Uint64
}

var (
	_ Reader = (*Store)(nil)
	_ Writer = (*Store)(nil)
)

// Open opens or creates the store at path.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	s := &Store{path: path, opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	dirty, err := markerExists(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db, err := s.openBolt(path)
	if err != nil && !errors.Is(err, ErrLocked) && dirty && opts.NoSync {
		// Debris of an OS crash that bbolt cannot even read. Its content is rebuilt from
		// raft either way; keep it aside for a post-mortem rather than deleting it.
		aside := path + ".discarded"
		s.log.Warn("store: unreadable after an unclean shutdown; setting it aside, raft rebuilds the state",
			"file", path, "moved_to", aside, "error", err)
		if rerr := renameSync(path, aside); rerr != nil {
			return nil, fmt.Errorf("store: open %s: %w (and moving it aside failed: %v)", path, err, rerr)
		}
		db, err = s.openBolt(path)
	}
	if err != nil {
		return nil, err
	}
	s.db = db
	if dirty {
		if opts.NoSync {
			s.log.Warn("store: the previous run did not close cleanly; starting empty, raft rebuilds the state from its snapshot and log",
				"file", path)
			if err := s.reset(); err != nil {
				_ = db.Close()
				return nil, fmt.Errorf("store: open %s: discarding unclean state: %w", path, err)
			}
		} else {
			s.log.Warn("store: the file was last used without fsync and not closed cleanly; it may lack its last writes",
				"file", path)
		}
	}
	var applied uint64
	if err := s.db.Update(func(tx *bolt.Tx) (err error) {
		applied, err = initSchema(tx)
		return err
	}); err != nil {
		_ = s.db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s.applied.Store(applied)
	if opts.NoSync {
		if err := createMarker(path); err != nil {
			_ = s.db.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	}
	return s, nil
}

// openBolt opens one bbolt file with the store's settings. It turns a lock timeout into
// ErrLocked and a panic on a torn file into an error.
func (s *Store) openBolt(path string) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: open %s: %w: corrupt file: %v", path, ErrStorage, r)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         s.opts.LockTimeout,
		NoSync:          s.opts.NoSync,
		InitialMmapSize: initialMmapSize,
		// Instances are pruned, so pages are freed all the time; not writing the free list
		// on every commit keeps commits small, at the price of a page scan at open. (The
		// raft log store makes the same choice.)
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: %w: another actorflow process is probably using it (waited %s for the lock)",
			path, ErrLocked, s.opts.LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

// Path returns the file the store lives in.
func (s *Store) Path() string { return s.path }

// Close flushes and closes the store. With NoSync it syncs the file first, then removes the
// unclean-shutdown marker, so the next Open keeps the state. Safe to call more than once.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	db := s.db
	s.db = nil
	var syncErr error
	if s.opts.NoSync {
		syncErr = db.Sync()
	}
	if err := errors.Join(syncErr, db.Close()); err != nil {
		// The marker stays: the next Open treats the file as unclean.
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	if s.opts.NoSync {
		if err := removeMarker(s.path); err != nil {
			return fmt.Errorf("store: close %s: %w", s.path, err)
		}
	}
	return nil
}

// AppliedIndex is the index of the last log entry applied (0 for a new store).
func (s *Store) AppliedIndex() uint64 { return s.applied.Load() }

// view runs fn in a read transaction: one consistent snapshot of the whole state.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return ErrClosed
	}
	return s.db.View(fn)
}
