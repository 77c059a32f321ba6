package executors

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	t.Parallel()
	kept := []string{"load_orders", "node-1", "a.b", "导入订单", "čšž", "नमस्ते", "v2.0"}
	for _, s := range kept {
		if got := SafeName(s); got != s {
			t.Errorf("SafeName(%q) = %q, want it kept", s, got)
		}
	}
	changed := map[string]string{
		"a/b":         "a_b-",
		"load orders": "load_orders-",
		"..":          "_.-",
		".hidden":     "_hidden-",
		"-rf":         "_rf-",
		"":            "_-",
		"a\x00b":      "a_b-",
		"bad\xffutf8": "bad_utf8-",
		"导入/订单":       "导入_订单-",
	}
	for in, prefix := range changed {
		got := SafeName(in)
		if !strings.HasPrefix(got, prefix) || len(got) != len(prefix)+8 || !hasHashSuffix(got) {
			t.Errorf("SafeName(%q) = %q, want %q + 8 hex digits", in, got, prefix)
		}
	}
	// Names that differ only in what gets replaced stay apart, and a kept name cannot
	// imitate a changed one.
	distinct := []string{"a/b", "a_b", "a:b", "a b", "a_b-" + SafeName("a/b")[4:]}
	seen := map[string]string{}
	for _, s := range distinct {
		got := SafeName(s)
		if other, dup := seen[got]; dup {
			t.Errorf("SafeName(%q) == SafeName(%q) == %q", s, other, got)
		}
		seen[got] = s
	}
	long := strings.Repeat("订", 100) // 300 bytes
	if got := SafeName(long); len(got) > maxSafeNameBytes+hashSuffixLen || !utf8.ValidString(got) {
		t.Errorf("long name: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

// FuzzSafeName: the result is always one valid, non-special path component of bounded
// length, and SafeName is a fixed point on its own output only when nothing was changed.
func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"a", "a/b", "..", "", "导入订单", "\xff", "x-0123abcd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeName(s)
		switch {
		case got == "" || got == "." || got == "..":
			t.Fatalf("SafeName(%q) = %q", s, got)
		case strings.ContainsAny(got, "/\x00") || strings.HasPrefix(got, ".") || strings.HasPrefix(got, "-"):
			t.Fatalf("SafeName(%q) = %q is not a safe component", s, got)
		case !utf8.ValidString(got) || len(got) > maxSafeNameBytes+hashSuffixLen:
			t.Fatalf("SafeName(%q) = %q: invalid or too long", s, got)
		case got == s && hasHashSuffix(s):
			t.Fatalf("SafeName(%q) kept a name that looks hashed", s)
		}
	})
}
