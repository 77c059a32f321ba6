package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// errUnauthorized is the answer to a state-changing call without the right token. It says
// what to send but never whether a token was close.
var errUnauthorized = workflows.Errorf(workflows.CodeUnauthorized,
	"this call changes state and needs the API token: send the header \"Authorization: Bearer <token>\"")

// authorized reports whether r carries the configured bearer token (always true without one).
// Both sides are hashed first so the comparison takes the same time whatever the length.
func (s *server) authorized(r *http.Request) bool {
	if s.tokenHash == nil {
		return true
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(got[:], s.tokenHash[:]) == 1
}

// mutating guards a REST handler that changes state with the token check, before any of the
// body is read.
func (s *server) mutating(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			s.fail(w, r, errUnauthorized)
			return
		}
		h(w, r)
	}
}
