package worker

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func mkdirAged(t *testing.T, dir string, age time.Duration, now time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "node", "1"), 0o755); err != nil {
		t.Fatal(err)
	}
	at := now.Add(-age)
	if err := os.Chtimes(dir, at, at); err != nil {
		t.Fatal(err)
	}
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func TestRemoveOldInstanceDirs(t *testing.T) {
	now := time.Now()
	root := t.TempDir()
	mkdirAged(t, filepath.Join(root, "old"), 48*time.Hour, now)
	mkdirAged(t, filepath.Join(root, "busy"), 48*time.Hour, now)
	mkdirAged(t, filepath.Join(root, "fresh"), time.Minute, now)
	mkdirAged(t, filepath.Join(root, ".records"), 48*time.Hour, now)
	if err := os.WriteFile(filepath.Join(root, "a-file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	n := removeOldInstanceDirs([]string{root, filepath.Join(root, "missing")}, now.Add(-24*time.Hour),
		map[string]bool{"busy": true})
	if n != 1 || exists(filepath.Join(root, "old")) {
		t.Fatalf("removed %d; old still there: %v", n, exists(filepath.Join(root, "old")))
	}
	for _, keep := range []string{"busy", "fresh", ".records", "a-file"} {
		if !exists(filepath.Join(root, keep)) {
			t.Errorf("%s was removed", keep)
		}
	}
}

// A worker started with KeepFiles removes old instance directories from both roots (but
// not its records), without waiting a period.
func TestWorkerRemovesOldAttemptDirectories(t *testing.T) {
	root := t.TempDir()
	work, logs := filepath.Join(root, "work"), filepath.Join(root, "logs")
	now := time.Now()
	mkdirAged(t, filepath.Join(work, "I1"), 40*24*time.Hour, now)
	mkdirAged(t, filepath.Join(logs, "I1"), 40*24*time.Hour, now)
	mkdirAged(t, filepath.Join(logs, "I2"), time.Hour, now)
	newHarness(t, func(c *Config) {
		c.WorkRoot, c.LogRoot, c.KeepFiles = work, logs, 30*24*time.Hour
	})
	eventually(t, "old directories removed", func() bool {
		return !exists(filepath.Join(work, "I1")) && !exists(filepath.Join(logs, "I1"))
	})
	if !exists(filepath.Join(logs, "I2")) {
		t.Fatal("a recent instance's logs were removed")
	}
}
