// Package store is the FSM state of actorflow's controllers on one bbolt file: definitions,
// xmlconfig file records, coordinator states and instances with their node records. Every
// change arrives as a log entry (a batch of Commands, ARCHITECTURE §3) through Apply, called by
// the raft FSM (cluster/raftfsm) on every controller; everything else reads.
//
// # Determinism
//
// Applying an entry depends only on the entry, its index and the state: commands carry every
// value they write (times, ids), Version and Seq derive from the log index, Prune decides from
// its own Before and the state, and iteration follows bbolt's key order. So every replica,
// and every replay, reaches the same state.
//
// # Entries
//
// Encode/Decode (codec.go): a format byte (1), a uvarint command count, then per command a
// kind byte, a uvarint length and the command as JSON. Decode is strict and never panics
// (FuzzDecode); an unknown kind or format is an error, and Apply rejects such an entry like any
// other. Kind numbers never change meaning. Upgrades: a leader may propose a new kind or
// field only once every controller runs code that knows it; an older replica would reject
// the entry (or drop the field) and diverge.
//
// # Apply
//
//   - One entry, one bbolt transaction: all of its commands or none (ApplyBatch applies several
//     entries in one transaction, for raft's batches).
//   - An entry at or below the applied index is skipped: replays after a restart or Restore are
//     harmless. A rejected entry (duplicate instance id, update of an unknown instance,
//     undecodable bytes) has no effect, its error is the result, and the applied index still
//     moves past it, identically on every replica. The leader validates before proposing, so
//     a rejection is a bug path, not flow control.
//   - Deletes of missing things are no-ops, so a command retried after an unknown outcome
//     (leadership lost mid-commit) does no harm; a retried CreateInstance is rejected with
//     CodeConflict, which a caller can read as "already done".
//   - A storage failure (disk full, I/O error at commit) wraps ErrStorage: the state no
//     longer follows the log, so the FSM must stop, not continue (raftfsm crashes the node).
//   - A rerun that keeps its instance id is DeleteInstance then CreateInstance in one entry.
//
// # Bucket layout (schema version 1, SchemaVersion)
//
// Integers are big-endian; "name\x00" separates a variable part from what follows (names with
// NUL are rejected); time keys are 12 bytes (Unix seconds with the sign bit flipped, then
// nanoseconds) and sort in time order.
//
//	meta                 "schema" → uint64; "applied" → uint64 (last applied log index)
//	definitions          name → DefinitionRecord JSON (Version = index of the last write)
//	files                path → FileRecord JSON
//	coordinators         name → CoordinatorRecord JSON
//	idx_coord_next       time(NextFire) name → ""              (coordinators with a NextFire)
//	instances            id → header JSON: the Instance without Nodes, Version, Group,
//	                     Priority, Seq, NodeCount
//	instance_defs        id → the definition JSON the instance runs (written once)
//	nodes/<id>           node name → uint32 position in document order, NodeRun JSON
//	idx_all              seq → id
//	idx_status           status seq → id
//	idx_workflow         workflow\x00 seq → id
//	idx_workflow_status  workflow\x00 status seq → id
//	idx_group            group\x00 seq → status id              (only instances with a group)
//	idx_created          time(Created) seq → status id
//	counts               "a" | "s"status | "w"workflow | "v"workflow\x00status | "g"group
//	                     → uint64 number of instances in that list (absent at zero)
//
// Seq is index<<SeqShift | position of the command in its entry: creation order, unique, and
// the same on every replica. Lists are newest first by Seq; Unfinished is oldest first.
// The header holds no node data, so updating one node of a 10,000-node instance writes the
// header, that node and a few pages, not the instance. Indexes and counts change only when an
// indexed field (status, workflow, created) changes. idx_all and idx_created only grow at
// their end and use FillPercent 0.9.
//
// # Durability (Options.NoSync)
//
// As a raft FSM the store runs with NoSync: the raft log (fsynced) is the durable record, and
// raft restores its latest snapshot into the FSM at start and re-applies the committed
// entries after it, which the applied-index rule makes idempotent. A process crash (SIGKILL)
// loses nothing the kernel has. An OS crash or power loss can tear an unsynced bbolt file in
// a way bbolt cannot detect, so a NoSync store keeps a marker file (<path>.unclean) that
// exists exactly while it is open; Open finds it only after an unclean end and then discards
// the state (an unreadable file is kept as <path>.discarded) and starts empty, and raft
// rebuilds it. That costs a replay at start after any crash, never a wrong state. A clean
// Close syncs and removes the marker, so a restart after it keeps the state.
//
// Without NoSync every commit is fsynced (~0.5 ms on the reference disk); that is the
// zero value, for tools.
//
// # Snapshots
//
// Snapshot/BeginSnapshot stream a bbolt read transaction (tx.WriteTo): a complete store file
// at one applied index. Restore writes the stream to <path>.restore, syncs it, checks it is a
// store with a schema this code reads (upgrading an older one), renames it over the store and
// only then closes the old handle; the pointer swap happens under a write lock that waits for
// readers in flight. On any error the current state stays. A long snapshot keeps a read
// transaction open; the 1 GiB initial mmap keeps a growing store from waiting on it.
//
// # Schema
//
// Open refuses a file whose schema is newer than SchemaVersion, and a bbolt file that is not
// a store. An older schema is upgraded by the functions in upgrades, in sequence, inside the
// opening transaction.
package store
