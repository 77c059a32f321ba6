package httpapi

import (
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func (s *server) listWorkflows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset, err := pageOf(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.b.ListWorkflows(r.Context(), WorkflowQuery{Dir: q.Get("dir"), Q: q.Get("q"),
		Limit: limit, Offset: offset})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) getWorkflow(w http.ResponseWriter, r *http.Request) {
	d, err := s.b.GetWorkflow(r.Context(), r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, d)
}

// putWorkflow answers 201 with a Location when the definition is new, 200 when it replaced one.
func (s *server) putWorkflow(w http.ResponseWriter, r *http.Request) {
	xml, err := definitionXML(r, "xml")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.b.PutWorkflow(r.Context(), xml, r.URL.Query().Get("path"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		w.Header().Set("Location", workflowURL(res.Name))
	}
	s.writeJSON(w, r, status, res)
}

func (s *server) checkWorkflow(w http.ResponseWriter, r *http.Request) {
	xml, err := definitionXML(r, "xml")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.b.CheckWorkflow(r.Context(), xml)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
}

func (s *server) deleteWorkflow(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.DeleteWorkflow(r.Context(), r.PathValue("name")))
}

func (s *server) triggerWorkflow(w http.ResponseWriter, r *http.Request) {
	var req apiv1.TriggerRequest
	if err := readJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.b.TriggerWorkflow(r.Context(), r.PathValue("name"), req)
	s.createdOr(w, r, id, err)
}

func (s *server) runWorkflow(w http.ResponseWriter, r *http.Request) {
	var req apiv1.RunRequest
	if err := readJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.b.RunWorkflow(r.Context(), r.PathValue("name"), req.Params)
	s.createdOr(w, r, id, err)
}

func (s *server) resetWorkflow(w http.ResponseWriter, r *http.Request) {
	s.noContent(w, r, s.b.ResetWorkflow(r.Context(), r.PathValue("name")))
}

// backfill checks the request's shape; whether the range holds cron slots is the backend's.
func (s *server) backfill(w http.ResponseWriter, r *http.Request) {
	var req apiv1.BackfillRequest
	if err := readJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case req.From.IsZero() || req.To.IsZero():
		s.fail(w, r, invalidf("backfill needs both from and to (RFC 3339 times)"))
		return
	case !req.From.Before(req.To.Time):
		s.fail(w, r, invalidf("backfill from (%s) must be before to (%s)",
			req.From.Format(apiv1.TimeLayout), req.To.Format(apiv1.TimeLayout)))
		return
	case req.Parallel < 0:
		s.fail(w, r, invalidf("backfill parallel must not be negative, got %d", req.Parallel))
		return
	}
	res, err := s.b.Backfill(r.Context(), r.PathValue("name"), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if res.Instances == nil {
		res.Instances = []string{}
	}
	s.writeJSON(w, r, http.StatusCreated, res)
}

// createdOr answers 201 for a new instance id, or the error.
func (s *server) createdOr(w http.ResponseWriter, r *http.Request, id string, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.created(w, r, id)
}

// noContent answers 204, or the error.
func (s *server) noContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
