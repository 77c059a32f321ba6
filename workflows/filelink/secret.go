package filelink

import (
	"fmt"
	"os"
	"strings"
)

// Prefixes of a password that refers to where the secret is instead of holding it.
const (
	envPrefix     = "env:"
	filePrefix    = "file:"
	literalPrefix = "literal:" // escape for a literal password that starts with env: or file:
)

func isReference(p string) bool {
	return strings.HasPrefix(p, envPrefix) || strings.HasPrefix(p, filePrefix)
}

// ResolvePassword turns a configured password into the secret:
//   - "env:NAME" is the value of environment variable NAME (which must be set);
//   - "file:/path" is the file's content without its trailing newline (a file written by
//     echo or a secrets manager usually ends with one);
//   - "literal:text" is text, for a password that itself starts with env: or file:;
//   - anything else is the password itself.
//
// Errors name the variable or file, never a secret.
func ResolvePassword(p string) (string, error) {
	switch {
	case strings.HasPrefix(p, envPrefix):
		name := strings.TrimPrefix(p, envPrefix)
		if name == "" {
			return "", fmt.Errorf("password %q names no environment variable", p)
		}
		v, ok := os.LookupEnv(name)
		if !ok {
			return "", fmt.Errorf("password comes from environment variable %s, which is not set", name)
		}
		return v, nil
	case strings.HasPrefix(p, filePrefix):
		path := strings.TrimPrefix(p, filePrefix)
		if path == "" {
			return "", fmt.Errorf("password %q names no file", p)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("reading the password file: %w", err)
		}
		s := strings.TrimSuffix(string(data), "\n")
		return strings.TrimSuffix(s, "\r"), nil
	case strings.HasPrefix(p, literalPrefix):
		return strings.TrimPrefix(p, literalPrefix), nil
	}
	return p, nil
}
