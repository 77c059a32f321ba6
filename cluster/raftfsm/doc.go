// Package raftfsm connects the FSM state (workflows/store) to raft (cluster/raftgroup): FSM is
// the raft.FSM over a *store.Store, and Log is the master's write path, encoding commands
// into one raft entry each.
//
// # Invariants
//
//   - Every durable change is a store.Command in a raft entry; the FSM is the only writer of
//     the store (ARCHITECTURE §3). Log.Apply returns after the entry is committed and applied
//     locally, so effects that follow it happen after commit.
//   - An entry's rejection by the store is deterministic (same on every replica) and comes
//     back as Log.Apply's error. A storage failure is not: the FSM calls Options.Fatal
//     (default: panic), because a replica whose state stopped following the log must not
//     answer, and a restart rebuilds it.
//   - The store runs without fsync (OpenStore). Safety after a crash rests on raft: at start it
//     restores the latest snapshot into the store and re-applies the committed entries after
//     it; the store skips entries at or below its applied index, and discards its file after
//     an unclean end (see package store, "Durability"). TestSIGKILLLosesNothingCommitted
//     kills a real process mid-stream to check this.
//   - Snapshot is cheap (a bbolt read transaction, taken on raft's FSM goroutine at the
//     snapshot's index); Persist streams it while applies continue.
//   - ApplyBatch applies raft's whole batch in one store transaction, so the FSM's cost under
//     concurrent proposers is one commit per batch, as the raft log's is.
//   - Non-command log entries (configuration, no-op, barrier) never reach the store.
//   - Shut the raft group down before closing the store: an Apply reaching a closed store is
//     a storage failure.
package raftfsm
