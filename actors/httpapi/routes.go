package httpapi

import "net/http"

// routes registers every route; this table is the API's map. REST handlers that change state
// are wrapped in mutating; akkaflow routes decide per action (see akkaflow.go).
func (s *server) routes() {
	m := s.mux
	// Definitions.
	m.HandleFunc("GET /api/v1/workflows", s.listWorkflows)
	m.HandleFunc("POST /api/v1/workflows", s.mutating(s.putWorkflow))
	m.HandleFunc("POST /api/v1/workflows/check", s.checkWorkflow) // validates, stores nothing
	m.HandleFunc("GET /api/v1/workflows/{name}", s.getWorkflow)
	m.HandleFunc("DELETE /api/v1/workflows/{name}", s.mutating(s.deleteWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/trigger", s.mutating(s.triggerWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/run", s.mutating(s.runWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/reset", s.mutating(s.resetWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/enable", s.mutating(s.enableWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/disable", s.mutating(s.disableWorkflow))
	m.HandleFunc("POST /api/v1/workflows/{name}/backfill", s.mutating(s.backfill))
	m.HandleFunc("GET /api/v1/workflows/{name}/grid", s.runGrid)
	m.HandleFunc("GET /api/v1/dirs", s.workflowDirs)
	// Instances.
	m.HandleFunc("GET /api/v1/instances", s.listInstances)
	m.HandleFunc("GET /api/v1/instances/{id}", s.getInstance)
	m.HandleFunc("DELETE /api/v1/instances/{id}", s.mutating(s.deleteInstance))
	m.HandleFunc("POST /api/v1/instances/{id}/kill", s.mutating(s.killInstance))
	m.HandleFunc("POST /api/v1/instances/{id}/rerun", s.mutating(s.rerunInstance))
	m.HandleFunc("GET /api/v1/instances/{id}/log", s.instanceLog)
	m.HandleFunc("GET /api/v1/instances/{id}/log/events", s.instanceLogEvents)
	m.HandleFunc("GET /api/v1/data-monitor", s.listMonitorResults)
	// Files, cluster, dashboard.
	m.HandleFunc("GET /api/v1/xmlconfig", s.xmlConfig)
	m.HandleFunc("GET /api/v1/cluster/members", s.members)
	m.HandleFunc("GET /api/v1/db-links", listLinks(s, dbLinks))
	m.HandleFunc("PUT /api/v1/db-links/{name}", s.mutating(putLink(s, dbLinks)))
	m.HandleFunc("DELETE /api/v1/db-links/{name}", s.mutating(deleteLink(s, dbLinks)))
	m.HandleFunc("GET /api/v1/file-links", listLinks(s, fileLinks))
	m.HandleFunc("PUT /api/v1/file-links/{name}", s.mutating(putLink(s, fileLinks)))
	m.HandleFunc("DELETE /api/v1/file-links/{name}", s.mutating(deleteLink(s, fileLinks)))
	m.HandleFunc("GET /api/v1/front", s.front)
	// Operations.
	m.HandleFunc("GET /livez", s.livez)
	m.HandleFunc("GET /readyz", s.readyz)
	m.Handle("GET /metrics", s.metrics.Handler())
	s.akkaflowRoutes()
	// The UI takes every other GET; /api/ typos must still get JSON, not the UI's page.
	if s.ui != nil {
		m.Handle("GET /", s.ui)
		m.HandleFunc("GET /api/", s.noRoute)
	} else {
		s.mountWebUI(m)
	}
}

// noRoute answers a path under /api/ that no route serves.
func (s *server) noRoute(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, notFoundf("no route %s %s", r.Method, r.URL.Path))
}
