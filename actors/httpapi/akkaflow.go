package httpapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// envelope is akkaflow's answer to every call.
type envelope struct {
	Result string `json:"result"` // success | fail
	Msg    string `json:"msg"`
	Data   any    `json:"data"`
}

// akkaAction is one value of an akkaflow route's ?action=. run returns the success message
// and data, or an error answered as result "fail".
type akkaAction struct {
	mutates bool // needs the token, and never runs for HEAD
	run     func(r *http.Request) (msg string, data any, err error)
}

// akkaflowRoutes registers akkaflow's routes (spec §9.2) for GET and POST: akkaflow took GET
// for changes, and its scripts still do. Other methods get a 405 from the mux (in the
// envelope, see dispatch).
func (s *server) akkaflowRoutes() {
	handle := func(path string, h http.HandlerFunc) {
		s.mux.HandleFunc("GET "+path, h)
		s.mux.HandleFunc("POST "+path, h)
	}
	handle("/akkaflow/workflow/{name}", s.akkaHandler(s.akkaWorkflowActions()))
	handle("/akkaflow/workflow", s.akkaHandler(s.akkaDefinitionActions()))
	handle("/akkaflow/workflows", s.akkaHandler(s.akkaWorkflowsActions()))
	handle("/akkaflow/workflow/instance/{id}", s.akkaHandler(s.akkaInstanceActions()))
	handle("/akkaflow/workflow/watting_instance/list", s.akkaFixed(akkaAction{run: s.akkaWaitingList})) // sic
	handle("/akkaflow/cluster", s.akkaHandler(s.akkaClusterActions()))
	for _, kind := range []linkKind{dbLinkKind, fileLinkKind} {
		actions := s.akkaLinkActions(kind)
		handle("/akkaflow/"+string(kind), s.akkaHandler(actions))
		handle("/akkaflow/"+string(kind)+"/{name}", s.akkaHandler(actions))
	}
	handle("/akkaflow/coor", s.akkaHandler(s.akkaCoorActions()))
	handle("/akkaflow/coor/{name}", s.akkaHandler(akkaCoorNameActions()))
	handle("/akkaflow/", s.akkaNoRoute)
}

// akkaHandler dispatches on ?action=. Unlike akkaflow, an unknown action is answered at once
// instead of timing out after 20 s.
func (s *server) akkaHandler(actions map[string]akkaAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("action")
		a, ok := actions[name]
		if !ok {
			s.akkaFail(w, r, invalidf("unknown action %q on %s: want one of %s", name,
				r.URL.Path, strings.Join(actionNames(actions), ", ")))
			return
		}
		s.akkaServe(w, r, a)
	}
}

// akkaFixed serves a route that takes no action parameter.
func (s *server) akkaFixed(a akkaAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.akkaServe(w, r, a) }
}

// akkaServe checks the method and the token, runs a and answers with the envelope.
func (s *server) akkaServe(w http.ResponseWriter, r *http.Request, a akkaAction) {
	switch {
	case r.Method == http.MethodHead && a.mutates: // a HEAD must never delete anything
		s.akkaFail(w, r, &methodNotAllowed{method: r.Method, path: r.URL.Path,
			allow: []string{http.MethodGet, http.MethodPost}})
	case a.mutates && !s.authorized(r):
		s.akkaFail(w, r, errUnauthorized)
	default:
		msg, data, err := a.run(r)
		if err != nil {
			s.akkaFail(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusOK, envelope{Result: "success", Msg: msg, Data: data})
	}
}

// akkaFail answers result "fail". Like akkaflow the status is 200 for every outcome of an
// action, so its scripts keep reading the body; only a missing token (401) and a wrong method
// (405) use their status, because proxies and monitors act on those. Problems of an invalid
// definition travel in data.
func (s *server) akkaFail(w http.ResponseWriter, r *http.Request, err error) {
	f := s.prepareFailure(w, r, err)
	status := http.StatusOK
	if f.status == http.StatusUnauthorized || f.status == http.StatusMethodNotAllowed {
		status = f.status
	}
	var data any
	if len(f.body.Problems) > 0 {
		data = f.body.Problems
	}
	s.writeJSON(w, r, status, envelope{Result: "fail", Msg: f.body.Message, Data: data})
}

// akkaNoRoute answers a path under /akkaflow/ that akkaflow never had, with 404 as akka-http did.
func (s *server) akkaNoRoute(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusNotFound, envelope{Result: "fail",
		Msg: "no akkaflow route " + r.URL.Path})
}

// isAkkaflow reports whether r is for akkaflow's routes, whose failures use the envelope.
func isAkkaflow(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/akkaflow/") }

// unsupported is the answer for akkaflow features actorflow does not offer over HTTP.
func unsupported(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeUnsupported, format, args...)
}

func actionNames(actions map[string]akkaAction) []string {
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
