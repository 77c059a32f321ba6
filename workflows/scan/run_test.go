package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seeded starts Run on a directory holding seed.xml and waits for its initial Added: from
// then on every directory is watched.
func seeded(t *testing.T, tweak func(*Config)) (string, *Scanner, <-chan Change) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "seed.xml", workflowXML("seed", "0"))
	s := newTestScanner(t, dir, tweak)
	ch := run(t, s)
	collect(t, ch, map[string]Kind{"seed.xml": Added})
	return dir, s, ch
}

func TestRunReportsAddModifyRemove(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	writeFile(t, dir, "a.xml", workflowXML("a", "1"))
	added := collect(t, ch, map[string]Kind{"a.xml": Added})["a.xml"]
	if added.Definition == nil || added.Definition.Name() != "a" {
		t.Fatalf("not parsed: %+v", added.Definition)
	}
	writeFile(t, dir, "a.xml", workflowXML("a", "2"))
	mod := collect(t, ch, map[string]Kind{"a.xml": Modified})["a.xml"]
	if mod.Hash == added.Hash {
		t.Fatal("Modified with the old hash")
	}
	if err := os.Remove(filepath.Join(dir, "a.xml")); err != nil {
		t.Fatal(err)
	}
	if rm := collect(t, ch, map[string]Kind{"a.xml": Removed})["a.xml"]; rm.Hash != mod.Hash {
		t.Fatalf("Removed carries hash %s, want the last one %s", rm.Hash, mod.Hash)
	}
}

func TestRunIgnoresRewritesWithTheSameBytes(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	p := filepath.Join(dir, "seed.xml")
	writeFile(t, dir, "seed.xml", workflowXML("seed", "0")) // Write events, same content
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(p, later, later); err != nil { // touch
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o600); err != nil { // Chmod event
		t.Fatal(err)
	}
	// Hidden files and editor litter cause events too, but are not workflow files.
	for _, name := range []string{".seed.xml.swp", "seed.xml~", ".#seed.xml", "seed.xml.tmp"} {
		writeFile(t, dir, name, []byte("junk"))
	}
	barrier(t, dir, ch)
}

func TestRunRenameIsRemovedPlusAdded(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	got := map[string]Change{}
	writeFile(t, dir, "old.xml", workflowXML("r", "1"))
	got["old"] = collect(t, ch, map[string]Kind{"old.xml": Added})["old.xml"]
	if err := os.Rename(filepath.Join(dir, "old.xml"), filepath.Join(dir, "new.xml")); err != nil {
		t.Fatal(err)
	}
	both := collect(t, ch, map[string]Kind{"old.xml": Removed, "new.xml": Added})
	if both["old.xml"].Hash != got["old"].Hash || both["new.xml"].Hash != got["old"].Hash {
		t.Fatal("a rename should keep the hash on both sides")
	}
}

// Editors save by writing a temporary file and renaming it over the original.
func TestRunEditorSaveIsOneModified(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	tmp := filepath.Join(dir, ".seed.xml.tmp1234")
	if err := os.WriteFile(tmp, workflowXML("seed", "edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "seed.xml")); err != nil {
		t.Fatal(err)
	}
	collect(t, ch, map[string]Kind{"seed.xml": Modified})
	barrier(t, dir, ch) // and nothing else: no Removed, no second Modified
}

// Vim-style save: move the original aside, write a new file, delete the backup.
func TestRunBackupSaveIsOneModified(t *testing.T) {
	dir, _, ch := seeded(t, func(c *Config) { c.Debounce = 300 * time.Millisecond })
	p := filepath.Join(dir, "seed.xml")
	if err := os.Rename(p, p+"~"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "seed.xml", workflowXML("seed", "vim"))
	if err := os.Remove(p + "~"); err != nil {
		t.Fatal(err)
	}
	collect(t, ch, map[string]Kind{"seed.xml": Modified})
	barrier(t, dir, ch)
}

func TestRunWatchesNewSubdirectories(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "sub/x.xml", workflowXML("x", "1"))
	collect(t, ch, map[string]Kind{"sub/x.xml": Added})
	writeFile(t, dir, "sub/x.xml", workflowXML("x", "2"))
	collect(t, ch, map[string]Kind{"sub/x.xml": Modified})

	// A whole tree at once: files land before their directories' watches exist.
	writeFile(t, dir, "deep/er/still/y.xml", workflowXML("y", "1"))
	collect(t, ch, map[string]Kind{"deep/er/still/y.xml": Added})
	writeFile(t, dir, "deep/er/still/y.xml", workflowXML("y", "2"))
	collect(t, ch, map[string]Kind{"deep/er/still/y.xml": Modified})
}

