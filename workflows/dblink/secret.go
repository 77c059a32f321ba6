package dblink

import (
	"os"
	"strings"

	"github.com/actorflow/actorflow/workflows"
)

// isPasswordRef tells a password reference (env:NAME, file:/path) from a literal.
func isPasswordRef(p string) bool {
	return strings.HasPrefix(p, "env:") || strings.HasPrefix(p, "file:")
}

// secretSource is where password references are looked up; tests replace it.
type secretSource struct {
	lookupEnv func(string) (string, bool)
	readFile  func(string) ([]byte, error)
}

var osSecrets = secretSource{lookupEnv: os.LookupEnv, readFile: os.ReadFile}

// resolvePassword turns the link's password attribute into the secret itself. A literal
// that merely starts with "env:" cannot be written; nobody has asked for an escape.
func (s secretSource) resolvePassword(l Link) (string, error) {
	p := l.Password
	switch {
	case strings.HasPrefix(p, "env:"):
		name := strings.TrimSpace(p[len("env:"):])
		if name == "" {
			return "", workflows.Errorf(workflows.CodeInvalid, "db-link %q: password \"env:\" names no environment variable", l.Name)
		}
		v, ok := s.lookupEnv(name)
		if !ok {
			return "", workflows.Errorf(workflows.CodeInvalid,
				"db-link %q: password comes from environment variable %s, which is not set on this worker", l.Name, name)
		}
		return v, nil
	case strings.HasPrefix(p, "file:"):
		path := strings.TrimSpace(p[len("file:"):])
		if path == "" {
			return "", workflows.Errorf(workflows.CodeInvalid, "db-link %q: password \"file:\" names no file", l.Name)
		}
		data, err := s.readFile(path)
		if err != nil {
			return "", workflows.Errorf(workflows.CodeInvalid,
				"db-link %q: cannot read the password file %s: %v", l.Name, path, unwrapPathErr(err))
		}
		return strings.TrimRight(string(data), "\r\n"), nil
	}
	return p, nil
}

// unwrapPathErr keeps "no such file or directory" without repeating the path.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
