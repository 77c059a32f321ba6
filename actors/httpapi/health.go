package httpapi

import (
	"io"
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// livez answers while the process serves HTTP at all; it checks nothing else, so a slow
// master never gets a healthy process restarted.
func (s *server) livez(w http.ResponseWriter, _ *http.Request) {
	text(w, http.StatusOK, "ok\n")
}

// readyz is 200 when the backend can serve and 503 with the reason otherwise, whatever code
// the reason carries: a probe only reads the status. Ready's error is by contract a reason
// meant for operators ("no active master"), so its text is sent even when it has no code.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	err := s.b.Ready()
	if err == nil {
		text(w, http.StatusOK, "ok\n")
		return
	}
	s.writeJSON(w, r, http.StatusServiceUnavailable, apiv1.ErrorBody{Error: apiv1.Error{
		Code: string(workflows.CodeUnavailable), Message: "not ready: " + err.Error()}})
}

// indexText is what GET / says to a client that does not ask for HTML (curl, scripts);
// browsers are sent to the UI.
const indexText = `actorflow
  /ui/                      web UI
  /api/v1/front             dashboard (JSON)
  /api/v1/workflows         definitions
  /api/v1/instances         instances
  /api/v1/xmlconfig         scanned xmlconfig files
  /api/v1/cluster/members   cluster members
  /akkaflow/...             akkaflow-compatible routes
  /livez /readyz /metrics   health and Prometheus metrics
`

func (s *server) index(w http.ResponseWriter, _ *http.Request) {
	text(w, http.StatusOK, indexText)
}

func text(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
