//go:build unix

package scan

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestUnreadableFileIsAReadError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode; see TestFIFOIsAReadError and TestSymlinks")
	}
	dir := t.TempDir()
	writeFile(t, dir, "secret.xml", workflowXML("secret", "1"))
	p := filepath.Join(dir, "secret.xml")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	if len(got) != 1 || got[0].Kind != Added || got[0].Definition.Problems.Errors()[0].Code != CodeReadError {
		t.Fatalf("got %+v", got)
	}
	if msg := got[0].Definition.Problems[0].Message; !strings.Contains(msg, "permission denied") || strings.Contains(msg, dir) {
		t.Fatalf("message %q should give the cause and not the absolute path", msg)
	}
	// Fixing the mode changes neither size nor mtime: the rescan re-reads failed files.
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	got = s.ScanOnce()
	if summary(got) != "modified secret.xml\n" || got[0].Definition.Problems.HasErrors() {
		t.Fatalf("after chmod: %+v", got)
	}
}

// A FIFO named *.xml must not block the scanner (opening it would wait for a writer).
func TestFIFOIsAReadError(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.xml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	s := newTestScanner(t, dir, nil)
	got := s.ScanOnce()
	if len(got) != 1 || got[0].Definition.Problems.Errors()[0].Code != CodeReadError ||
		!strings.Contains(got[0].Definition.Problems[0].Message, "not a regular file") {
		t.Fatalf("got %+v", got)
	}
}

func TestUnlistableDirectoryKeepsItsFiles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root lists directories whatever their mode")
	}
	dir := t.TempDir()
	writeFile(t, dir, "sub/a.xml", workflowXML("a", "1"))
	s := newTestScanner(t, dir, nil)
	s.ScanOnce()
	sub := filepath.Join(dir, "sub")
	if err := os.Chmod(sub, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(sub, 0o755) })
	if got := s.ScanOnce(); len(got) != 0 {
		t.Fatalf("unlistable directory reported:\n%s", summary(got))
	}
}
