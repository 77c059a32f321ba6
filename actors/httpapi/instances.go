package httpapi

import (
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func (s *server) listInstances(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset, err := pageOf(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status, err := statusParam(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.b.ListInstances(r.Context(), InstanceQuery{Workflow: q.Get("workflow"),
		Status: status, Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) getInstance(w http.ResponseWriter, r *http.Request) {
	in, err := s.b.GetInstance(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, in)
}

func (s *server) deleteInstance(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.DeleteInstance(r.Context(), r.PathValue("id")))
}

func (s *server) killInstance(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.KillInstance(r.Context(), r.PathValue("id")))
}

func (s *server) rerunInstance(w http.ResponseWriter, r *http.Request) {
	var req apiv1.RerunRequest
	if err := readJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.b.RerunInstance(r.Context(), r.PathValue("id"), req.FromFailed)
	s.createdOr(w, r, id, err)
}
