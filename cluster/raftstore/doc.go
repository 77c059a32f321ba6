// Package raftstore implements hashicorp/raft's LogStore and StableStore on a
// single bbolt file.
//
// raft-boltdb/v2 cannot be used beside memberlist v0.7.0 and raft v1.8.0 (it
// imports go-metrics/compat, removed in go-metrics v0.7.0; see
// shared/reference/stack.md §8), so this package is the small replacement the
// architecture (§3) allows.
//
// # Layout
//
// One bbolt file, three buckets:
//
//   - "logs": key = 8-byte big-endian raft index, value = one encoded
//     raft.Log (see codec.go). Big-endian keys make bbolt's byte order equal
//     to index order, so first/last/range operations are cursor walks.
//   - "conf": raft's StableStore (current term, last vote, ...). Byte values
//     are stored as given; uint64 values as 8-byte big-endian.
//   - "meta": the schema version under key "schema". Open refuses a file with
//     a schema it does not know rather than misreading it.
//
// # Invariants
//
//   - StoreLogs writes all of its entries in one bbolt transaction, so a batch
//     is durable as a whole or not at all, and costs one commit (two fsyncs)
//     whatever its size. raft's leader groups queued Applies into one
//     StoreLogs call; this is where that batching pays.
//   - FirstIndex and LastIndex are served from a cache that is recomputed from
//     the bucket inside every write transaction and published only after that
//     transaction commits. Writers are serialised by a mutex so the cache is
//     published in commit order (raft calls StoreLogs from its main loop and
//     DeleteRange from its snapshot goroutine, concurrently).
//   - Both are 0 when the log is empty, as raft requires.
//   - GetLog of a missing index returns raft.ErrLogNotFound, exactly.
//   - StableStore semantics copy raft's InmemStore: Get of a missing key
//     returns an error whose text is "not found" (raft compares that text),
//     GetUint64 of a missing key returns 0 and no error. Set with a nil value
//     deletes the key, so a later Get reports "not found" as InmemStore does.
//     Unlike InmemStore, byte and uint64 values share one key space (as in
//     raft-boltdb); GetUint64 of a key whose value is not 8 bytes is an error.
//   - Returned byte slices are copies; nothing aliases bbolt's mmap after a
//     transaction ends.
//   - The file is locked (flock) while open. A second Open, from this or
//     another process, fails after Options.LockTimeout (default 1 s) with an
//     error that wraps ErrLocked and names the file, instead of hanging.
//   - Durability: every write transaction is fsynced unless Options.NoSync is
//     set (tests and benchmarks only: an OS crash or power loss can then lose
//     acknowledged entries, which breaks raft's safety).
//
// The store does not implement raft.MonotonicLogStore (gaps are tolerated)
// nor raft.CommitTrackingLogStore (RestoreCommittedLogs is not used).
package raftstore
