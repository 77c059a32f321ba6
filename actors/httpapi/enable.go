package httpapi

import "net/http"

// enableWorkflow and disableWorkflow switch a coordinator on or off (204). akkaflow had no
// such route (its coordinators followed the XML's is-enabled only), so there is no akkaflow
// equivalent under /akkaflow.
func (s *server) enableWorkflow(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.SetWorkflowEnabled(r.Context(), r.PathValue("name"), true))
}

func (s *server) disableWorkflow(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.SetWorkflowEnabled(r.Context(), r.PathValue("name"), false))
}
