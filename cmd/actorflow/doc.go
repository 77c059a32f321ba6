// Command actorflow is actorflow's single binary: the server roles (standalone, master,
// standby, worker, http; wired by serverCommands) and the client commands people and scripts
// use, which reach a server only through actors/httpapi/client:
//
//	actorflow workflow add|check|del|info|list|files|reset|enable|disable|trigger|run|backfill
//	actorflow instance info|log|kill|rerun|del|search
//	actorflow front
//	actorflow cluster members
//	actorflow monitor list
//
// Global options: --server URL ($ACTORFLOW_ADDR, default http://127.0.0.1:8090),
// --token ($ACTORFLOW_API_TOKEN), -o table|json (default table), --timeout (default 30s).
// They may be written before or after the command.
//
// Exit codes, which scripts may rely on (also shown by `actorflow help`):
//
//	0    ok
//	1    unexpected or internal error
//	2    invalid input: bad flags or arguments, invalid XML, unknown parameter
//	3    not found
//	4    conflict with the current state (e.g. killing a finished instance)
//	5    server unavailable, unreachable, or no answer in time
//	6    unauthorized
//	130  interrupted (SIGINT/SIGTERM)
//
// Invariants:
//   - exitcode.go is the one place that maps errors to exit codes; commands return errors and
//     never exit themselves, so the whole tree runs in-process in tests.
//   - stdout carries results only (tables, JSON, ids); problems, warnings and errors go to
//     stderr. `-o json` prints the apiv1 value unchanged; commands whose call returns no value
//     print nothing in JSON mode and let the exit code speak.
//   - trigger, run and rerun print the new instance id alone on a line, for $(...) in scripts.
//   - Tables show times in the local zone as "2006-01-02 15:04:05", "-" for unset values, and
//     durations humanised ("5m 02s"); a running thing's duration counts to now.
//   - Flags may follow arguments ("workflow trigger NAME -p k=v"): run reorders them before
//     cli/v2, which would otherwise stop parsing at the first argument. Call run, not
//     app.Run, to get that and the exit codes.
//   - The client commands hold no server state and no config file: everything comes from
//     flags and the environment.
//   - Server roles own their process: signals (the first stops gracefully, a second kills
//     running tasks), the state lock, the listeners. A cluster role binds its listeners to --bind
//     and dials gossip, Raft and actor messages from it, so its traffic is recognisable by
//     address.
package main
