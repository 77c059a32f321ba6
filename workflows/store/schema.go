package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the bucket layout and key encoding described in doc.go. Bump it, and add
// an entry to upgrades, whenever either changes.
const SchemaVersion uint64 = 1

// ErrSchema is wrapped by Open and Restore when a file was written by a newer actorflow (or
// is not an actorflow store at all).
var ErrSchema = errors.New("store: unsupported schema version")

// upgrades[v] migrates a file from schema v to v+1 inside the opening transaction. Open runs
// them in sequence, so an old file is brought up to SchemaVersion in one atomic step. It is a
// variable so tests can prove the hook runs.
var upgrades = map[uint64]func(tx *bolt.Tx) error{}

var (
	bucketMeta         = []byte("meta")
	bucketDefinitions  = []byte("definitions")
	bucketFiles        = []byte("files")
	bucketCoordinators = []byte("coordinators")
	bucketCoordNext    = []byte("idx_coord_next")
	bucketInstances    = []byte("instances")
	bucketInstanceDefs = []byte("instance_defs")
	bucketNodes        = []byte("nodes")
	bucketIdxAll       = []byte("idx_all")
	bucketIdxStatus    = []byte("idx_status")
	bucketIdxWorkflow  = []byte("idx_workflow")
	bucketIdxWfStatus  = []byte("idx_workflow_status")
	bucketIdxGroup     = []byte("idx_group")
	bucketIdxCreated   = []byte("idx_created")
	bucketCounts       = []byte("counts")

	keySchema  = []byte("schema")
	keyApplied = []byte("applied")
)

// allBuckets is every top-level bucket of the current schema.
var allBuckets = [][]byte{
	bucketMeta, bucketDefinitions, bucketFiles, bucketCoordinators, bucketCoordNext,
	bucketInstances, bucketInstanceDefs, bucketNodes, bucketIdxAll, bucketIdxStatus,
	bucketIdxWorkflow, bucketIdxWfStatus, bucketIdxGroup, bucketIdxCreated, bucketCounts,
}

// initSchema creates the buckets of a new file, upgrades an older one, refuses a newer one and
// returns the applied index.
func initSchema(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		// A new file, or a bbolt file that is not a store: only an empty one is adopted.
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			return fmt.Errorf("%w: the file has bucket %q but no schema version; it is not an actorflow store", ErrSchema, name)
		}); err != nil {
			return 0, err
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucket(name); err != nil {
				return 0, err
			}
		}
		meta = tx.Bucket(bucketMeta)
		if err := meta.Put(keySchema, u64(SchemaVersion)); err != nil {
			return 0, err
		}
		return 0, meta.Put(keyApplied, u64(0))
	}
	raw := meta.Get(keySchema)
	if len(raw) != 8 {
		return 0, fmt.Errorf("%w: malformed schema version %x", ErrSchema, raw)
	}
	v := getU64(raw)
	if v > SchemaVersion {
		return 0, fmt.Errorf("%w: the file has schema %d, this actorflow understands up to %d; it was written by a newer actorflow", ErrSchema, v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		up, ok := upgrades[v]
		if !ok {
			return 0, fmt.Errorf("%w: no upgrade from schema %d", ErrSchema, v)
		}
		if err := up(tx); err != nil {
			return 0, fmt.Errorf("store: upgrading schema %d to %d: %w", v, v+1, err)
		}
		if err := meta.Put(keySchema, u64(v+1)); err != nil {
			return 0, err
		}
	}
	for _, name := range allBuckets {
		if tx.Bucket(name) == nil {
			return 0, fmt.Errorf("%w: bucket %q is missing", ErrSchema, name)
		}
	}
	return getU64(meta.Get(keyApplied)), nil
}
