package testenv

import (
	"os"
	"testing"
)

// Chromium returns the path of the Chromium binary (run it with --headless --no-sandbox).
func Chromium(t testing.TB) string {
	t.Helper()
	const key = "ACTORFLOW_TEST_CHROMIUM"
	path := lookup(t, key, "Chromium browser")
	if path == "" {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("testenv: %s: %v", key, err)
		return ""
	}
	if !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 {
		t.Fatalf("testenv: %s=%s is not an executable file (mode %v)", key, path, st.Mode())
		return ""
	}
	return path
}
