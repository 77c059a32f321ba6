// Package master is the active master actor (hosted by the Raft leader), its run supervisors
// and its committer (ARCHITECTURE §3, §4, §9). Start it with Props(Config); talk to it with a
// Client (or the exported request messages).
//
// # Actors
//
//	master                 definitions, coordinators, admission, workers and placement
//	├── committer          the one writer of the Log; batches commands while an Apply runs
//	└── run supervisor ×N  one per admitted instance; owns its *workflows.Run
//
// # Invariants
//
//   - Every durable change is a store.Command committed through the committer, and every
//     effect happens only after the commit that records it: a RunTask after its dispatched
//     attempt, an AckTaskFinished after the result, a queued instance after its
//     CreateInstance, an instance of a fire after the coordinator's new state (same entry).
//     Effects of later events wait behind the commits of earlier ones (commitQueue keeps the
//     order per requester; the committer answers each requester in order).
//   - No mailbox waits on I/O. Log.Apply runs in the committer's goroutine; store reads, XML
//     parsing, attachment reads and backfill expansion run in goroutines and come back as
//     messages (asyncDone, supRead); worker status asks use RequestFuture + ReenterAfter. (One
//     exception, CPU only: a coordinator's fire re-parses its workflow in place when the model
//     is not cached, see Definitions.)
//   - No polling. Coordinators share one Clock timer for the earliest next event
//     (schedule.Evaluate's Wake, the daily 23:59 reset), armed from a min-heap of wake-ups;
//     retries and timeouts are per-instance Clock timers; the retention prune is one timer per
//     period; everything else is events.
//   - No event walks every coordinator: it evaluates only those it affects (a definition's
//     own, a reset or triggered one, the dependents of a succeeded workflow through an
//     upstream index, the due ones when the timer fires), so loading n definitions is
//     O(n log n), not O(n²).
//   - The hot path (a task's result → the next task's RunTask) costs exactly one commit: the
//     supervisor's UpdateInstance carries the finished attempt and the new dispatched one, and
//     the finished attempt's TaskStarted if it was still held (see Run supervisors).
//   - A fatal Log error (Config.Fatal: not the leader, outcome unknown) deposes the master at
//     once: the committer fails everything queued, the master answers CodeUnavailable, calls
//     Config.OnDeposed and stops with its children. Nothing is dispatched after that.
//   - Fencing: every RunTask, KillTask and AckTaskFinished carries Config.Term. Results are
//     accepted whatever term they answer (tasks outlive a failover); the engine ignores those
//     for attempts it no longer waits for, and they are still acknowledged so the worker can
//     forget them.
//   - Messages are immutable once sent. Local messages are plain Go types; only the
//     actors/messages protobufs cross processes.
//
// # Activation and recovery
//
// A new master reads definitions (re-parsed with xmlspec.Load), coordinator states and
// unfinished instances from Config.Store, off the mailbox, deferring every message that
// arrives meanwhile. Queued instances go back to the queue in creation order; running ones get
// a supervisor through workflows.Restore (which re-arms their timers). The attempts the store
// says are in flight are settled by asking every known worker (WorkerStatusRequest, bounded
// by WorkerAskTimeout): still running → the master keeps waiting (its slot counts); a result
// the worker still holds → delivered like any result; otherwise → TaskLost, and the retry
// policy decides. Running attempts of instances the master does not know are killed. Until
// this completes nothing is placed or admitted. If no worker is known but attempts are in
// flight, the master first waits WorkerAskTimeout for a WorkerUp (the composition root should
// pass the workers it knows in Config.Workers).
//
// Cron slots missed while no master ran fire as TriggerCatchup instances with their slot as
// scheduled time, by the coordinator's policy: latest (default) the most recent one, all every
// one (at most schedule.DefaultMaxCatchup), none nothing. Only pure cron coordinators catch
// up: one with dependencies keeps its pending slot and fires it, late, once its upstreams are
// ready (schedule.Evaluate).
//
// # Definitions
//
// A definition with errors changes nothing (a file's status records its problems, PutFile).
// The master keeps of a definition its XML, its coordinator (sharing parsed schedules and time
// zones with the others) and its instance-limit, not its parsed model: the model is re-parsed
// from the XML when an instance is built, through a small LRU cache (requests parse a missing
// model off the mailbox; a fire, committed together with its coordinator's state, parses in
// place, ~0.1 ms for a small workflow). A definition's put, file status and coordinator
// evaluation are one commit request, so the committer batches concurrent puts.
// Re-putting identical content is a no-op. Replacing a definition keeps its coordinator's
// dependency flags and last fire, and recomputes the next fire when the schedule, window or
// enabled state changed. Every instance stores the expanded *workflows.Workflow it runs
// (CreateInstance.Definition) and is restored from it, so an instance keeps the version it
// started with. A removed file disables its coordinator (PutDefinition with Enabled=false)
// and keeps the history. A workflow another coordinator depends on cannot be deleted
// (CodeConflict listing them).
//
// # Coordinators and instances
//
// Coordinator state changes in memory at once and is committed in the same entry as the
// instances it creates; commits are ordered, so the store sees the same sequence and a fire
// is recorded (State.LastFired) with its instances, never lost or doubled. Params are
// evaluated with params.EvalList at the fire's scheduled time (the creation time for manual
// triggers and runs), then the workflow is expanded with params.ExpandWorkflow; an unknown
// ${param:x} fails a request with CodeInvalid naming x, and a scheduled fire with such a
// problem is recorded as a failed instance saying why. ${output:…} is resolved at dispatch
// (params.ResolveActionOutputs).
//
// Triggers: schedule (cron or dependency fire), trigger (coordinator params + overrides;
// clears the coordinator's flags and recomputes its next fire; ignore_nodes ignores those
// actions and resets every other action's is-ignore, akkaflow §6.4; a 2017 workflow without
// an embedded coordinator takes the params of the first standalone coordinator that targets
// it), run (only the given params; its success satisfies nothing downstream), rerun (a new
// instance, RerunOf = the old one, with its params and scheduled time, time expressions at
// that logical date; the workflow's current definition, or the one the instance ran if the
// workflow was deleted), backfill (one instance per cron slot in [from, to), in a group),
// catchup. The success of an instance whose trigger SatisfiesDependencies satisfies every
// coordinator depending on its workflow (with its scheduled time) and re-evaluates them in
// the same commit.
//
// # Admission
//
// The queue is ordered by (workflow priority desc, creation order asc). An instance starts
// when its workflow has fewer RUNNING instances than its instance-limit (default 1; the
// current definition's, as akkaflow), fewer than GlobalParallelism run in total (0 =
// unlimited), and, for a backfill group, fewer than the group's parallel run. A held instance
// does not hold back other workflows; the global limit stops the scan. A backfill group's
// parallelism is encoded in its id ("<id>-p<n>"), so a restarted master still knows it.
//
// # Placement
//
// Dispatches wait in a queue ordered by (action priority desc, workflow priority desc,
// arrival). Each goes to the least-loaded worker (share of slots used) with a free slot that
// offers every label the action asks for (exact strings) and, when the action has a host,
// whose host or name equals it. A pinned or labelled dispatch that no registered worker could
// ever take fails after HostWait (default 30 s) with a message saying what was missing; an
// unconstrained one waits for any worker. RunTask is sent with Request, so workers answer the
// master. A rejection with code unavailable re-queues the dispatch and counts that worker as
// full until one of its tasks ends; any other rejection fails the attempt. WorkerDown makes
// every attempt placed on that worker lost. Slots are released on TaskFinished, rejection and
// loss. Script and file-executor attachments are read (off the mailbox) relative to the
// definition's source file directory inside XMLConfigDir (XMLConfigDir itself for API
// uploads), or from their absolute path; an unreadable one fails the attempt.
//
// # Run supervisors
//
// A supervisor feeds events to its Run (Start, task results, its Clock timers, kill), commits
// each result that changed anything as one UpdateInstance (header always, plus the changed
// node records), and only then carries out the effects, in order. A commit the log rejects
// (a bug path) takes the instance out of service: its results are no longer acknowledged, so
// the workers keep them and a restarted master recovers the instance completely. A supervisor
// that stops unexpectedly is handled the same way.
//
// A TaskStarted is applied to the engine at once but not committed on its own: it rides with
// the instance's next commit, or is written alone after 50 ms (startedFlushDelay, on the
// Clock) if nothing else committed. A task that ends at once thus costs one commit, not two;
// nothing depends on TaskStarted being durable, and an attempt a crash leaves "dispatched" in
// the store is settled like any in-flight attempt (the new master asks the workers).
//
// # Deliberate differences from akkaflow
//
//   - A queued instance can be killed (akkaflow answered "not found").
//   - A rerun is a new instance (history kept), not an overwrite of the old one.
//   - The daily 23:59 dependency reset applies only to coordinators with depend-reset="daily";
//     by default successes count for the slot of the same date (schedule package).
package master
