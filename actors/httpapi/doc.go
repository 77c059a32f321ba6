// Package httpapi is the HTTP actor's server: actorflow's REST API under /api/v1, akkaflow's
// routes under /akkaflow, /livez, /readyz, /metrics and, when mounted, the web UI. It knows
// nothing of actors or storage: everything goes through the Backend interface, which the
// composition root implements over the master actor and the store.
//
// Invariants:
//   - Every error becomes an answer in one place: resolve (errors.go) maps a workflows.Code to
//     an HTTP status and the {"error":{"code","message","problems"}} body; the akkaflow routes
//     wrap the same resolution in their envelope. Internal errors are logged there and reach
//     the client only as "internal error"; every other code's message is meant for users.
//   - When Options.Token is set, every call that changes state needs "Authorization: Bearer
//     <token>" (compared in constant time), checked before the body is read. Reads, check,
//     /livez, /readyz and /metrics never need it.
//   - Request bodies are capped at MaxBodyBytes (413). JSON bodies reject unknown fields and
//     trailing data; an empty body means the request's defaults.
//   - Lists take limit (1…1000, default 50) and offset (≥ 0); anything else is a 400, never
//     silently clamped. Empty lists are [] on the wire, never null. One exception, kept for
//     the clients written before it had pages: /api/v1/xmlconfig without limit lists every
//     file (from offset on).
//   - Routes are Go ServeMux patterns (routes.go is the whole table). Requests no pattern
//     serves still get the JSON error body: 404, or 405 with Allow. Metrics label requests by
//     pattern, never by raw path.
//   - Logs stream as text/plain; with follow=1 each chunk is flushed as the backend produces
//     it, and the response ends when the backend's reader ends or the client goes away. A
//     reader failing mid-stream aborts the connection rather than ending it as if complete.
//   - A panic in a handler is logged with its stack and answered 500; no request takes the
//     process down.
//
// REST routes (/api/v1; routes.go registers them, each change through mutating):
//
//	GET    /workflows?dir=&q=&limit=&offset=       ListWorkflows
//	POST   /workflows?path=P                       PutWorkflow (body: the XML)
//	POST   /workflows/check                        CheckWorkflow (stores nothing; no token)
//	GET    /workflows/{name}                       GetWorkflow
//	DELETE /workflows/{name}                       DeleteWorkflow
//	POST   /workflows/{name}/trigger|run|reset     TriggerWorkflow, RunWorkflow, ResetWorkflow
//	POST   /workflows/{name}/enable|disable        SetWorkflowEnabled: the operator's switch of
//	                                               the coordinator (off: no automatic fire;
//	                                               trigger and run still work); 204
//	POST   /workflows/{name}/backfill              Backfill
//	GET    /workflows/{name}/grid?limit=&offset=   RunGrid: runs × node statuses (web UI)
//	GET    /dirs                                   WorkflowDirs: directory tree with counts (web UI)
//	GET    /instances?workflow=&status=&limit=&offset=  ListInstances
//	GET    /instances/{id}                         GetInstance
//	DELETE /instances/{id}                         DeleteInstance
//	POST   /instances/{id}/kill|rerun              KillInstance, RerunInstance
//	GET    /instances/{id}/log?node=&attempt=&follow=   OpenLog, text/plain
//	GET    /instances/{id}/log/events?node=&attempt=    OpenLog followed, as server-sent events
//	                                               (log, end, error; web UI; see logs_sse.go)
//	GET    /xmlconfig?status=&limit=&offset=       ListXMLFiles, by path; status loaded (ok),
//	                                               error or disabled; no limit: every file
//	GET    /cluster/members                        Members
//	GET    /front                                  Front (dashboard)
//
// Outside /api/v1: /livez, /readyz, /metrics, the akkaflow routes below, and the embedded web
// UI under /ui/ (webui; GET / sends browsers there and gives other clients a text index).
//
// REST statuses: 200 reads; 201 with Location for a new instance (trigger, run, rerun) and for
// a new definition (POST /workflows; replacing one is 200); 201 for backfill; 204 for deletes,
// kill, reset, enable and disable. Errors:
//
//	invalid       400  (413 when the body is too large; 405 when the method is wrong)
//	unauthorized  401  with WWW-Authenticate: Bearer
//	not_found     404
//	conflict      409
//	unsupported   501
//	unavailable   503  (also a cancelled request)
//	timeout       504  (also an expired context deadline)
//	internal      500  (any error without a code, and any unknown code)
//
// akkaflow compatibility (spec §9.2). Every route answers {"result":"success"|"fail","msg",
// "data"} as application/json with HTTP 200, except 401 (token missing on a state-changing
// action), 405 (a method other than GET/POST, or HEAD on a state-changing action) and 404 (a
// path akkaflow never had). Messages are English. GET and POST are both accepted everywhere,
// as akkaflow's scripts use GET for changes. An unknown action fails at once, naming the valid
// ones. Failing definitions carry their problems in data.
//
//	/akkaflow/workflow/{name}?action=get            GetWorkflow; data = the definition (akkaflow always failed)
//	                         ?action=del            DeleteWorkflow
//	                         ?action=run&k=v…       RunWorkflow, every query param but action is a param; data = id
//	                         ?action=reset          ResetWorkflow
//	                         ?action=trigger&ignore_node=a,b  TriggerWorkflow{IgnoreNodes}; ignore_node optional; data = id
//	                         ?action=trigger-blood  TriggerBlood; data = id
//	/akkaflow/workflow?action=add&path=P            PutWorkflow(form xml, or 2017's content, or raw body; P); data = name
//	                  ?action=check                 CheckWorkflow; data = name
//	                  ?action=del-dir               unsupported (no directory table: dirs are xmlconfig paths)
//	/akkaflow/workflows?action=reset                ResetAll
//	                   ?action=today-trigger-left   TodayTriggerLeft(now); data = {workflow: count}
//	/akkaflow/workflow/instance/{id}?action=rerun&recover=true  RerunInstance(id, recover); recover optional; data = id
//	                                ?action=kill    KillInstance; data = "killed"
//	                                ?action=del     DeleteInstance
//	/akkaflow/workflow/watting_instance/list        ListInstances(status prep, limit 1000); data = [{wfid, name}]
//	/akkaflow/cluster?action=get                    Members; data = [{name, ip, port, atype "0", pname "", role, status}]
//	                 ?action=shutdown               unsupported (use sbin/stop-cluster)
//	/akkaflow/db-link[/{name}]?action=add|update|del    db-links over LinksBackend (standalone)
//	/akkaflow/file-link[/{name}]?action=add|update|del  file-links over LinksBackend (standalone)
//	/akkaflow/coor?action=add (form content)        PutWorkflow, as workflow add
//	/akkaflow/coor/{name}?action=get|del            unsupported
//
// akkaflow had no route to switch a coordinator on or off (its coordinators followed the
// XML's is-enabled), so enable and disable exist under /api/v1 only.
//
// TriggerBlood, ResetAll and TodayTriggerLeft may return CodeUnsupported from the Backend;
// the route then fails with the backend's message.
package httpapi
