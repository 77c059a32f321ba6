// Package metrics holds actorflow's Prometheus collectors. One Registry per process is built by
// the composition root and handed to the master, the worker and the HTTP actor; the HTTP actor
// serves it at /metrics.
//
// Invariants:
//   - Every metric is named actorflow_*, uses base units (seconds) and ends counters in _total.
//   - Label values come from closed sets (typed statuses, FireKind, route patterns, status
//     codes), never from ids or names a user chooses, so the number of series stays bounded.
//     A value outside a set is recorded under "other" rather than creating a new series.
//   - Every method is safe for concurrent use and a no-op on a nil *Registry, so components
//     built without metrics (unit tests) need no special case.
//   - Gauges are set from the owner's authoritative state (the master recounts after a change)
//     rather than incremented, so a missed update heals on the next one.
//
// Metrics:
//
//	actorflow_instances{status}                      gauge     instances per status now
//	actorflow_tasks_finished_total{status}           counter   task attempts finished, by outcome
//	actorflow_dispatch_latency_seconds               histogram ready-to-dispatched delay per task
//	actorflow_queue_depth                            gauge     instances waiting for admission
//	actorflow_coordinator_fires_total{kind}          counter   fires: cron dependency manual catchup backfill
//	actorflow_xmlconfig_files{status}                gauge     scanned files: loaded error disabled
//	actorflow_http_requests_total{route,code}        counter   HTTP requests by ServeMux pattern and status
//	actorflow_http_request_duration_seconds{route,code} histogram  HTTP latency
//
// plus the standard go_* and process_* collectors.
package metrics
