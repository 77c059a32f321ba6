package dblink

import (
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/secret"
)

// resolvePassword turns the link's password attribute (a literal, env:NAME, file:/path or a
// literal: escape; see package secret) into the secret itself.
func resolvePassword(s secret.Source, l Link) (string, error) {
	pw, err := s.Resolve(l.Password)
	if err != nil {
		return "", workflows.Errorf(workflows.CodeInvalid, "db-link %q: %v", l.Name, err)
	}
	return pw, nil
}
