// Package gateway implements httpapi.Backend for a controller process: the HTTP actor's view
// of the node. Reads are served from the controller's own store replica (ARCHITECTURE §4:
// reads that may be stale are served by any controller); changes are asked of the master
// through MasterAPI (a *master.Client), which bounds each call with its own timeout.
// Standalone today; in a cluster the composition root supplies Members and Ready.
//
// # Invariants
//
//   - No read goes through the master's mailbox, and no change goes to the store: the store
//     is written only by the raft FSM. (Members and the default Ready ask the master's Status,
//     which is live state, not history.)
//   - Every error leaving the gateway carries a workflows.Code (mapErr): the master's codes
//     pass unchanged (an invalid definition keeps every Problem), a context's end is timeout or
//     unavailable, a closed store is unavailable, anything else is internal.
//   - Values handed to callers never share memory with the caches (rows are copied).
//   - The only polling is a followed log (follow.go); nothing else runs on a timer and the
//     gateway starts no goroutine that outlives a call.
//
// # Workflow list and cache
//
// Parsing a definition (xmlspec.Load: parse, validate, cron) is the dear part of a row, so
// each (name, version) is parsed once (entry) and kept while that version is current. A
// snapshot holds every entry sorted by name; a list filters it (dir is a path prefix:
// "/a" matches "/a" and "/a/b", not "/ab"; q is a case-insensitive substring of name, desc,
// dir or creator), pages it, and only then reads the coordinator records of the page's rows
// (next fire and dependency readiness). Measured on two cores with 10,000 definitions: a
// warm page of 50 costs 0.3–0.9 ms; the first list parses everything (≈1.5 s; Warm does it
// ahead); re-reading the definitions when the store moved costs ≈130 ms, almost all of it
// decoding the records' XML, because store.Reader can only list whole records.
//
// Hence the freshness rule: a snapshot is reused while the store's applied index is unchanged,
// or while it is younger than Config.ListMaxStale (1 s) — on a busy node the index moves with
// every task. A change made through this gateway (put, delete) invalidates it at once, so a
// client sees its own writes. While one caller rebuilds, others get the previous snapshot. A
// workflow's detail always reads its record from the store.
//
// # Rows
//
//   - A standalone (2017) coordinator is a definition and is listed (node_count 0, no graph);
//     a workflow without a coordinator of its own shows the schedule of the first standalone
//     coordinator, by name, that targets it.
//   - enabled: the definition is enabled (its file was not removed), its coordinator is
//     (is-enabled), and no operator switched it off (store.SetEnabled, read per row with
//     CoordinatorDisabled, so a switch shows at once whatever the snapshot's age). A disabled
//     coordinator shows no next_fire, even though its state keeps a slot. SetWorkflowEnabled
//     asks the master to switch it.
//   - next_fire comes from the coordinator record's state (the master's schedule.State JSON,
//     plus fields ignored here), else from the record's indexed NextFire. Dependencies are
//     ready when State.Deps.Ready counts them for the pending slot (policy and zone of the
//     coordinator; Config.Location when it has no timezone).
//   - params are the names used through ${param:…} anywhere in the XML, comments excepted.
//   - source_file: for an xmlconfig file, the path under Config.XMLConfigDir when set (a path
//     on this host), else the path relative to it; for an upload, the path the client named or
//     "api".
//   - A stored definition that no longer loads is listed with its errors among its warnings.
//
// # Instances
//
// Lists are the store's pages (newest first, headers only; status accepts every alias of
// workflows.ParseInstanceStatus). A detail lists nodes in document order with kind and type
// from the definition the instance runs (decoded leniently: see defnodes.go) and every attempt.
// DeleteInstance removes the instance through the master, then its log directory on this host.
//
// # Logs
//
// Each attempt's log is read where it ran: from Config.LogRoot (worker.LogDir) when the
// attempt's worker is this process (standalone, WorkerLogs nil), else from the worker's log
// server (Config.WorkerLogs → actors/worker/logserver), and locally again when gossip does not
// know the worker but LogRoot is set. A worker that is gone or does not answer costs each of
// its sections one line saying so, never the whole read. Following reads a live remote log
// with ranged requests (?offset=, 2 s timeout per poll, retried at the next poll) and the
// final stitched view once the store says the attempt ended. Layout, as tail(1):
//
//	==> node a, attempt 1 (succeeded) <==
//	…stdout…
//
//	==> node a, attempt 1 (succeeded), stderr <==
//	…stderr…
//
// A header starts on a line of its own and, after earlier output, a blank line. With a node,
// its stdout comes without a header (it reads like the file); stderr follows under its
// header, and is left out when empty. Without a node, every action node that has an attempt
// is shown in document order, each with a header. Not following, each file is the stitched
// view of executors.ReadLog (head, marker, tail of a capped log, live or finished), read only
// when reached. attempt needs node; 0 is the latest. Unknown instance, node, attempt, or a
// control node: not found. An attempt without a file (dispatched, or silent on that stream:
// the worker creates a log with its first byte): empty.
//
// Following polls every Config.LogPoll (150 ms): each followed file is read from where it was
// left, and the store every second poll. fsnotify was not used because the end is decided by
// the store, which has no change feed, and because files of attempts not started (and of
// retries) live in directories that do not exist yet. It follows the chosen attempt and, with
// attempt 0, every later one (retries, loops), stdout and stderr, with a header whenever the
// output switches files. When the store says an attempt finished, its log is closed (the
// worker closes logs before reporting), so one last read of its stitched view drains it. The
// stream ends (io.EOF) when the attempt asked for finished, or else when the instance finished
// (or was deleted), once everything is drained; cancelling the context or Close ends it early.
//
// # Dashboard
//
// Front reads the store only: 7 days of counts (oldest first, every day present, in
// Config.Location), up to 100 running instances with nodes, the 20 latest finishes (from the
// 20 newest of each terminal status, by end time), the queue (instances in prep), failing
// workflows (defined workflows among the newest 1,000 failures whose newest finished instance
// failed), the number of definitions and of xmlconfig files in error.
//
// Failing workflows and files in error come from reads the store answers without decoding
// records (front_reads.go): LatestFinished (three index seeks per candidate workflow, in one
// transaction) and FileStatusCounts (the status field of each file record). With 10,000 workflows, 100,000
// instances and 10,000 files the dashboard went from 0.4–1 s to ≈ 35 ms on two busy cores;
// what remains is mostly the 7 days of counts (a scan of the creation index) and the
// headers of the newest 1,000 failures. A Reader without these reads gets the general lists.
//
// # xmlconfig files
//
// ListXMLFiles pages the file records by path and filters them by status through the store's
// FilesPage, which decodes only the page's records; no limit lists every file, as before pages.
//
// TriggerBlood, ResetAll and TodayTriggerLeft answer CodeUnsupported: they need master support
// that later issues bring.
package gateway
