package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorflow/actorflow/workflows"
)

func TestNewRejectsMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "xmlconfig")
	_, err := New(Config{Dir: dir})
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("New(missing) = %v; want a not-exist error naming %s", err, dir)
	}
	if _, statErr := os.Stat(dir); !errors.Is(statErr, fs.ErrNotExist) {
		t.Fatalf("New created the directory (stat: %v)", statErr)
	}
}

func TestNewRejectsFileAndEmpty(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	writeFile(t, filepath.Dir(f), "file", nil)
	if _, err := New(Config{Dir: f}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("New(file) = %v", err)
	}
	if _, err := New(Config{}); err == nil {
		t.Fatal("New with no Dir succeeded")
	}
}

func TestFirstScanReportsEveryWorkflowFileAdded(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"b.xml", "a/z.xml", "a.xml", "a/b/c.XML", "统计.xml"} {
		writeFile(t, dir, rel, workflowXML("w", rel))
	}
	for _, rel := range []string{".hidden.xml", ".git/x.xml", "a/.#a.xml", "a.xml~", "a.xml.swp",
		"a.bak", "notes.txt", "sub/.cache/y.xml"} {
		writeFile(t, dir, rel, []byte("ignored"))
	}
	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	want := "added a.xml\nadded a/b/c.XML\nadded a/z.xml\nadded b.xml\nadded 统计.xml\n"
	if summary(got) != want {
		t.Fatalf("first scan:\n%swant:\n%s", summary(got), want)
	}
	for _, c := range got {
		data, _ := os.ReadFile(filepath.Join(dir, c.Path))
		sum := sha256.Sum256(data)
		if c.Hash != hex.EncodeToString(sum[:]) || string(c.Data) != string(data) {
			t.Errorf("%s: hash or data do not match the file", c.Path)
		}
		if c.Definition == nil || c.Definition.Source != c.Path || c.Definition.Problems.HasErrors() {
			t.Errorf("%s: definition %+v", c.Path, c.Definition)
		}
		if c.At.IsZero() {
			t.Errorf("%s: no At", c.Path)
		}
	}
	if again := s.ScanOnce(); len(again) != 0 {
		t.Fatalf("second scan of an unchanged tree:\n%s", summary(again))
	}
}

func TestChangesAreFoundByContent(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.xml", workflowXML("a", "one"))
	writeFile(t, dir, "b.xml", workflowXML("b", "one"))
	s := newTestScanner(t, dir, nil)
	first := s.ScanOnce()

	// Same bytes, newer mtime: the pre-check fails, the hash matches, nothing to report.
	writeFile(t, dir, "a.xml", workflowXML("a", "one"))
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "b.xml"), later, later); err != nil {
		t.Fatal(err)
	}
	if got := s.ScanOnce(); len(got) != 0 {
		t.Fatalf("rewrite with the same bytes reported:\n%s", summary(got))
	}

	writeFile(t, dir, "a.xml", workflowXML("a", "two"))
	got := s.ScanOnce()
	if summary(got) != "modified a.xml\n" || got[0].Hash == first[0].Hash || !strings.Contains(string(got[0].Data), "two") {
		t.Fatalf("after a modification:\n%s", summary(got))
	}

	if err := os.Remove(filepath.Join(dir, "b.xml")); err != nil {
		t.Fatal(err)
	}
	got = s.ScanOnce()
	if summary(got) != "removed b.xml\n" || got[0].Hash != first[1].Hash || got[0].Data != nil || got[0].Definition != nil {
		t.Fatalf("after a removal: %+v", got)
	}
}

// akkaflow keyed files by base name, so two wf.xml in different directories overwrote each
// other's entry and were reloaded on every scan.
func TestSameBaseNameInTwoDirectoriesAreDistinct(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x/wf.xml", workflowXML("x", "1"))
	writeFile(t, dir, "y/wf.xml", workflowXML("y", "1"))
	s := newTestScanner(t, dir, nil)
	if got := summary(s.ScanOnce()); got != "added x/wf.xml\nadded y/wf.xml\n" {
		t.Fatalf("first scan:\n%s", got)
	}
	writeFile(t, dir, "y/wf.xml", workflowXML("y", "2"))
	if got := summary(s.ScanOnce()); got != "modified y/wf.xml\n" {
		t.Fatalf("after changing y/wf.xml:\n%s", got)
	}
}

// The periodic rescan trusts an unchanged size and mtime; an event-driven check reads anyway.
func TestRescanPrecheckAndEventCheck(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.xml")
	writeFile(t, dir, "a.xml", workflowXML("a", "one"))
	s := newTestScanner(t, dir, nil)
	s.ScanOnce()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "a.xml", workflowXML("a", "two")) // same size
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := s.ScanOnce(); len(got) != 0 {
		t.Fatalf("rescan read a file whose size and mtime did not change:\n%s", summary(got))
	}
	if got := summary(s.checkPaths([]string{"a.xml"})); got != "modified a.xml\n" {
		t.Fatalf("event check:\n%s", got)
	}
}

