package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
)

var newline = []byte("\n")

// writeJSON answers status with v as JSON. The shapes of apiv1 always marshal; should one not,
// the client gets a 500 rather than a truncated body.
func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	_, _ = w.Write(newline) // separately: appending could copy the whole body
}

// fail answers err with the error body and the status resolve gives it.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.prepareFailure(w, r, err)
	s.writeJSON(w, r, f.status, apiv1.ErrorBody{Error: f.body})
}

// prepareFailure resolves err, logs internal causes (here and nowhere else) and sets the
// headers its status obliges: the auth scheme on 401, the allowed methods on 405. Both the
// REST and the akkaflow answers go through it.
func (s *server) prepareFailure(w http.ResponseWriter, r *http.Request, err error) failure {
	f := resolve(err)
	if f.internal {
		s.log.ErrorContext(r.Context(), "http: request failed", "method", r.Method,
			"path", r.URL.Path, "err", err)
	}
	switch f.status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="actorflow"`)
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", strings.Join(f.allow, ", "))
	}
	return f
}

// created answers 201 with the new instance's id and where to find it.
func (s *server) created(w http.ResponseWriter, r *http.Request, id string) {
	w.Header().Set("Location", instanceURL(id))
	s.writeJSON(w, r, http.StatusCreated, apiv1.Created{ID: id})
}

func instanceURL(id string) string { return "/api/v1/instances/" + url.PathEscape(id) }

func workflowURL(name string) string { return "/api/v1/workflows/" + url.PathEscape(name) }

// items keeps an empty page an empty JSON array: clients iterate it without a null check.
func items[T any](l apiv1.List[T]) apiv1.List[T] {
	if l.Items == nil {
		l.Items = []T{}
	}
	return l
}
