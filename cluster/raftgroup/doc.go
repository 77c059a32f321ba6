// Package raftgroup runs one hashicorp/raft node for actorflow's controllers:
// the log and stable store in Dir/raft.db (package raftstore), snapshots in
// Dir/snapshots (raft.FileSnapshotStore), and a TCP transport.
//
// The Raft leader is actorflow's master; followers are standbys applying the
// same log (ARCHITECTURE §3). standalone mode runs a one-voter group through
// this same package, not a shortcut.
//
// # Invariants
//
//   - Open never bootstraps over existing state: with Config.Bootstrap set, a
//     one-voter configuration (this node) is written only when Dir holds no
//     log, term or snapshot. Restarting a bootstrapped node is therefore safe.
//   - Restart from the same Dir restores the FSM: raft restores the newest
//     snapshot at Open and replays committed entries after it once a leader
//     (possibly this node) has advanced the commit index. Callers that read
//     the FSM after becoming leader must call Barrier first.
//   - Apply returns only after the command is committed and applied to the
//     local FSM, or with an error. ErrNotLeader (as *NotLeaderError) means
//     the command was not accepted and can be retried on the leader.
//     ErrLeadershipLost, a context error, and ErrShutdown for a call in
//     flight when Shutdown began mean the outcome is unknown: the command
//     may still commit, so commands must be idempotent (they carry attempt
//     ids and terms, §3).
//   - No call blocks past Shutdown. raft v1.8.0 with BatchApplyCh can leave
//     a queued command unanswered when it stops; every wait also watches
//     for the group's end.
//   - An FSM response that is an error is returned as Apply's error, so FSM
//     rejections need no type switch at every call site.
//   - LeaderCh channels never block raft: each holds the latest leadership
//     state only (a slow reader may miss a lose/regain pair, so readers that
//     care about fencing compare Term()). They are closed by Shutdown after a
//     final false.
//   - Commands go through raft's group commit: BatchApplyCh lets concurrent
//     Apply calls queue, and the leader writes each queue drain with one
//     StoreLogs (one bbolt transaction, one fsync pair) and one
//     AppendEntries per follower.
//   - The address stored in the raft configuration is this node's transport
//     address. Multi-voter nodes must restart on the same BindAddr (or
//     AdvertiseAddr): peers dial what the configuration says.
//
// # Timing (Tuning defaults, loopback / LAN)
//
// raft's defaults (1 s heartbeat and election timeouts) are for WANs. On a
// LAN the round trip is well under a millisecond, so:
//
//   - HeartbeatTimeout 300 ms: a follower that hears nothing for a random
//     300–600 ms starts a (pre-)vote. The leader sends heartbeats every
//     HeartbeatTimeout/10 = 30 ms, so ten are lost before anyone reacts.
//   - ElectionTimeout 300 ms: a split vote is retried after 300–600 ms.
//   - LeaderLeaseTimeout 250 ms: a leader cut off from its quorum steps down
//     within 250 ms, before the followers' earliest election (300 ms); an
//     isolated old master stops acting before a new one starts.
//   - Failover after a leader dies is thus typically 0.3–0.7 s and ≤ ~1.3 s
//     with one split vote, inside the 2 s budget (§3). A single bootstrapped
//     voter elects itself after one heartbeat timeout (0.3–0.6 s).
//   - CommitTimeout 20 ms: an idle leader tells followers the new commit
//     index within 20–40 ms, so standbys' FSMs trail the master by that much
//     at most when traffic stops (raft's default is 50 ms).
//   - MaxAppendEntries 256: the size of both the apply queue (BatchApplyCh)
//     and the largest batch per disk write and per AppendEntries RPC. With
//     commands of a few hundred bytes a full batch is ~100 KB.
//   - SnapshotThreshold 8192, SnapshotInterval 30 s, TrailingLogs 10240:
//     snapshot after 8k new entries, checked every 30–60 s, keeping 10k
//     entries so a standby that was briefly away catches up from the log
//     instead of receiving a whole snapshot. Two snapshots are retained.
//
// Lower timeouts would fail over faster but make a busy 2-core controller
// (GC pauses, fsync stalls) depose a healthy leader; measure before going
// below ~200 ms.
package raftgroup
