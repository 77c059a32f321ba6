package httpapi

import (
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

func (s *server) xmlConfig(w http.ResponseWriter, r *http.Request) {
	q, err := xmlFileQueryOf(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.b.ListXMLFiles(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) members(w http.ResponseWriter, r *http.Request) {
	list, err := s.b.Members(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) front(w http.ResponseWriter, r *http.Request) {
	f, err := s.b.Front(r.Context(), s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, normalFront(f))
}

// normalFront sends empty lists as [] so the dashboard iterates them without null checks.
func normalFront(f apiv1.Front) apiv1.Front {
	if f.Days == nil {
		f.Days = []apiv1.DayCount{}
	}
	if f.Running == nil {
		f.Running = []apiv1.Instance{}
	}
	if f.Recent == nil {
		f.Recent = []apiv1.Instance{}
	}
	return f
}