func TestRunMovedAndRemovedDirectories(t *testing.T) {
	dir, _, ch := seeded(t, nil)
	writeFile(t, dir, "sub/in/a.xml", workflowXML("a", "1"))
	writeFile(t, dir, "sub/b.xml", workflowXML("b", "1"))
	collect(t, ch, map[string]Kind{"sub/in/a.xml": Added, "sub/b.xml": Added})

	if err := os.Rename(filepath.Join(dir, "sub"), filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	collect(t, ch, map[string]Kind{"sub/in/a.xml": Removed, "sub/b.xml": Removed,
		"moved/in/a.xml": Added, "moved/b.xml": Added})
	// The nested directory's watch must now report its new path.
	writeFile(t, dir, "moved/in/a.xml", workflowXML("a", "2"))
	collect(t, ch, map[string]Kind{"moved/in/a.xml": Modified})

	if err := os.RemoveAll(filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	collect(t, ch, map[string]Kind{"moved/in/a.xml": Removed, "moved/b.xml": Removed})
}

// With the watcher off, the periodic rescan alone finds changes.
func TestRunPollOnlyRescanCatchesChanges(t *testing.T) {
	dir, _, ch := seeded(t, func(c *Config) { c.PollOnly = true; c.Rescan = 20 * time.Millisecond })
	writeFile(t, dir, "seed.xml", workflowXML("seed", "changed, longer than before"))
	collect(t, ch, map[string]Kind{"seed.xml": Modified})
	writeFile(t, dir, "sub/new.xml", workflowXML("new", "1"))
	collect(t, ch, map[string]Kind{"sub/new.xml": Added})
}

func TestRescanNow(t *testing.T) {
	dir, s, ch := seeded(t, func(c *Config) { c.PollOnly = true })
	writeFile(t, dir, "b.xml", workflowXML("b", "1"))
	s.RescanNow()
	collect(t, ch, map[string]Kind{"b.xml": Added})
}

func TestRunTwiceIsRefused(t *testing.T) {
	_, s, _ := seeded(t, nil)
	if err := s.Run(context.Background(), func(Change) {}); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Run = %v, want ErrRunning", err)
	}
}

// Batches are delivered whole and sorted.
func TestRunBatchesDeliversSortedBatches(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"c.xml", "a/b.xml", "a.xml", "b.xml"} {
		writeFile(t, dir, rel, workflowXML("w", rel))
	}
	s := newTestScanner(t, dir, nil)
	ctx, cancel := context.WithCancel(context.Background())
	batches := make(chan []Change, 1)
	done := make(chan error, 1)
	go func() { done <- s.RunBatches(ctx, func(b []Change) { batches <- b }) }()
	select {
	case b := <-batches:
		if got := summary(b); got != "added a.xml\nadded a/b.xml\nadded b.xml\nadded c.xml\n" {
			t.Fatalf("first batch:\n%s", got)
		}
	case <-time.After(waitLimit):
		t.Fatal("no first batch")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunBatches returned %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("RunBatches did not return after its context ended")
	}
}

// Dir moved away and back while Run runs is an outage: nothing is reported removed, and
// watching resumes after a rescan.
func TestRunVanishedDirIsNotARemoval(t *testing.T) {
	dir, s, ch := seeded(t, nil)
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	s.RescanNow() // finds no Dir: must report nothing
	if err := os.Rename(dir+".away", dir); err != nil {
		t.Fatal(err)
	}
	s.RescanNow()
	writeFile(t, dir, "seed.xml", workflowXML("seed", "after the outage"))
	collect(t, ch, map[string]Kind{"seed.xml": Modified}) // fails on any Removed before it
}

// A link's target outside Dir causes no event in Dir; the rescan re-reads failed files.
func TestRunDanglingLinkHealsOnRescan(t *testing.T) {
	dir, s, ch := seeded(t, nil)
	outside := t.TempDir()
	mustSymlink(t, filepath.Join(outside, "wf.xml"), filepath.Join(dir, "link.xml"))
	c := collect(t, ch, map[string]Kind{"link.xml": Added})["link.xml"]
	if errs := c.Definition.Problems.Errors(); len(errs) != 1 || errs[0].Code != CodeReadError {
		t.Fatalf("dangling link: %v", c.Definition.Problems)
	}
	writeFile(t, outside, "wf.xml", workflowXML("linked", "1"))
	s.RescanNow()
	c = collect(t, ch, map[string]Kind{"link.xml": Modified})["link.xml"]
	if c.Definition.Problems.HasErrors() || c.Definition.Name() != "linked" {
		t.Fatalf("after the target appeared: %v", c.Definition.Problems)
	}
}

// An empty directory still yields a first (empty) batch: a server waits for it to be ready.
func TestRunBatchesDeliversEmptyFirstBatch(t *testing.T) {
	s := newTestScanner(t, t.TempDir(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan []Change, 1)
	go func() { _ = s.RunBatches(ctx, func(b []Change) { batches <- b }) }()
	select {
	case b := <-batches:
		if len(b) != 0 {
			t.Fatalf("first batch of an empty directory: %s", summary(b))
		}
	case <-time.After(waitLimit):
		t.Fatal("no first batch for an empty directory")
	}
}
