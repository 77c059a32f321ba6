package httpapi

import "net/http"

// workflowDirs answers GET /api/v1/dirs: the directory tree of the definitions with counts,
// so the UI draws the tree without listing every definition.
func (s *server) workflowDirs(w http.ResponseWriter, r *http.Request) {
	list, err := s.b.WorkflowDirs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}
