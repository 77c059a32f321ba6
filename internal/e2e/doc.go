// Package e2e holds the end-to-end acceptance tests of actorflow. It has no production code:
// every test builds nothing itself but drives the real `actorflow` binary (built once by
// TestMain) as a separate process on loopback, with its own temporary home and xmlconfig
// directories, through the CLI and the HTTP API (actors/httpapi/client).
//
// What it covers:
//
//   - flows: a linear chain, fork/join with three branches, retries counted through
//     $ACTORFLOW_ATTEMPT, error transitions, kill nodes, node timeouts with and without an error
//     path, coordinator param-lists with time expressions and -p overrides, unknown parameters
//     (exit code 2 / HTTP 400), and task outputs passed downstream (${output:node.key});
//   - dependency triggers: a dependency-only coordinator fires once per triggered, successful
//     upstream instance, and never for an ad-hoc run;
//   - instance-limit queueing: one running, the rest queued, completed in FIFO order;
//   - kill: a task's whole process tree (children ignoring SIGTERM) is gone after a kill;
//     killing a finished instance (exit 4 / HTTP 409) and triggering an unknown workflow
//     (exit 3 / HTTP 404); a graceful stop (SIGTERM) kills running task trees;
//   - rerun --from-failed: nodes that succeeded are skipped, not executed again;
//   - restart recovery after SIGKILL: the interrupted attempt is marked lost and retried, its
//     orphaned processes are swept, finished nodes are not re-run, queued instances still run;
//   - faults: a malformed xmlconfig file (file:line:col, the old definition keeps working),
//     a task printing 200 MB (capped log, bounded server memory), a working directory that
//     cannot be created, and a second server on a locked home (which must fail fast and leave
//     the running server's http.addr alone);
//   - startup with an empty xmlconfig directory;
//   - sbin/start-cluster and sbin/stop-cluster with the built binary, and the
//     ACTORFLOW_STOP_GRACE variable that both they and the binary read;
//   - akkaflow's GET /akkaflow/workflow/{name}?action=run.
//
// The tests never sleep: they wait for conditions with deadlines. Every server is stopped at
// the end of its test (SIGTERM, then SIGKILL), and any task process that outlived its server
// is reported and killed.
package e2e
