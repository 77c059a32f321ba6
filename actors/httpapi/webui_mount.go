package httpapi

import (
	"net/http"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/webui"
)

// mountWebUI serves the embedded web UI under /ui/ when Options.UI does not replace it. GET /
// sends browsers (they ask for text/html) to /ui/ and keeps the plain-text index for curl and
// scripts, which would gain nothing from a redirect to a page of JavaScript.
func (s *server) mountWebUI(m *http.ServeMux) {
	m.Handle("GET /ui/", webui.Handler())
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "text/html") {
			http.Redirect(w, r, webui.Prefix, http.StatusFound)
			return
		}
		s.index(w, r)
	})
}
