// Package worker is the worker actor: it runs task attempts for the master through the
// executors and reports their results until the master acknowledges them.
//
// Protocol (actors/messages; every wire message may come bare or in an Envelope, and the
// replies to it take the same form):
//
//   - RunTask → TaskStarted{pid} when the attempt's process starts, then TaskFinished; or
//     RunTaskRejected{code, message}: "conflict" (stale term, or an attempt an earlier,
//     dead incarnation of this worker had), "unavailable" (no free slot, draining,
//     starting up, misconfigured), "invalid" (bad ref or action JSON).
//   - KillTask{reason} → the attempt's TaskFinished says killed, or timed_out for
//     KILL_REASON_TIMED_OUT.
//   - AckTaskFinished → the worker forgets the result.
//   - WorkerStatusRequest → WorkerStatusResponse{running refs, unacknowledged results}.
//
// Events go, with the worker as sender (Request), to the PID that sent the attempt's
// RunTask (so the master must send it with Request from its actor, not RequestFuture,
// whose PID dies with the first answer), until a local MasterChanged names another, or a
// duplicate RunTask comes from another sender. Events of an attempt whose RunTask had no
// sender go to the last MasterChanged PID, or wait for one. Local messages (plain Go
// values; pointers are accepted too): MasterChanged, Drain → Drained.
//
// Spawn the worker from Props under ActorName. Attempt logs live in LogDir(LogRoot, …);
// the attempt's working directory is executors.AttemptDir(WorkRoot, …). A log file exists
// only once its stream has output (executors.OpenAttemptLogs), so readers take a missing
// one as empty. LogRoot may equal WorkRoot: each attempt then has one directory for its
// files and its logs, two fewer directories per attempt that prints anything. At start
// the worker marks both roots chattr +T where the file system knows it (markTopDir), so
// ext4 gives each instance's directory a block group of its own instead of crowding
// (and searching) the group of the root.
//
// Invariants:
//   - Disk: with Config.KeepFiles set, an instance's working and log directories untouched
//     that long are removed (at start, then every HousekeepEvery), never those of an instance
//     with an attempt in hand, never the records' dot directory. The server passes its
//     retention, so a worker's disk follows the pruned state even where the API cannot reach
//     it (a cluster's workers).
//   - Fencing: the worker keeps the highest Raft term it has seen; a RunTask, KillTask or
//     AckTaskFinished with a lower term comes from a deposed master and changes nothing
//     (a stale RunTask is answered "conflict", "stale term").
//   - An attempt, named by (instance, node, attempt), runs at most once per worker: a
//     RunTask for a running attempt re-sends its TaskStarted; for a finished one, the
//     stored TaskFinished; for one acknowledged recently (the last 10k), nothing. Only a
//     Ref the worker never had can start a process.
//   - Results survive the master: a TaskFinished is kept until acknowledged, re-sent on a
//     duplicate RunTask and on MasterChanged, and listed by WorkerStatusResponse.
//   - Events of one attempt leave in order: TaskStarted (if a process started) before its
//     TaskFinished, which is sent once, when the whole process group is gone.
//   - The mailbox never blocks: each attempt runs on a goroutine owned by a per-attempt
//     child actor that reports back by message; the start-up sweep runs on a goroutine
//     too, and task messages wait (in order) until it is done. A task actor is never
//     restarted, which would start its attempt again.
//   - No orphan outlives a dead worker's restart: from its process start until its result
//     is acknowledged an attempt has a record, a line in the worker's append-only journal
//     (<WorkRoot>/.actorflow-worker/<name>/records, journal.go), with its process group
//     id, the leader's start time and the boot id. Before taking any task a worker
//     locks that directory (flock, so the lock dies with its holder; a live
//     worker of the same name makes the new one refuse all tasks), SIGKILLs every recorded
//     group that is still alive and provably the same group (boot id matches, no member
//     older than the recorded leader, a live leader pid has the recorded start time — so a
//     recycled pid is left alone), waits for them to die, and refuses to run any recorded
//     attempt again ("conflict"): the master must dispatch a new attempt.
//   - Task leaders get SIGKILL when the worker dies (PR_SET_PDEATHSIG through the
//     executors). The kernel ties that signal to the forking thread, so the executor
//     keeps its goroutine locked to its OS thread while the leader lives; the leader's
//     own children are not covered and are left to the sweep above.
//
// Residual risks, accepted: a worker killed between a process's start and the write of
// its record (microseconds; a record is one append to the journal) leaves that group
// unrecorded; a group id recycled after the group emptied, by a new group whose live
// members are all younger than the old leader and whose own leader has exited, would be
// taken for ours (this needs a full pid wrap-around meanwhile); and the acknowledged set
// forgets after 10k attempts, so a RunTask delivered later than that would run again.
//
// Drain: new attempts are refused; running ones go on; after the grace they are killed
// ("killed: worker shutting down"); Drained goes to the sender once nothing runs and
// every result is acknowledged, or once nothing runs after the grace, with the count of
// results never acknowledged.
package worker