func TestParseErrorsAreReportedNotSwallowed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "bad.xml", []byte("<work-flow name=\"bad\"><start"))
	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	if summary(got) != "added bad.xml\n" || !got[0].Definition.Problems.HasErrors() || got[0].Hash == "" {
		t.Fatalf("broken file: %+v", got)
	}
	if p := got[0].Definition.Problems.Errors()[0]; p.Pos.File != "bad.xml" {
		t.Fatalf("problem not located in the file: %v", p)
	}
	writeFile(t, dir, "bad.xml", workflowXML("bad", "fixed"))
	got = s.ScanOnce()
	if summary(got) != "modified bad.xml\n" || got[0].Definition.Problems.HasErrors() {
		t.Fatalf("after the fix: %+v", got)
	}
}

func TestLoadPanicBecomesAProblem(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.xml", []byte("<x/>"))
	s := newTestScanner(t, dir, func(c *Config) {
		c.Load = func(string, []byte) *workflows.Definition { panic("loader bug") }
	})
	got := s.ScanOnce()
	if len(got) != 1 || got[0].Definition.Problems.Errors()[0].Code != codeLoadPanic {
		t.Fatalf("got %+v", got)
	}
}

func TestFileOverTheLimitIsAReadError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "huge.xml", nil)
	if err := os.Truncate(filepath.Join(dir, "huge.xml"), MaxFileSize+1); err != nil { // sparse: fast
		t.Fatal(err)
	}
	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	if len(got) != 1 || got[0].Data != nil || got[0].Hash != "" || got[0].Definition.Problems.Errors()[0].Code != CodeReadError {
		t.Fatalf("got %+v", got)
	}
}

func TestSymlinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	writeFile(t, outside, "target.xml", workflowXML("linked", "1"))
	writeFile(t, outside, "sub/inside.xml", workflowXML("inside", "1"))
	mustSymlink(t, filepath.Join(outside, "target.xml"), filepath.Join(dir, "link.xml"))
	mustSymlink(t, filepath.Join(outside, "sub"), filepath.Join(dir, "linkdir"))
	mustSymlink(t, dir, filepath.Join(dir, "loop")) // would loop if followed
	mustSymlink(t, filepath.Join(outside, "sub"), filepath.Join(dir, "dir.xml"))
	mustSymlink(t, filepath.Join(outside, "missing.xml"), filepath.Join(dir, "dangling.xml"))

	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	if summary(got) != "added dangling.xml\nadded link.xml\n" {
		t.Fatalf("got:\n%s", summary(got))
	}
	if p := got[0].Definition.Problems.Errors(); len(p) != 1 || p[0].Code != CodeReadError {
		t.Fatalf("dangling link: %v", p)
	}
	if got[1].Definition.Name() != "linked" {
		t.Fatalf("link.xml was not followed: %+v", got[1].Definition)
	}

	// A read error is not repeated while it lasts, and is re-checked on every rescan.
	if again := s.ScanOnce(); len(again) != 0 {
		t.Fatalf("same failure reported again:\n%s", summary(again))
	}
	writeFile(t, outside, "missing.xml", workflowXML("now-there", "1"))
	got = s.ScanOnce()
	if summary(got) != "modified dangling.xml\n" || got[0].Definition.Problems.HasErrors() {
		t.Fatalf("after the target appeared: %+v", got)
	}
}

// A vanished Dir is an outage: nothing is reported removed, and the files come back as they
// were.
func TestVanishedDirIsNotARemoval(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "xmlconfig")
	writeFile(t, dir, "a.xml", workflowXML("a", "1"))
	s := newTestScanner(t, dir, nil)
	s.ScanOnce()
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	if got := s.ScanOnce(); len(got) != 0 {
		t.Fatalf("missing Dir reported:\n%s", summary(got))
	}
	if err := os.Rename(dir+".away", dir); err != nil {
		t.Fatal(err)
	}
	if got := s.ScanOnce(); len(got) != 0 {
		t.Fatalf("restored Dir reported:\n%s", summary(got))
	}
}

// Many files, many workers: one batch, sorted, every file once.
func TestLargeBatchIsSortedAndComplete(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("d%d/wf_%03d.xml", i%7, i), workflowXML(fmt.Sprintf("wf_%d", i), "x"))
	}
	s := newTestScanner(t, dir, func(c *Config) { c.Workers = 8 })
	got := s.ScanOnce()
	if len(got) != n {
		t.Fatalf("got %d changes, want %d", len(got), n)
	}
	for i := 1; i < n; i++ {
		if got[i-1].Path >= got[i].Path {
			t.Fatalf("not sorted at %d: %s >= %s", i, got[i-1].Path, got[i].Path)
		}
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}
