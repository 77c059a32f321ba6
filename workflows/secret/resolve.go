package secret

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// The prefixes of a configured password.
const (
	EnvPrefix     = "env:"
	FilePrefix    = "file:"
	LiteralPrefix = "literal:"
)

// IsReference reports whether p names where a secret is (env:NAME, file:/path) rather than
// holding it. A reference may be listed and logged; anything else, a literal: escape too,
// is the secret itself.
func IsReference(p string) bool {
	return strings.HasPrefix(p, EnvPrefix) || strings.HasPrefix(p, FilePrefix)
}

// Source is where references are looked up. Its zero value reads the process's environment
// and file system; tests set the functions.
type Source struct {
	LookupEnv func(name string) (string, bool)  // os.LookupEnv when nil
	ReadFile  func(path string) ([]byte, error) // os.ReadFile when nil
}

// Resolve is Source{}.Resolve: references are read from this process's environment and
// file system.
func Resolve(p string) (string, error) { return Source{}.Resolve(p) }

// Resolve turns a configured password into the secret (see the package comment for the
// forms). The variable of an env: reference may be set to the empty string; callers that
// cannot use an empty secret check the result.
func (s Source) Resolve(p string) (string, error) {
	switch {
	case strings.HasPrefix(p, EnvPrefix):
		name := strings.TrimSpace(p[len(EnvPrefix):])
		if name == "" {
			return "", errors.New(`password "env:" names no environment variable`)
		}
		lookup := s.LookupEnv
		if lookup == nil {
			lookup = os.LookupEnv
		}
		v, ok := lookup(name)
		if !ok {
			return "", fmt.Errorf("password comes from environment variable %s, which is not set", name)
		}
		return v, nil
	case strings.HasPrefix(p, FilePrefix):
		path := strings.TrimSpace(p[len(FilePrefix):])
		if path == "" {
			return "", errors.New(`password "file:" names no file`)
		}
		read := s.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		data, err := read(path)
		if err != nil {
			return "", fmt.Errorf("cannot read the password file %s: %w", path, unwrapPathError(err))
		}
		// A file written by echo or a secrets manager usually ends with a line break.
		return strings.TrimRight(string(data), "\r\n"), nil
	case strings.HasPrefix(p, LiteralPrefix):
		return p[len(LiteralPrefix):], nil
	}
	return p, nil
}

// unwrapPathError keeps "no such file or directory" without the path repeated by
// fs.PathError; what it wraps still matches fs.ErrNotExist and fs.ErrPermission.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
