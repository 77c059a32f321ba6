package secret

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	s := Source{
		LookupEnv: func(k string) (string, bool) {
			v, ok := map[string]string{"PW": "from-env", "EMPTY": ""}[k]
			return v, ok
		},
		ReadFile: func(p string) ([]byte, error) {
			if p == "/pw" {
				return []byte("from-file\r\n\n"), nil
			}
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		},
	}
	for _, c := range []struct{ in, want, err string }{
		{"plain", "plain", ""},
		{"", "", ""},
		{"env:PW", "from-env", ""},
		{"env: PW ", "from-env", ""},
		{"env:EMPTY", "", ""},
		{"file:/pw", "from-file", ""},
		{"file: /pw", "from-file", ""},
		{"literal:env:PW", "env:PW", ""},
		{"literal:literal:x", "literal:x", ""},
		{"literal:", "", ""},
		{"ENV:PW", "ENV:PW", ""}, // prefixes are lower case: this is a literal
		{"env:NOPE", "", "password comes from environment variable NOPE, which is not set"},
		{"env:", "", `password "env:" names no environment variable`},
		{"file:", "", `password "file:" names no file`},
		{"file:/nope", "", "cannot read the password file /nope: file does not exist"},
	} {
		got, err := s.Resolve(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("Resolve(%q) error = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := s.Resolve("file:/nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want it to match fs.ErrNotExist", err)
	}
}

// TestResolveProcess reads a real variable and file through the zero Source.
func TestResolveProcess(t *testing.T) {
	t.Setenv("SECRET_TEST_PW", "from-env")
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"env:SECRET_TEST_PW": "from-env", "file:" + file: "from-file"} {
		if got, err := Resolve(in); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Resolve("env:SECRET_TEST_UNSET_VAR"); err == nil || !strings.Contains(err.Error(), "SECRET_TEST_UNSET_VAR") {
		t.Errorf("unset variable: %v", err)
	}
	if _, err := Resolve("file:" + file + ".missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestIsReference(t *testing.T) {
	for p, want := range map[string]bool{"env:X": true, "file:/x": true, "literal:env:X": false, "pw": false, "": false, "Env:X": false} {
		if IsReference(p) != want {
			t.Errorf("IsReference(%q) = %v", p, !want)
		}
	}
}
