package httpapi

import "net/http"

// runGrid answers GET /api/v1/workflows/{name}/grid?limit=&offset=: a page of the workflow's
// instances, newest first, each with its nodes' statuses, so the UI draws runs × nodes from
// one call instead of one per run. Pages follow the list rules (limit 1…1000, default 50).
func (s *server) runGrid(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := pageOf(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.b.RunGrid(r.Context(), r.PathValue("name"), limit, offset)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}
