package httpapi

import "net/http"

// MonitorQuery selects data-monitor results (GET /api/v1/data-monitor). Empty fields match
// everything; Limit is 1…MaxLimit and Offset ≥ 0, validated by the server.
type MonitorQuery struct {
	Workflow string
	Category string
	Name     string // the source name
	Limit    int
	Offset   int
}

// listMonitorResults serves GET /api/v1/data-monitor?workflow=&category=&name=&limit=&offset=.
func (s *server) listMonitorResults(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset, err := pageOf(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.b.DataMonitorResults(r.Context(), MonitorQuery{Workflow: q.Get("workflow"),
		Category: q.Get("category"), Name: q.Get("name"), Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}
