// Package roster is the membership actor: it owns the process's view of which workers and
// controllers are in the gossip cluster, fed by copies of membership events, and tells the
// active master about workers (WorkerUp, WorkerDown) and the controller about controllers
// (for Raft voters).
//
// Invariants:
//   - Gossip callbacks only Send membership.Event values here; nothing in this actor blocks.
//   - The master hears about a worker only while the worker is alive: a worker that left is
//     WorkerDown at once; one gossip declared dead is WorkerDown after Config.DownGrace unless
//     it came back (refuted) with the same boot id meanwhile (then nothing is lost). WorkerDown
//     makes its placed attempts lost (the retry policy decides). A worker that comes back with
//     a new boot id is down-then-up, so its old attempts are lost.
//   - When the master changes (SetMaster), the new one is told about every alive worker at
//     once, in name order.
//   - Drain flags pass through as Worker.Draining: a draining worker takes no new tasks.
package roster
